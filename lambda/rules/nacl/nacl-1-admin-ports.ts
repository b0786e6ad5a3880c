import type { NetworkAcl, NetworkAclEntry } from '@aws-sdk/client-ec2';
import { describePortSpec, type PortSpec } from '../../config/ports';
import { defineRule, failed, passed, type Outcome } from '../../engine/rule';
import type { SnapshotPart } from '../../snapshot/types';
import { evaluateNacl } from '../../net/nacl';
import { notEvaluatedInVpc } from '../partial-data';
import { describeNaclEntry } from './implicit-entries';

const REQUIRES: SnapshotPart[] = ['networkAcls'];

/** An allow entry that decides some admin ports for the internet, and which ones (e.g. `TCP 22, 3389`). */
interface AdmittingEntry {
  entry: NetworkAclEntry;
  opened: string[];
}

/**
 * First-match evaluation per IP version and protocol, so a lower-numbered deny (of the whole internet)
 * takes precedence over a later allow, exactly as AWS evaluates the list.
 */
export function admittingEntries(acl: NetworkAcl, spec: PortSpec): AdmittingEntry[] {
  const byEntry = new Map<NetworkAclEntry, AdmittingEntry>();
  for (const ipVersion of [4, 6] as const) {
    for (const protocol of ['tcp', 'udp'] as const) {
      const wanted = spec[protocol];
      if (wanted.isEmpty()) continue;
      const verdict = evaluateNacl(acl, { egress: false, protocol, ipVersion });
      for (const decision of verdict.decisions) {
        const opened = decision.ports.intersect(wanted);
        if (decision.action !== 'allow' || opened.isEmpty()) continue;
        const hit = byEntry.get(decision.entry) ?? { entry: decision.entry, opened: [] };
        hit.opened.push(`${protocol.toUpperCase()} ${opened.toString()}`);
        byEntry.set(decision.entry, hit);
      }
    }
  }
  return [...byEntry.values()];
}

function describeHit(hit: AdmittingEntry): string {
  return `${describeNaclEntry(hit.entry)} (admits ${hit.opened.join(', ')})`;
}

export const naclAdminPortsOpenToInternet = defineRule({
  id: 'NACL.1',
  title: 'Network ACL allows an admin port from the internet',
  description:
    'A network ACL entry that lets 0.0.0.0/0 or ::/0 reach SSH or RDP removes a layer of defence: any ' +
    'security group that opens the port by mistake exposes it to the whole internet.',
  severity: 'MEDIUM',
  resourceType: 'AwsEc2NetworkAcl',
  category: 'exposure',
  requires: REQUIRES,
  remediation: {
    text:
      'Add a lower-numbered inbound entry that denies 0.0.0.0/0 and ::/0 on the admin ports, or narrow the ' +
      'allowing entries to your office or VPN CIDR. Use AWS Systems Manager Session Manager for shell access.',
    url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-21',
  },
  references: ['FSBP EC2.21', 'CIS 3.0 5.1'],
  evaluate(index, config) {
    const spec = config.adminPorts;
    return index.snapshot.networkAcls.map((acl): Outcome => {
      const id = acl.NetworkAclId!;
      const skipped = notEvaluatedInVpc(index, id, REQUIRES, acl.VpcId);
      if (skipped) return skipped;
      const hits = admittingEntries(acl, spec);
      if (hits.length === 0) {
        return passed(
          id,
          `No inbound entry admits the internet to an admin port (${describePortSpec(spec)})`,
        );
      }
      const text = hits.map(describeHit);
      return failed(id, `${id} admits the internet to admin ports: ${text.join('; ')}`, {
        evidence: { entries: text, ruleNumbers: hits.map((h) => String(h.entry.RuleNumber)) },
      });
    });
  },
});
