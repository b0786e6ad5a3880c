import type { Instance } from '@aws-sdk/client-ec2';
import { notEvaluated, passed, type Outcome } from '../../engine/rule';
import type { BrokenPath } from '../../reachability/diagnose';
import type { InstanceEgress } from '../../reachability/instance';

/**
 * Either the outcome NET.2 and NET.3 share (no verdict to judge) or the verdict each rule judges: the
 * broken path, or none when the path works.
 */
export type EgressCase = { outcome: Outcome } | { path: BrokenPath | undefined; intent: string | undefined };

export function egressCase(instance: Instance, egress: InstanceEgress): EgressCase {
  const id = instance.InstanceId!;
  switch (egress.kind) {
    case 'not-running':
      // A terminated instance will never send again: passing resolves its old findings.
      if (egress.state === 'terminated' || egress.state === 'shutting-down')
        return { outcome: passed(id, `${id} is ${egress.state}`) };
      return {
        outcome: notEvaluated(id, `${id} is ${egress.state}: egress is evaluated only for running instances`),
      };
    case 'no-interface':
      return { outcome: notEvaluated(id, `${id} has no network interface in the snapshot`) };
    case 'unverifiable':
      return { outcome: notEvaluated(id, `${id}: TCP 443 egress ${egress.leaves ?? 'leaves the VPC'}`) };
    case 'works':
      return { path: undefined, intent: egress.intent };
    case 'broken':
      return { path: egress.path, intent: egress.intent };
  }
}

/** `broken at step 4 (route table): rtb-2 has no route ... Fix: ...`, the exact first broken hop. */
export function brokenHopText(path: BrokenPath): string {
  const hop = path.brokenHop;
  return `broken at step ${hop.step} (${hop.name}): ${hop.message}`;
}

export function brokenEvidence(path: BrokenPath): Record<string, string | number> {
  const hop = path.brokenHop;
  return {
    interface: path.interfaceId,
    ...(path.subnetId ? { subnet: path.subnetId } : {}),
    step: hop.step,
    hop: hop.hop,
    brokenHop: hop.message,
    ...(hop.fix ? { fix: hop.fix } : {}),
  };
}
