import type { IpPermission, SecurityGroup, StaleIpPermission, UserIdGroupPair } from '@aws-sdk/client-ec2';
import { defineRule, outcomesOf, failed, passed } from '../../engine/rule';
import type { SnapshotIndex } from '../../engine/snapshot-index';
import { memoized, memoizedWeak } from '../../memo';
import { describeTraffic, permissionTraffic } from '../../net/permissions';
import { notCollectedFor, partsMissingFor } from '../partial-data';
import type { Direction } from './describe';

/** One rule that points at something gone, and why it is known to be gone. */
interface StaleReference {
  /** Same direction, traffic and referenced group: the same rule, whichever source reported it. */
  key: string;
  rule: string;
  reason: string;
}

/** Peering states in which a rule referencing a group across the peering can no longer work. */
const GONE_PEERING = new Set(['deleted', 'rejected', 'failed', 'expired']);

/** `sg-1`, or `sg-9 (account 111122223333, vpc-9 via pcx-1)` when the group lives elsewhere. */
function describePair(pair: UserIdGroupPair, group: SecurityGroup, accountId: string): string {
  const where: string[] = [];
  if (pair.UserId && pair.UserId !== accountId) where.push(`account ${pair.UserId}`);
  const vpc = pair.VpcId && pair.VpcId !== group.VpcId ? pair.VpcId : undefined;
  const peering = pair.VpcPeeringConnectionId ? `via ${pair.VpcPeeringConnectionId}` : undefined;
  const path = [vpc, peering].filter(Boolean).join(' ');
  if (path) where.push(path);
  const name = pair.GroupId ?? pair.GroupName ?? '?';
  return where.length > 0 ? `${name} (${where.join(', ')})` : name;
}

function reference(
  direction: Direction,
  permission: Pick<IpPermission, 'IpProtocol' | 'FromPort' | 'ToPort'>,
  pair: UserIdGroupPair | undefined,
  group: SecurityGroup,
  accountId: string,
  reason: string,
): StaleReference {
  const traffic = describeTraffic(permissionTraffic(permission));
  const target = pair
    ? ` ${direction === 'inbound' ? 'from' : 'to'} ${describePair(pair, group, accountId)}`
    : '';
  return {
    key: `${direction}|${traffic}|${pair?.GroupId ?? pair?.GroupName ?? ''}`,
    rule: `${direction} ${traffic}${target}`,
    reason,
  };
}

/** What DescribeStaleSecurityGroups reported for the group: AWS knows about peerings we cannot see. */
function reportedStale(index: SnapshotIndex, group: SecurityGroup): StaleReference[] {
  const out: StaleReference[] = [];
  const add = (direction: Direction, permissions: StaleIpPermission[] | undefined) => {
    for (const permission of permissions ?? []) {
      const pairs = permission.UserIdGroupPairs ?? [];
      if (pairs.length === 0) {
        out.push(
          reference(direction, permission, undefined, group, index.accountId, 'reported stale by AWS'),
        );
      }
      for (const pair of pairs) {
        const reason = pair.VpcPeeringConnectionId
          ? `reported stale by AWS: group or peering ${pair.VpcPeeringConnectionId} gone${pair.PeeringStatus ? `, peering ${pair.PeeringStatus}` : ''}`
          : 'reported stale by AWS: the referenced group is gone';
        out.push(reference(direction, permission, pair, group, index.accountId, reason));
      }
    }
  };
  for (const stale of staleEntriesOf(index, group.GroupId)) {
    add('inbound', stale.StaleIpPermissions);
    add('outbound', stale.StaleIpPermissionsEgress);
  }
  return out;
}

type StaleGroup = SnapshotIndex['snapshot']['staleSecurityGroups'][number];
const staleByIndex = new WeakMap<SnapshotIndex, Map<string | undefined, StaleGroup[]>>();

/** The stale-group entries AWS reported for one group, indexed once per audit (not scanned per group). */
function staleEntriesOf(index: SnapshotIndex, groupId: string | undefined): readonly StaleGroup[] {
  const byGroup = memoizedWeak(staleByIndex, index, () => {
    const out = new Map<string | undefined, StaleGroup[]>();
    for (const stale of index.snapshot.staleSecurityGroups)
      memoized(out, stale.GroupId, () => []).push(stale);
    return out;
  });
  return byGroup.get(groupId) ?? [];
}

