import type { Route, RouteTable } from '@aws-sdk/client-ec2';
import { routeTarget, type SnapshotIndex } from '../../engine/snapshot-index';

/**
 * The default route by which a table sends traffic of one IP version to the internet, if it has a
 * working one: IPv4 0.0.0.0/0 to an internet gateway attached to the table's VPC or to an available
 * public NAT gateway; IPv6 ::/0 to an attached internet gateway or an egress-only internet gateway.
 * Blackhole routes lead nowhere and do not count.
 */
export function internetRouteOf(
  index: SnapshotIndex,
  table: RouteTable,
  ipVersion: 4 | 6,
): Route | undefined {
  return (table.Routes ?? []).find((route) => {
    if (route.State === 'blackhole') return false;
    const isDefault =
      ipVersion === 4
        ? route.DestinationCidrBlock === '0.0.0.0/0'
        : route.DestinationIpv6CidrBlock === '::/0';
    if (!isDefault) return false;
    const target = routeTarget(route);
    if (target.kind === 'igw')
      return !!table.VpcId && index.isInternetGatewayAttachedTo(target.id, table.VpcId);
    if (ipVersion === 4 && target.kind === 'nat') {
      const nat = index.natGateways.get(target.id);
      // A private NAT gateway reaches other VPCs and on-premises networks, never the internet.
      return nat?.State === 'available' && nat.ConnectivityType !== 'private';
    }
    // Egress-only internet gateways are not in the snapshot; a non-blackhole route to one works.
    return ipVersion === 6 && target.kind === 'eigw';
  });
}
