import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import { defineRule, failed, outcomesOf, passed } from '../../engine/rule';
import { memoized } from '../../memo';
import { notCollectedFor, partsMissingFor } from '../partial-data';
import { isDefaultGroup } from './describe';
import { listSome } from '../text';

/**
 * Which groups name each of `unused` in their rules: such a group cannot be deleted until they stop. Only
 * the unused groups are looked for (most groups are in use, and a region's cross-references run to hundreds
 * of thousands), and the referrers are sorted only when reported.
 */
function referencingGroups(
  groups: readonly SecurityGroup[],
  unused: ReadonlySet<string>,
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (unused.size === 0) return out;
  const add = (permissions: readonly IpPermission[] | undefined, groupId: string) => {
    for (const permission of permissions ?? []) {
      for (const pair of permission.UserIdGroupPairs ?? []) {
        if (!pair.GroupId || pair.GroupId === groupId || !unused.has(pair.GroupId)) continue;
        memoized(out, pair.GroupId, () => new Set<string>()).add(groupId);
      }
    }
  };
  for (const group of groups) {
    if (!group.GroupId) continue;
    add(group.IpPermissions, group.GroupId);
    add(group.IpPermissionsEgress, group.GroupId);
  }
  return out;
}

export const unusedSecurityGroup = defineRule({
  id: 'SG.6',
  title: 'Security group is attached to no network interface',
  description:
    'An unused security group is clutter that hides the groups that matter, and a ready-made set of rules ' +
    'that someone may attach later without reviewing what it allows.',
  severity: 'LOW',
  resourceType: 'AwsEc2SecurityGroup',
  category: 'hygiene',
  requires: ['securityGroups', 'networkInterfaces'],
  remediation: {
    text:
      'Confirm the group is not kept for a planned deployment or referenced by infrastructure code, remove ' +
      'any references to it from other groups, then delete it (aws ec2 delete-security-group --group-id ...).',
    url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-22',
  },
  references: ['Security Hub EC2.22'],
  evaluate(index) {
    // Default groups cannot be deleted, so they are not looked at.
    const candidates = index.snapshot.securityGroups.filter((group) => !isDefaultGroup(group));
    const attached = candidates.map((group) => index.interfacesOfGroup(group.GroupId ?? ''));
    const unused = new Set<string>();
    candidates.forEach((group, position) => {
      if (group.GroupId && attached[position]!.length === 0) unused.add(group.GroupId);
    });
    const referencedBy = referencingGroups(index.snapshot.securityGroups, unused);
    return outcomesOf(candidates, (group, position) => {
      const id = group.GroupId!;
      const missing = partsMissingFor(index, ['networkInterfaces'], group.VpcId);
      if (missing.length > 0) return notCollectedFor(index, id, missing, group.VpcId);
      const interfaces = attached[position]!.map((eni) => eni.NetworkInterfaceId ?? '?');
      if (interfaces.length > 0) {
        return passed(id, `Attached to ${listSome(interfaces)}`, { evidence: { interfaces } });
      }
      const referrers = [...(referencedBy.get(id) ?? [])].sort();
      const note =
        referrers.length > 0
          ? `; ${listSome(referrers)} reference${referrers.length === 1 ? 's' : ''} it in rules, which must be removed before it can be deleted`
          : '';
      return failed(id, `${group.GroupName ?? id} is attached to no network interface${note}`, {
        evidence: { referencedBy: referrers },
      });
    });
  },
});
