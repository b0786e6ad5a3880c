import type { IpPermission } from '@aws-sdk/client-ec2';
import type { PortSpec } from '../../config/ports';
import type { InternetPermission } from '../../net/internet-ingress';
import { describeTraffic, openedPorts, permissionTraffic } from '../../net/permissions';
import type { PortSet } from '../../net/ports';
import { hasPorts, protocolLabel, type Protocol } from '../../net/protocol';

/**
 * What one permission opens of the ports a rule cares about. `other` is set when the rule also counts a
 * protocol that has no ports (SG.4 counts everything but ICMP), or `all` for protocol -1.
 */
export interface Opened {
  tcp: PortSet;
  udp: PortSet;
  other?: Protocol;
}

/** Decides whether a protocol without ports (ICMP, ESP, GRE... or -1 itself) counts as an exposure. */
export type ProtocolPolicy = (protocol: Protocol) => boolean;

/** The ports of `spec` that one permission opens, per protocol (empty sets when none). */
export function portsOpened(
  permission: IpPermission,
  spec: PortSpec,
  countsProtocol: ProtocolPolicy = () => false,
): Opened {
  const traffic = permissionTraffic(permission);
  const opened: Opened = {
    tcp: openedPorts(traffic, 'tcp', spec.tcp),
    udp: openedPorts(traffic, 'udp', spec.udp),
  };
  if (!hasPorts(traffic.protocol) && countsProtocol(traffic.protocol)) opened.other = traffic.protocol;
  return opened;
}

export function isOpen(opened: Opened): boolean {
  return !opened.tcp.isEmpty() || !opened.udp.isEmpty() || opened.other !== undefined;
}

const portsText = (ports: PortSet): string => (ports.isAll() ? '0-65535' : ports.toString());

/** `TCP 22 from 0.0.0.0/0 (opens TCP 22)` style text for a permission that hits ports of concern. */
export function describeHit(hit: InternetPermission, opened: Opened): string {
  const parts: string[] = [];
  if (!opened.tcp.isEmpty()) parts.push(`TCP ${portsText(opened.tcp)}`);
  if (!opened.udp.isEmpty()) parts.push(`UDP ${portsText(opened.udp)}`);
  if (opened.other === 'all') parts.push('every other protocol');
  else if (opened.other) parts.push(`all ${protocolLabel(opened.other)} traffic`);
  return `${describeTraffic(permissionTraffic(hit.permission))} from ${hit.sources.join(', ')} (opens ${parts.join(', ')})`;
}
