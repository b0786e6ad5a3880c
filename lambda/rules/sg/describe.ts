import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import { describeTraffic, permissionSources, permissionTraffic } from '../../net/permissions';

export type Direction = 'inbound' | 'outbound';

/** `inbound TCP 22 from 0.0.0.0/0` or `outbound all traffic to sg-1`: one rule as the console lists it. */
export function describeRule(permission: IpPermission, direction: Direction): string {
  const traffic = describeTraffic(permissionTraffic(permission));
  const sources = permissionSources(permission);
  const preposition = direction === 'inbound' ? 'from' : 'to';
  return sources.length > 0
    ? `${direction} ${traffic} ${preposition} ${sources.join(', ')}`
    : `${direction} ${traffic}`;
}

/** A permission with no source or destination lets nothing through, whatever its protocol says. */
export function hasPeer(permission: IpPermission): boolean {
  return permissionSources(permission).length > 0;
}

/** Every rule of a group that lets some traffic through, inbound first, described. */
export function describeRules(group: SecurityGroup): string[] {
  return [
    ...(group.IpPermissions ?? []).filter(hasPeer).map((p) => describeRule(p, 'inbound')),
    ...(group.IpPermissionsEgress ?? []).filter(hasPeer).map((p) => describeRule(p, 'outbound')),
  ];
}

/**
 * The VPC's default group: AWS names it `default` and it cannot be renamed or deleted, and no other group
 * in a VPC may take that name.
 */
export function isDefaultGroup(group: SecurityGroup): boolean {
  return group.GroupName === 'default';
}
