import type { IpPermission } from '@aws-sdk/client-ec2';
import { PortSet } from './ports';
import { hasPorts, normalizeProtocol, protocolLabel, type Protocol } from './protocol';

/** What a security group permission lets through: one protocol (or all) and, for TCP/UDP, its ports. */
export interface Traffic {
  protocol: Protocol;
  ports: PortSet;
}

export function permissionTraffic(permission: IpPermission): Traffic {
  const protocol = normalizeProtocol(permission.IpProtocol);
  if (!hasPorts(protocol)) return { protocol, ports: PortSet.ALL };
  const from = permission.FromPort;
  const to = permission.ToPort;
  // AWS reports "all ports" for TCP/UDP either as 0-65535 or, in older shapes, as missing/-1 bounds.
  if (from === undefined || from === -1 || to === undefined || to === -1)
    return { protocol, ports: PortSet.ALL };
  return { protocol, ports: PortSet.range(from, to) };
}

/** Every source a permission names, for messages: CIDRs, groups and prefix lists. */
export function permissionSources(permission: IpPermission): string[] {
  return [
    ...(permission.IpRanges ?? []).map((r) => r.CidrIp ?? '?'),
    ...(permission.Ipv6Ranges ?? []).map((r) => r.CidrIpv6 ?? '?'),
    ...(permission.UserIdGroupPairs ?? []).map((p) => p.GroupId ?? p.GroupName ?? '?'),
    ...(permission.PrefixListIds ?? []).map((p) => p.PrefixListId ?? '?'),
  ];
}

/** `TCP 22`, `TCP 0-65535`, `UDP 53`, `all traffic`, `ICMP`. */
export function describeTraffic(traffic: Traffic): string {
  if (!hasPorts(traffic.protocol)) return protocolLabel(traffic.protocol);
  return `${protocolLabel(traffic.protocol)} ${traffic.ports.isAll() ? '0-65535' : traffic.ports.toString()}`;
}

/** `TCP 22 from 0.0.0.0/0, ::/0` — the exact permission a finding is about. */
export function describePermission(
  permission: IpPermission,
  sources: readonly string[] = permissionSources(permission),
): string {
  const traffic = describeTraffic(permissionTraffic(permission));
  return sources.length > 0 ? `${traffic} from ${sources.join(', ')}` : traffic;
}

/** Ports of `wanted` (TCP/UDP port sets) that a permission's traffic opens. */
export function openedPorts(traffic: Traffic, protocol: 'tcp' | 'udp', wanted: PortSet): PortSet {
  if (traffic.protocol === 'all') return wanted;
  if (traffic.protocol !== protocol) return PortSet.EMPTY;
  return traffic.ports.intersect(wanted);
}