/**
 * Can the snapshot tell that a group in `vpcId` does not exist? Only when that VPC's groups were collected
 * completely: the group's own VPC, or another VPC of this region that the collection covered.
 */
function groupsKnownIn(
  index: SnapshotIndex,
  vpcId: string | undefined,
  ownVpcId: string | undefined,
): boolean {
  if (!vpcId || !index.hasPartFor('securityGroups', vpcId)) return false;
  if (vpcId === ownVpcId) return true;
  const scope = index.snapshot.scope?.vpcIds;
  return index.vpcs.has(vpcId) && (!scope || scope.includes(vpcId));
}

/** Rules naming a group that the snapshot proves gone, or a peering the snapshot shows gone. */
function danglingReferences(index: SnapshotIndex, group: SecurityGroup): StaleReference[] {
  const out: StaleReference[] = [];
  const check = (direction: Direction, permissions: IpPermission[] | undefined) => {
    for (const permission of permissions ?? []) {
      for (const pair of permission.UserIdGroupPairs ?? []) {
        const peering = pair.VpcPeeringConnectionId
          ? index.peerings.get(pair.VpcPeeringConnectionId)
          : undefined;
        const peeringState = peering?.Status?.Code;
        if (peeringState && GONE_PEERING.has(peeringState)) {
          const reason = `peering ${pair.VpcPeeringConnectionId} is ${peeringState}`;
          out.push(reference(direction, permission, pair, group, index.accountId, reason));
          continue;
        }
        // Another account's groups are never in this snapshot, and a group named only by GroupName cannot
        // be looked up: neither can be proven gone from here.
        if (!pair.GroupId || (pair.UserId !== undefined && pair.UserId !== index.accountId)) continue;
        if (!groupsKnownIn(index, pair.VpcId ?? group.VpcId, group.VpcId)) continue;
        if (!index.securityGroups.has(pair.GroupId)) {
          const reason = `${pair.GroupId} no longer exists`;
          out.push(reference(direction, permission, pair, group, index.accountId, reason));
        }
      }
    }
  };
  check('inbound', group.IpPermissions);
  check('outbound', group.IpPermissionsEgress);
  return out;
}

export const staleSecurityGroupReference = defineRule({
  id: 'SG.7',
  title: 'Security group rule references a deleted group or a gone peering',
  description:
    'A rule whose referenced security group was deleted, or whose VPC peering connection is gone, no longer ' +
    'allows anything. The traffic it was written for fails silently, and the rule misleads whoever reads the ' +
    'group to debug it.',
  severity: 'MEDIUM',
  resourceType: 'AwsEc2SecurityGroup',
  category: 'hygiene',
  requires: ['securityGroups', 'staleSecurityGroups'],
  remediation: {
    text:
      'Delete the stale rules. If the traffic is still needed, recreate the rule against the replacement ' +
      'security group, or re-establish the VPC peering connection and reference the peer group again. ' +
      'aws ec2 describe-stale-security-groups --vpc-id lists them per VPC.',
    url: 'https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html',
  },
  references: [],
  evaluate(index) {
    return outcomesOf(index.snapshot.securityGroups, (group) => {
      const id = group.GroupId!;
      // DescribeStaleSecurityGroups is called per VPC: without its answer a peered reference may be stale.
      const missing = partsMissingFor(index, ['staleSecurityGroups'], group.VpcId);
      if (missing.length > 0) return notCollectedFor(index, id, missing, group.VpcId);
      const found = [...reportedStale(index, group), ...danglingReferences(index, group)];
      if (found.length === 0) {
        return passed(id, 'No rule references a deleted security group or a gone peering connection');
      }
      const seen = new Set<string>();
      const stale = found.filter((ref) => {
        if (seen.has(ref.key)) return false;
        seen.add(ref.key);
        return true;
      });
      const rules = stale.map((ref) => `${ref.rule} (${ref.reason})`);
      const count = rules.length === 1 ? '1 stale rule' : `${rules.length} stale rules`;
      return failed(id, `${group.GroupName ?? id} has ${count}: ${rules.join('; ')}`, {
        evidence: { staleRules: rules },
      });
    });
  },
});
