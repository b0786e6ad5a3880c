import type { Route, RouteTable } from '@aws-sdk/client-ec2';
import {
  describeRoute,
  routeTarget,
  type RouteTarget,
  type SnapshotIndex,
} from '../../engine/snapshot-index';
import { parseAddress, parseCidr } from '../../net/cidr';
import { lookups } from '../lookups';
import { memoized, memoizedWeak } from '../../memo';
import { resolvePrefixList } from '../../net/prefix-lists';
import { propagatedVpnRoutes } from './on-premises';

/** The table a subnet uses: its explicit association, else its VPC's main table. */
export function tableOfSubnet(
  index: SnapshotIndex,
  subnetId: string,
): { table?: RouteTable; viaMain: boolean } {
  return { table: index.routeTableOf(subnetId), viaMain: index.usesMainRouteTable(subnetId) };
}

/** The table associated with a gateway (edge association): it routes traffic entering the VPC through it. */
export function edgeTableOf(index: SnapshotIndex, gatewayId: string): RouteTable | undefined {
  return lookups(index).edgeTableByGateway.get(gatewayId);
}

export interface RouteMatch {
  route: Route;
  target: RouteTarget;
  /** The prefix length that won: a prefix-list route counts with its matching entry's length. */
  prefix: number;
}

/**
 * Longest-prefix match of one address among a table's routes, CIDR and prefix-list routes alike, as AWS
 * routes (a prefix-list route competes with the length of the entry that matches). `unresolved` lists
 * prefix-list routes whose entries the snapshot lacks: they might have matched.
 */
export function matchRoute(index: SnapshotIndex, table: RouteTable, address: string): RouteLookup {
  // Every walk to the internet looks the same probe address up in its table, and replies come back to it.
  const tables = lookupsByIndex.get(index) ?? memoizedWeak(lookupsByIndex, index, newTableCache);
  const byAddress = tables.get(table) ?? memoizedWeak(tables, table, newAddressMap);
  return byAddress.get(address) ?? memoized(byAddress, address, () => lookUp(index, table, address));
}

/** A table's answer for one address; shared by every caller that asks it again, so read-only. */
export interface RouteLookup {
  readonly match?: RouteMatch;
  readonly unresolved: readonly string[];
}

/** Per index (a table's prefix lists and VPN routes are its snapshot's), per table object, per address. */
const lookupsByIndex = new WeakMap<SnapshotIndex, WeakMap<RouteTable, Map<string, RouteLookup>>>();

function newTableCache(): WeakMap<RouteTable, Map<string, RouteLookup>> {
  return new WeakMap();
}

function newAddressMap(): Map<string, RouteLookup> {
  return new Map();
}

function lookUp(index: SnapshotIndex, table: RouteTable, address: string): RouteLookup {
  const target = parseAddress(address);
  const unresolved: string[] = [];
  if (!target) return { unresolved };
  let best: RouteMatch | undefined;
  const consider = (route: Route, cidrText: string) => {
    const cidr = parseCidr(cidrText);
    if (!cidr || cidr.version !== target.version) return;
    if (cidr.first <= target.first && target.last <= cidr.last && (!best || cidr.prefix > best.prefix)) {
      best = { route, target: routeTarget(route), prefix: cidr.prefix };
    }
  };
  for (const route of table.Routes ?? []) {
    const dest = route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock;
    if (dest) consider(route, dest);
    else if (route.DestinationPrefixListId) {
      const list = resolvePrefixList(index, route.DestinationPrefixListId);
      if (list.kind === 'resolved') for (const cidr of list.cidrs) consider(route, cidr);
      else unresolved.push(route.DestinationPrefixListId);
    }
  }
  // Route propagation puts a static VPN's routes into the table; the snapshot may list them already
  // (origin EnableVgwRoutePropagation), and a route of the table itself wins a tie.
  for (const propagation of table.PropagatingVgws ?? []) {
    const vgw = propagation.GatewayId;
    if (!vgw) continue;
    for (const cidr of propagatedVpnRoutes(index, vgw)) {
      consider(
        { DestinationCidrBlock: cidr, GatewayId: vgw, State: 'active', Origin: 'EnableVgwRoutePropagation' },
        cidr,
      );
    }
  }
  return { match: best, unresolved };
}

/** `rtb-1 (main route table of vpc-1)` or `rtb-1`. */
export function tableLabel(table: RouteTable, viaMain: boolean): string {
  const id = table.RouteTableId ?? '?';
  return viaMain ? `${id} (main route table of ${table.VpcId ?? '?'})` : id;
}

export { describeRoute };
