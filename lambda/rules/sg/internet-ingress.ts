import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import type { PortSpec } from '../../config/ports';
import { describeTraffic, internetSources, openedPorts, permissionTraffic } from '../../net/permissions';
import { PortSet } from '../../net/ports';

/** One ingress permission of a group that admits the internet, and exactly what it opens. */
export interface InternetPermission {
  permission: IpPermission;
  /** 0.0.0.0/0 and/or ::/0 as named in the permission. */
  sources: string[];
}

export function internetIngress(group: SecurityGroup): InternetPermission[] {
  const out: InternetPermission[] = [];
  for (const permission of group.IpPermissions ?? []) {
    const sources = internetSources(permission);
    if (sources.length > 0) out.push({ permission, sources });
  }
  return out;
}

/** The ports of `spec` that one permission opens, per protocol (empty sets when none). */
export function portsOpened(permission: IpPermission, spec: PortSpec): { tcp: PortSet; udp: PortSet } {
  const traffic = permissionTraffic(permission);
  return { tcp: openedPorts(traffic, 'tcp', spec.tcp), udp: openedPorts(traffic, 'udp', spec.udp) };
}

/** `TCP 22 from 0.0.0.0/0 (opens TCP 22)` style text for a permission that hits ports of concern. */
export function describeHit(hit: InternetPermission, opened: { tcp: PortSet; udp: PortSet }): string {
  const parts: string[] = [];
  if (!opened.tcp.isEmpty()) parts.push(`TCP ${opened.tcp.toString()}`);
  if (!opened.udp.isEmpty()) parts.push(`UDP ${opened.udp.toString()}`);
  return `${describeTraffic(permissionTraffic(hit.permission))} from ${hit.sources.join(', ')} (opens ${parts.join(', ')})`;
}
