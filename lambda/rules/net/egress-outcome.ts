import type { Instance } from '@aws-sdk/client-ec2';
import { notEvaluated, passed, type Outcome } from '../../engine/rule';
import type { Diagnosis } from '../../reachability';
import type { InstanceEgress } from '../../reachability/instance';

/**
 * Either the outcome NET.2 and NET.3 share (no verdict to judge) or the verdict each rule judges: the
 * diagnosis of a broken path, or none when the path works (passing instances never build one).
 */
export type EgressCase =
  { outcome: Outcome } | { diagnosis: Diagnosis | undefined; intent: string | undefined };

export function egressCase(instance: Instance, egress: InstanceEgress): EgressCase {
  const outcome = outcomeWithoutVerdict(instance, egress);
  if (outcome) return { outcome };
  if (egress.kind === 'works') return { diagnosis: undefined, intent: egress.intent };
  if (egress.kind === 'diagnosed') return { diagnosis: egress.diagnosis, intent: egress.intent };
  return { outcome: notEvaluated(instance.InstanceId!, 'no verdict') };
}

function outcomeWithoutVerdict(instance: Instance, egress: InstanceEgress): Outcome | undefined {
  const id = instance.InstanceId!;
  if (egress.kind === 'not-running') {
    // A terminated instance will never send again: passing resolves its old findings.
    if (egress.state === 'terminated' || egress.state === 'shutting-down')
      return passed(id, `${id} is ${egress.state}`);
    return notEvaluated(id, `${id} is ${egress.state}: egress is evaluated only for running instances`);
  }
  if (egress.kind === 'no-interface')
    return notEvaluated(id, `${id} has no network interface in the snapshot`);
  if (egress.kind === 'unverifiable') {
    return notEvaluated(id, `${id}: TCP 443 egress ${egress.leaves ?? 'leaves the VPC'}`);
  }
  return undefined;
}

/** `broken at step 4 (route table): rtb-2 has no route ... Fix: ...`, the exact first broken hop. */
export function brokenHopText(diagnosis: Diagnosis): string {
  const hop = diagnosis.brokenHop;
  if (!hop) return 'works';
  return `broken at step ${hop.step} (${hop.name}): ${hop.message}`;
}

export function brokenEvidence(diagnosis: Diagnosis): Record<string, string | number> {
  const hop = diagnosis.brokenHop;
  return {
    interface: diagnosis.interfaceId,
    ...(diagnosis.subnetId ? { subnet: diagnosis.subnetId } : {}),
    ...(hop ? { step: hop.step, hop: hop.hop, brokenHop: hop.message } : {}),
    ...(hop?.fix ? { fix: hop.fix } : {}),
  };
}
