import type { SnapshotIndex } from '../../engine/snapshot-index';
import { memoizedWeak } from '../../memo';
import { parseAddress, parseCidr } from '../../net/cidr';
import { resolvePrefixList } from '../../net/prefix-lists';
import type {
  TransitGatewayAttachment,
  TransitGatewayPeeringAttachment,
  TransitGatewayRoute,
  TransitGatewayRouteTableWithRoutes,
  TransitGatewayVpcAttachment,
} from '../../snapshot/types';

/** What one snapshot shows of its transit gateways, by the ids a path asks for. */
export interface TransitGatewayLookups {
  attachments: Map<string, TransitGatewayAttachment>;
  vpcAttachments: Map<string, TransitGatewayVpcAttachment>;
  /** `tgw|vpc` → the VPC's attachment to that transit gateway. */
  vpcAttachmentByTgwVpc: Map<string, TransitGatewayVpcAttachment>;
  peerings: Map<string, TransitGatewayPeeringAttachment>;
  /** Attachment id → the route table it is associated with (the table that routes what it sends in). */
  tableByAttachment: Map<string, TransitGatewayRouteTableWithRoutes>;
  /** Transit gateways with at least one route table in this snapshot (their owner's snapshot). */
  tgwsWithTables: Set<string>;
}

const cache = new WeakMap<SnapshotIndex, TransitGatewayLookups>();

export function transitGatewayLookups(index: SnapshotIndex): TransitGatewayLookups {
  return memoizedWeak(cache, index, readTransitGatewayLookups);
}

function readTransitGatewayLookups(index: SnapshotIndex): TransitGatewayLookups {
  const s = index.snapshot;
  const out: TransitGatewayLookups = {
    attachments: new Map(),
    vpcAttachments: new Map(),
    vpcAttachmentByTgwVpc: new Map(),
    peerings: new Map(),
    tableByAttachment: new Map(),
    tgwsWithTables: new Set(),
  };
  for (const a of s.transitGatewayAttachments ?? [])
    if (a.TransitGatewayAttachmentId) out.attachments.set(a.TransitGatewayAttachmentId, a);
  const tableById = new Map(
    (s.transitGatewayRouteTables ?? []).map((t) => [t.TransitGatewayRouteTableId, t] as const),
  );
  for (const a of s.transitGatewayVpcAttachments ?? []) {
    if (!a.TransitGatewayAttachmentId) continue;
    out.vpcAttachments.set(a.TransitGatewayAttachmentId, a);
    // A deleted attachment stays listed for a while: an available one of the same pair wins.
    const key = `${a.TransitGatewayId}|${a.VpcId}`;
    const known = out.vpcAttachmentByTgwVpc.get(key);
    if (!known || (known.State !== 'available' && a.State === 'available'))
      out.vpcAttachmentByTgwVpc.set(key, a);
  }
  for (const p of s.transitGatewayPeeringAttachments ?? [])
    if (p.TransitGatewayAttachmentId) out.peerings.set(p.TransitGatewayAttachmentId, p);
  for (const table of s.transitGatewayRouteTables ?? []) {
    if (table.TransitGatewayId) out.tgwsWithTables.add(table.TransitGatewayId);
    for (const association of table.Associations ?? []) {
      if (association.State === 'associated' && association.TransitGatewayAttachmentId)
        out.tableByAttachment.set(association.TransitGatewayAttachmentId, table);
    }
  }
  // GetTransitGatewayRouteTableAssociations may have failed: DescribeTransitGatewayAttachments says it too.
  for (const a of out.attachments.values()) {
    const id = a.Association?.State === 'associated' ? a.Association.TransitGatewayRouteTableId : undefined;
    const table = id ? tableById.get(id) : undefined;
    if (table && a.TransitGatewayAttachmentId && !out.tableByAttachment.has(a.TransitGatewayAttachmentId))
      out.tableByAttachment.set(a.TransitGatewayAttachmentId, table);
  }
  return out;
}

/** The route a transit gateway route table picks for an address, and where it leads. */
export interface TgwRouteMatch {
  route: TransitGatewayRoute;
  /** Every attachment of the route: more than one is an ECMP set. */
  attachmentIds: string[];
  prefix: number;
  /** The attachment the route sends to (the first of an ECMP set), absent for a blackhole. */
  attachmentId?: string;
  resourceType?: string;
  resourceId?: string;
}

/**
 * Longest prefix over a transit gateway route table's static and propagated routes, CIDR and prefix-list
 * routes alike; a static route wins over a propagated one of the same prefix, as AWS documents.
 */
export function matchTgwRoute(
  index: SnapshotIndex,
  table: TransitGatewayRouteTableWithRoutes,
  address: string,
  /** Filled with the prefix-list routes whose entries the snapshot lacks: they might have matched. */
  unresolved?: string[],
): TgwRouteMatch | undefined {
  const target = parseAddress(address);
  if (!target) return undefined;
  let best: TgwRouteMatch | undefined;
  const consider = (route: TransitGatewayRoute, text: string) => {
    const cidr = parseCidr(text);
    if (!cidr || cidr.version !== target.version) return;
    if (cidr.first > target.first || target.last > cidr.last) return;
    const better =
      !best ||
      cidr.prefix > best.prefix ||
      (cidr.prefix === best.prefix && route.Type === 'static' && best.route.Type !== 'static');
    if (!better) return;
    const via = route.TransitGatewayAttachments?.[0];
    best = {
      route,
      attachmentIds: (route.TransitGatewayAttachments ?? []).flatMap((a) =>
        a.TransitGatewayAttachmentId ? [a.TransitGatewayAttachmentId] : [],
      ),
      prefix: cidr.prefix,
      ...(via?.TransitGatewayAttachmentId ? { attachmentId: via.TransitGatewayAttachmentId } : {}),
      ...(via?.ResourceType ? { resourceType: via.ResourceType } : {}),
      ...(via?.ResourceId ? { resourceId: via.ResourceId } : {}),
    };
  };
  for (const route of table.Routes ?? []) {
    if (route.State !== 'active' && route.State !== 'blackhole') continue;
    if (route.DestinationCidrBlock) consider(route, route.DestinationCidrBlock);
    else if (route.PrefixListId) {
      const list = resolvePrefixList(index, route.PrefixListId);
      if (list.kind === 'resolved') for (const cidr of list.cidrs) consider(route, cidr);
      else unresolved?.push(route.PrefixListId);
    }
  }
  return best;
}

/** `10.1.0.0/16 -> tgw-attach-1 (vpc vpc-1), propagated`. */
export function describeTgwRoute(match: TgwRouteMatch): string {
  const r = match.route;
  const dest = r.DestinationCidrBlock ?? r.PrefixListId ?? '?';
  const to =
    r.State === 'blackhole'
      ? 'blackhole'
      : `${match.attachmentId ?? '?'}${match.resourceType ? ` (${match.resourceType} ${match.resourceId ?? ''})`.replace(' )', ')') : ''}`;
  return `${dest} -> ${to}, ${r.Type ?? 'route'}`;
}

/** The other end of a transit gateway peering, seen from one of its two gateways. */
export function peerOfPeering(
  peering: TransitGatewayPeeringAttachment,
  tgwId: string,
): { TransitGatewayId?: string; OwnerId?: string; Region?: string } | undefined {
  const requester = peering.RequesterTgwInfo;
  const accepter = peering.AccepterTgwInfo;
  return requester?.TransitGatewayId === tgwId ? accepter : requester;
}
