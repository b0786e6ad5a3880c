import { defineRule, failed, passed, type Outcome } from '../../engine/rule';
import { orderedEntries } from '../../net/nacl';
import type { SnapshotPart } from '../../snapshot/types';
import { notEvaluatedInVpc } from '../partial-data';
import { shadowedEntries, type Shadowed } from './entry-coverage';
import { describeNaclEntry } from './implicit-entries';

const REQUIRES: SnapshotPart[] = ['networkAcls'];

function describeShadowed(s: Shadowed): string {
  const direction = s.entry.Egress ? 'outbound' : 'inbound';
  return `${direction} ${describeNaclEntry(s.entry)} is shadowed by ${s.by.map(describeNaclEntry).join(', ')}`;
}

export const naclShadowedEntries = defineRule({
  id: 'NACL.3',
  title: 'Network ACL entry can never match because lower-numbered entries cover it',
  description:
    'Network ACL entries are evaluated in ascending rule number and the first match wins. An entry whose ' +
    'traffic is entirely matched by lower-numbered entries never takes effect: an allow that was meant to ' +
    'open a port, or a deny that was meant to block an attacker, silently does nothing.',
  severity: 'LOW',
  resourceType: 'AwsEc2NetworkAcl',
  category: 'hygiene',
  requires: REQUIRES,
  remediation: {
    text:
      'Renumber the shadowed entry below the entries that cover it if it is meant to take effect, or delete ' +
      'it if it is redundant. Keep gaps between rule numbers so entries can be inserted later.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html',
  },
  references: [],
  evaluate(index, _config) {
    return index.snapshot.networkAcls.map((acl): Outcome => {
      const id = acl.NetworkAclId!;
      const skipped = notEvaluatedInVpc(index, id, REQUIRES, acl.VpcId);
      if (skipped) return skipped;
      const shadowed = [
        ...shadowedEntries(orderedEntries(acl, false)),
        ...shadowedEntries(orderedEntries(acl, true)),
      ];
      if (shadowed.length === 0) return passed(id, 'Every entry can match some traffic');
      const text = shadowed.map(describeShadowed);
      return failed(
        id,
        `${id} has ${shadowed.length} shadowed entr${shadowed.length === 1 ? 'y' : 'ies'}: ${text.join('; ')}`,
        {
          evidence: { entries: text },
        },
      );
    });
  },
});
