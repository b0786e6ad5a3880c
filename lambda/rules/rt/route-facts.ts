import type { Route, RouteTable, Subnet } from '@aws-sdk/client-ec2';
import { describeRoute, routeTarget, type SnapshotIndex } from '../../engine/snapshot-index';
import type { SnapshotPart } from '../../snapshot/types';

/*
 * Facts about routes and gateways that several route, NAT and gateway rules state in their findings.
 * Each helper returns words for a message, so two rules never describe the same problem differently.
 */

/**
 * Why a resource cannot be judged because a per-VPC collection failed (region-wide failures are the
 * engine's job). Undefined when every part was collected for every VPC involved.
 */
export function notCollected(
  index: SnapshotIndex,
  parts: readonly SnapshotPart[],
  vpcIds: readonly (string | undefined)[],
): string | undefined {
  const missing: string[] = [];
  for (const part of parts) {
    const lacking = [...new Set(vpcIds)].filter((vpc) => !index.hasPartFor(part, vpc));
    if (lacking.length > 0) missing.push(`${part} could not be collected for ${lacking.join(', ')}`);
  }
  return missing.length > 0 ? `Not evaluated: ${missing.join('; ')}` : undefined;
}

export function isMainTable(table: RouteTable): boolean {
  return (table.Associations ?? []).some((a) => a.Main === true);
}

/** `rtb-1 (explicitly associated)` or `rtb-1 (the VPC's main route table: no explicit association)`. */
export function tableOfSubnetLabel(index: SnapshotIndex, subnetId: string, table: RouteTable): string {
  const how = index.usesMainRouteTable(subnetId)
    ? "the VPC's main route table, used because the subnet has no explicit association"
    : 'explicitly associated';
  return `${table.RouteTableId} (${how})`;
}

export function isIpv6DefaultRoute(route: Route): boolean {
  return route.DestinationIpv6CidrBlock === '::/0';
}

/**
 * Why an internet gateway does not serve `vpcId`: unknown (deleted), detached, attached elsewhere, or
 * attached in a transitional state. Undefined when it is attached to that VPC.
 */
export function igwAttachmentProblem(index: SnapshotIndex, igwId: string, vpcId: string): string | undefined {
  if (index.isInternetGatewayAttachedTo(igwId, vpcId)) return undefined;
  const igw = index.internetGateways.get(igwId);
  if (!igw) return `${igwId} does not exist (deleted)`;
  const attachments = igw.Attachments ?? [];
  const own = attachments.find((a) => a.VpcId === vpcId);
  if (own) return `${igwId} is in state '${own.State ?? 'unknown'}' on ${vpcId}, not attached`;
  const elsewhere = [...index.vpcsOfInternetGateway(igwId)].sort();
  if (elsewhere.length > 0) return `${igwId} is attached to ${elsewhere.join(', ')}, not to ${vpcId}`;
  return `${igwId} is detached (attached to no VPC)`;
}

/**
 * Why a route table gives no IPv4 internet access: no `0.0.0.0/0` route, a blackhole, a default route
 * to something other than an internet gateway, or to one not attached to the table's VPC. Undefined when
 * the table has a working default route to an attached internet gateway.
 */
export function internetRouteGap(index: SnapshotIndex, table: RouteTable): string | undefined {
  const route = index.defaultRouteOf(table);
  if (!route) {
    const v6 = (table.Routes ?? []).find((r) => isIpv6DefaultRoute(r) && routeTarget(r).kind === 'igw');
    // An IPv6 default route does not carry IPv4 traffic, a common half-done dual-stack setup.
    const note = v6 ? ` (only the IPv6 route ${describeRoute(v6)}, which carries no IPv4 traffic)` : '';
    return `has no 0.0.0.0/0 route${note}`;
  }
  const target = routeTarget(route);
  if (route.State === 'blackhole') return `has a blackhole default route ${describeRoute(route)}`;
  if (target.kind !== 'igw') {
    return `sends its default route ${describeRoute(route)} to a ${targetKindName(target.kind)}, not an internet gateway`;
  }
  const problem = table.VpcId ? igwAttachmentProblem(index, target.id, table.VpcId) : 'belongs to no VPC';
  return problem ? `has the default route ${describeRoute(route)} but ${problem}` : undefined;
}

const TARGET_KIND_NAMES: Record<string, string> = {
  local: 'local target',
  igw: 'internet gateway',
  eigw: 'egress-only internet gateway',
  nat: 'NAT gateway',
  pcx: 'VPC peering connection',
  tgw: 'transit gateway',
  vgw: 'virtual private gateway',
  vpce: 'VPC endpoint',
  eni: 'network interface',
  instance: 'instance',
  other: 'gateway',
};

export function targetKindName(kind: string): string {
  return TARGET_KIND_NAMES[kind] ?? 'gateway';
}

/** The subnet's IPv4 and IPv6 CIDR blocks (associated ones only). */
export function subnetCidrs(subnet: Subnet): string[] {
  const v6 = (subnet.Ipv6CidrBlockAssociationSet ?? [])
    .filter((a) => isUsableCidrState(a.Ipv6CidrBlockState?.State))
    .map((a) => a.Ipv6CidrBlock);
  return [subnet.CidrBlock, ...v6].filter((c): c is string => !!c);
}

/** CIDR association states that still route traffic (or are about to). */
export function isUsableCidrState(state: string | undefined): boolean {
  return state === undefined || state === 'associated' || state === 'associating';
}
