import {
  DescribeDirectConnectGatewayAssociationsCommand,
  DescribeDirectConnectGatewaysCommand,
  DescribeVirtualInterfacesCommand,
  type DirectConnectGateway,
} from '@aws-sdk/client-direct-connect';
import {
  DescribeCustomerGatewaysCommand,
  DescribeVpcBlockPublicAccessExclusionsCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  DescribeVpnConnectionsCommand,
  DescribeVpnGatewaysCommand,
  paginateDescribeDhcpOptions,
  paginateDescribeEgressOnlyInternetGateways,
  paginateDescribeManagedPrefixLists,
  paginateDescribeTransitGatewayAttachments,
  paginateDescribeTransitGatewayPeeringAttachments,
  paginateDescribeTransitGatewayRouteTables,
  paginateDescribeTransitGateways,
  paginateDescribeTransitGatewayVpcAttachments,
  paginateDescribeVpcEndpoints,
  paginateGetManagedPrefixListEntries,
  paginateGetTransitGatewayRouteTableAssociations,
  paginateGetTransitGatewayRouteTablePropagations,
  paginateSearchTransitGatewayRoutes,
  type Filter,
  type ManagedPrefixList,
  type SearchTransitGatewayRoutesCommandOutput,
  type TransitGatewayRouteTable,
} from '@aws-sdk/client-ec2';
import {
  DescribeFirewallCommand,
  paginateListFirewalls,
  type FirewallMetadata,
} from '@aws-sdk/client-network-firewall';
import type {
  ManagedPrefixListWithEntries,
  NetworkFirewall,
  Snapshot,
  TransitGatewayRouteTableWithRoutes,
  V2Part,
} from '../snapshot/types';
import { MAX_PAGE_SIZE, type CollectionApi, type PaginatedApi } from './apis';
import {
  notCollected,
  pagesByToken,
  readOne,
  readPages,
  recordFailure,
  type CollectContext,
} from './context';
import type { Limiter } from './limit';
import { sortById, uniqueById } from './order';

/** The version 2 parts of a snapshot: a part left out was not collected (its API failed). */
export type V2Lists = Partial<Pick<Snapshot, V2Part>>;

/**
 * SearchTransitGatewayRoutes requires a filter; these two states are every route that forwards or drops
 * traffic (pending and deleting routes do neither yet or any more).
 */
export const ROUTE_STATES = ['active', 'blackhole'];

/** Raised when SearchTransitGatewayRoutes says more routes exist than it returned. */
export class TruncatedResultsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TruncatedResults';
  }
}

const ec2Pages = (ctx: CollectContext, api: PaginatedApi) => ({
  client: ctx.ec2,
  pageSize: MAX_PAGE_SIZE[api],
});
const byVpc = (vpcIds: string[] | undefined): Filter[] | undefined =>
  vpcIds ? [{ Name: 'vpc-id', Values: vpcIds }] : undefined;

/**
 * Collects every version 2 part. Lists run side by side through the shared limiter; the per-item calls
 * (prefix list entries, route table contents, firewall details, gateway associations) are queued once
 * their parent list is in. A failed list API leaves its part out and records the error; a failed per-item
 * call records an error naming the item, which marks the whole part incomplete for the rules.
 */
export async function collectV2Parts(
  ctx: CollectContext,
  limit: Limiter,
  vpcIds: string[] | undefined,
): Promise<V2Lists> {
  const out: V2Lists = {};
  const set =
    <K extends V2Part>(key: K) =>
    (value: V2Lists[K] | undefined): void => {
      if (value !== undefined) out[key] = value;
    };
  await Promise.all([
    managedPrefixLists(ctx, limit).then(set('managedPrefixLists')),
    list(ctx, limit, 'DescribeVpcEndpoints', readVpcEndpoints(ctx, vpcIds), (x) => x.VpcEndpointId).then(
      set('vpcEndpoints'),
    ),
    list(
      ctx,
      limit,
      'DescribeEgressOnlyInternetGateways',
      readEgressOnly(ctx, vpcIds),
      (x) => x.EgressOnlyInternetGatewayId,
    ).then(set('egressOnlyInternetGateways')),
    blockPublicAccessOptions(ctx, limit).then(set('vpcBlockPublicAccessOptions')),
    list(
      ctx,
      limit,
      'DescribeVpcBlockPublicAccessExclusions',
      readExclusions(ctx),
      (x) => x.ExclusionId,
    ).then(set('vpcBlockPublicAccessExclusions')),
    list(
      ctx,
      limit,
      'DescribeDhcpOptions',
      () =>
        readPages(
          ctx,
          'DescribeDhcpOptions',
          paginateDescribeDhcpOptions(ec2Pages(ctx, 'DescribeDhcpOptions'), {}),
          (p) => p.DhcpOptions,
        ),
      (x) => x.DhcpOptionsId,
    ).then(set('dhcpOptions')),
    list(
      ctx,
      limit,
      'DescribeTransitGateways',
      () =>
        readPages(
          ctx,
          'DescribeTransitGateways',
          paginateDescribeTransitGateways(ec2Pages(ctx, 'DescribeTransitGateways'), {}),
          (p) => p.TransitGateways,
        ),
      (x) => x.TransitGatewayId,
    ).then(set('transitGateways')),
    list(
      ctx,
      limit,
      'DescribeTransitGatewayAttachments',
      () =>
        readPages(
          ctx,
          'DescribeTransitGatewayAttachments',
          paginateDescribeTransitGatewayAttachments(ec2Pages(ctx, 'DescribeTransitGatewayAttachments'), {}),
          (p) => p.TransitGatewayAttachments,
        ),
      (x) => x.TransitGatewayAttachmentId,
    ).then(set('transitGatewayAttachments')),
    list(
      ctx,
      limit,
      'DescribeTransitGatewayVpcAttachments',
      () =>
        readPages(
          ctx,
          'DescribeTransitGatewayVpcAttachments',
          paginateDescribeTransitGatewayVpcAttachments(
            ec2Pages(ctx, 'DescribeTransitGatewayVpcAttachments'),
            {
              Filters: byVpc(vpcIds),
            },
          ),
          (p) => p.TransitGatewayVpcAttachments,
        ),
      (x) => x.TransitGatewayAttachmentId,
    ).then(set('transitGatewayVpcAttachments')),
    list(
      ctx,
      limit,
      'DescribeTransitGatewayPeeringAttachments',
      () =>
        readPages(
          ctx,
          'DescribeTransitGatewayPeeringAttachments',
          paginateDescribeTransitGatewayPeeringAttachments(
            ec2Pages(ctx, 'DescribeTransitGatewayPeeringAttachments'),
            {},
          ),
          (p) => p.TransitGatewayPeeringAttachments,
        ),
      (x) => x.TransitGatewayAttachmentId,
    ).then(set('transitGatewayPeeringAttachments')),
    transitGatewayRouteTables(ctx, limit).then(set('transitGatewayRouteTables')),
    list(
      ctx,
      limit,
      'DescribeVpnGateways',
      async () =>
        (
          await readOne(
            ctx,
            'DescribeVpnGateways',
            () => ctx.ec2.send(new DescribeVpnGatewaysCommand({})),
            (o) => o.VpnGateways?.length ?? 0,
          )
        ).VpnGateways ?? [],
      (x) => x.VpnGatewayId,
    ).then(set('vpnGateways')),
    list(
      ctx,
      limit,
      'DescribeVpnConnections',
      async () =>
        (
          await readOne(
            ctx,
            'DescribeVpnConnections',
            () => ctx.ec2.send(new DescribeVpnConnectionsCommand({})),
            (o) => o.VpnConnections?.length ?? 0,
          )
        ).VpnConnections ?? [],
      (x) => x.VpnConnectionId,
    ).then(set('vpnConnections')),
    list(
      ctx,
      limit,
      'DescribeCustomerGateways',
      async () =>
        (
          await readOne(
            ctx,
            'DescribeCustomerGateways',
            () => ctx.ec2.send(new DescribeCustomerGatewaysCommand({})),
            (o) => o.CustomerGateways?.length ?? 0,
          )
        ).CustomerGateways ?? [],
      (x) => x.CustomerGatewayId,
    ).then(set('customerGateways')),
    directConnectGateways(ctx, limit).then((found) => Object.assign(out, found)),
    list(
      ctx,
      limit,
      'DescribeVirtualInterfaces',
      () =>
        readPages(
          ctx,
          'DescribeVirtualInterfaces',
          pagesByToken(
            (nextToken) =>
              ctx.directConnect.send(
                new DescribeVirtualInterfacesCommand({
                  maxResults: MAX_PAGE_SIZE.DescribeVirtualInterfaces,
                  ...(nextToken ? { nextToken } : {}),
                }),
              ),
            (p) => p.nextToken,
          ),
          (p) => p.virtualInterfaces,
        ),
      (x) => x.virtualInterfaceId,
    ).then(set('virtualInterfaces')),
    networkFirewalls(ctx, limit, vpcIds).then(set('networkFirewalls')),
  ]);
  return out;
}

/** One list API, its failure recorded: undefined then, the items in id order otherwise. */
async function list<T>(
  ctx: CollectContext,
  limit: Limiter,
  api: CollectionApi,
  read: () => Promise<T[]>,
  id: (item: T) => string | undefined,
): Promise<T[] | undefined> {
  const items = await limit(() => recordFailure(ctx, api, undefined, read));
  return items && sortById(uniqueById(items, id), id);
}

/** One call per item of a parent list, each failure recorded against the item; undefined for those. */
function perItem<T, R>(
  ctx: CollectContext,
  limit: Limiter,
  api: CollectionApi,
  items: readonly T[],
  idOf: (item: T) => string | undefined,
  read: (id: string) => Promise<R>,
): Promise<(R | undefined)[]> {
  return Promise.all(
    items.map((item) => {
      const id = idOf(item);
      return id === undefined
        ? undefined
        : limit(() => recordFailure(ctx, api, undefined, () => read(id), id));
    }),
  );
}

const readVpcEndpoints = (ctx: CollectContext, vpcIds: string[] | undefined) => () =>
  readPages(
    ctx,
    'DescribeVpcEndpoints',
    paginateDescribeVpcEndpoints(ec2Pages(ctx, 'DescribeVpcEndpoints'), { Filters: byVpc(vpcIds) }),
    (p) => p.VpcEndpoints,
  );

/** DescribeEgressOnlyInternetGateways filters only on tags: a scoped run keeps the scoped VPCs' ones. */
const readEgressOnly = (ctx: CollectContext, vpcIds: string[] | undefined) => async () => {
  const gateways = await readPages(
    ctx,
    'DescribeEgressOnlyInternetGateways',
    paginateDescribeEgressOnlyInternetGateways(ec2Pages(ctx, 'DescribeEgressOnlyInternetGateways'), {}),
    (p) => p.EgressOnlyInternetGateways,
  );
  if (!vpcIds) return gateways;
  const scoped = new Set(vpcIds);
  return gateways.filter((g) => g.Attachments?.some((a) => a.VpcId !== undefined && scoped.has(a.VpcId)));
};

/** The SDK has no paginator for this API. */
const readExclusions = (ctx: CollectContext) => () =>
  readPages(
    ctx,
    'DescribeVpcBlockPublicAccessExclusions',
    pagesByToken(
      (NextToken) =>
        ctx.ec2.send(
          new DescribeVpcBlockPublicAccessExclusionsCommand({
            MaxResults: MAX_PAGE_SIZE.DescribeVpcBlockPublicAccessExclusions,
            ...(NextToken ? { NextToken } : {}),
          }),
        ),
      (p) => p.NextToken,
    ),
    (p) => p.VpcBlockPublicAccessExclusions,
  );

async function blockPublicAccessOptions(
  ctx: CollectContext,
  limit: Limiter,
): Promise<Snapshot['vpcBlockPublicAccessOptions']> {
  const output = await limit(() =>
    recordFailure(ctx, 'DescribeVpcBlockPublicAccessOptions', undefined, () =>
      readOne(ctx, 'DescribeVpcBlockPublicAccessOptions', () =>
        ctx.ec2.send(new DescribeVpcBlockPublicAccessOptionsCommand({})),
      ),
    ),
  );
  return output && sortById([output.VpcBlockPublicAccessOptions ?? {}], () => undefined)[0];
}

/** The prefix lists, each with its entries (GetManagedPrefixListEntries, one pagination per list). */
async function managedPrefixLists(
  ctx: CollectContext,
  limit: Limiter,
): Promise<ManagedPrefixListWithEntries[] | undefined> {
  const lists = await list(
    ctx,
    limit,
    'DescribeManagedPrefixLists',
    () =>
      readPages(
        ctx,
        'DescribeManagedPrefixLists',
        paginateDescribeManagedPrefixLists(ec2Pages(ctx, 'DescribeManagedPrefixLists'), {}),
        (p) => p.PrefixLists,
      ),
    (x: ManagedPrefixList) => x.PrefixListId,
  );
  if (!lists) return undefined;
  const entries = await perItem(
    ctx,
    limit,
    'GetManagedPrefixListEntries',
    lists,
    (l) => l.PrefixListId,
    (id) =>
      readPages(
        ctx,
        'GetManagedPrefixListEntries',
        paginateGetManagedPrefixListEntries(ec2Pages(ctx, 'GetManagedPrefixListEntries'), {
          PrefixListId: id,
        }),
        (p) => p.Entries,
      ),
  );
  return lists.map((l, i) => {
    const found = entries[i];
    return found ? { ...l, Entries: sortById(found, (e) => e.Cidr) } : l;
  });
}

/** The transit gateway route tables, each with its routes, associations and propagations. */
async function transitGatewayRouteTables(
  ctx: CollectContext,
  limit: Limiter,
): Promise<TransitGatewayRouteTableWithRoutes[] | undefined> {
  const tables = await list(
    ctx,
    limit,
    'DescribeTransitGatewayRouteTables',
    () =>
      readPages(
        ctx,
        'DescribeTransitGatewayRouteTables',
        paginateDescribeTransitGatewayRouteTables(ec2Pages(ctx, 'DescribeTransitGatewayRouteTables'), {}),
        (p) => p.TransitGatewayRouteTables,
      ),
    (x: TransitGatewayRouteTable) => x.TransitGatewayRouteTableId,
  );
  if (!tables) return undefined;
  const idOf = (t: TransitGatewayRouteTable) => t.TransitGatewayRouteTableId;
  const [routes, associations, propagations] = await Promise.all([
    perItem(ctx, limit, 'SearchTransitGatewayRoutes', tables, idOf, (id) => searchRoutes(ctx, id)),
    perItem(ctx, limit, 'GetTransitGatewayRouteTableAssociations', tables, idOf, (id) =>
      readPages(
        ctx,
        'GetTransitGatewayRouteTableAssociations',
        paginateGetTransitGatewayRouteTableAssociations(
          ec2Pages(ctx, 'GetTransitGatewayRouteTableAssociations'),
          { TransitGatewayRouteTableId: id },
        ),
        (p) => p.Associations,
      ),
    ),
    perItem(ctx, limit, 'GetTransitGatewayRouteTablePropagations', tables, idOf, (id) =>
      readPages(
        ctx,
        'GetTransitGatewayRouteTablePropagations',
        paginateGetTransitGatewayRouteTablePropagations(
          ec2Pages(ctx, 'GetTransitGatewayRouteTablePropagations'),
          { TransitGatewayRouteTableId: id },
        ),
        (p) => p.TransitGatewayRouteTablePropagations,
      ),
    ),
  ]);
  return tables.map((table, i) => {
    const merged: TransitGatewayRouteTableWithRoutes = { ...table };
    const r = routes[i];
    const a = associations[i];
    const p = propagations[i];
    if (r) merged.Routes = sortById(r, (x) => x.DestinationCidrBlock ?? x.PrefixListId);
    if (a) merged.Associations = sortById(a, (x) => x.TransitGatewayAttachmentId);
    if (p) merged.Propagations = sortById(p, (x) => x.TransitGatewayAttachmentId);
    return merged;
  });
}

/**
 * Every forwarding route of one table. The API caps what it returns and says so with
 * AdditionalRoutesAvailable; when that is set on the last page (no NextToken to follow), the routes are
 * incomplete, which is recorded as an error instead of passing for the whole table.
 */
async function searchRoutes(ctx: CollectContext, tableId: string) {
  let truncated = false;
  async function* watched(pages: AsyncIterable<SearchTransitGatewayRoutesCommandOutput>) {
    for await (const page of pages) {
      truncated = page.AdditionalRoutesAvailable === true && !page.NextToken;
      yield page;
    }
  }
  const routes = await readPages(
    ctx,
    'SearchTransitGatewayRoutes',
    watched(
      paginateSearchTransitGatewayRoutes(ec2Pages(ctx, 'SearchTransitGatewayRoutes'), {
        TransitGatewayRouteTableId: tableId,
        Filters: [{ Name: 'state', Values: ROUTE_STATES }],
      }),
    ),
    (p) => p.Routes,
  );
  if (truncated) {
    throw new TruncatedResultsError(
      `returned ${routes.length} routes and reported more (AdditionalRoutesAvailable) without a NextToken`,
    );
  }
  return routes;
}

/**
 * The Direct Connect gateways and their associations. DescribeDirectConnectGatewayAssociations needs a
 * gateway (or a virtual gateway) to ask about, so it is called once per gateway; without the gateway
 * list it cannot run and is recorded as not collected.
 */
async function directConnectGateways(
  ctx: CollectContext,
  limit: Limiter,
): Promise<Pick<V2Lists, 'directConnectGateways' | 'directConnectGatewayAssociations'>> {
  const gateways = await list(
    ctx,
    limit,
    'DescribeDirectConnectGateways',
    () =>
      readPages(
        ctx,
        'DescribeDirectConnectGateways',
        pagesByToken(
          (nextToken) =>
            ctx.directConnect.send(
              new DescribeDirectConnectGatewaysCommand({
                maxResults: MAX_PAGE_SIZE.DescribeDirectConnectGateways,
                ...(nextToken ? { nextToken } : {}),
              }),
            ),
          (p) => p.nextToken,
        ),
        (p) => p.directConnectGateways,
      ),
    (x: DirectConnectGateway) => x.directConnectGatewayId,
  );
  if (!gateways) {
    notCollected(ctx, 'DescribeDirectConnectGatewayAssociations', 'DescribeDirectConnectGateways');
    return {};
  }
  const found = await perItem(
    ctx,
    limit,
    'DescribeDirectConnectGatewayAssociations',
    gateways,
    (g) => g.directConnectGatewayId,
    (directConnectGatewayId) =>
      readPages(
        ctx,
        'DescribeDirectConnectGatewayAssociations',
        pagesByToken(
          (nextToken) =>
            ctx.directConnect.send(
              new DescribeDirectConnectGatewayAssociationsCommand({
                directConnectGatewayId,
                maxResults: MAX_PAGE_SIZE.DescribeDirectConnectGatewayAssociations,
                ...(nextToken ? { nextToken } : {}),
              }),
            ),
          (p) => p.nextToken,
        ),
        (p) => p.directConnectGatewayAssociations,
      ),
  );
  const associations = found.flatMap((a) => a ?? []);
  const id = (a: (typeof associations)[number]) => a.associationId;
  return {
    directConnectGateways: gateways,
    directConnectGatewayAssociations: sortById(uniqueById(associations, id), id),
  };
}

/** ListFirewalls names the firewalls (of the scoped VPCs); DescribeFirewall reads each one. */
async function networkFirewalls(
  ctx: CollectContext,
  limit: Limiter,
  vpcIds: string[] | undefined,
): Promise<NetworkFirewall[] | undefined> {
  const listed = await list(
    ctx,
    limit,
    'ListFirewalls',
    () =>
      readPages(
        ctx,
        'ListFirewalls',
        paginateListFirewalls(
          { client: ctx.networkFirewall, pageSize: MAX_PAGE_SIZE.ListFirewalls },
          vpcIds ? { VpcIds: vpcIds } : {},
        ),
        (p) => p.Firewalls,
      ),
    (x: FirewallMetadata) => x.FirewallArn,
  );
  if (!listed) return undefined;
  const described = await perItem(
    ctx,
    limit,
    'DescribeFirewall',
    listed,
    (f) => f.FirewallArn,
    async (arn) => {
      const output = await readOne(ctx, 'DescribeFirewall', () =>
        ctx.networkFirewall.send(new DescribeFirewallCommand({ FirewallArn: arn })),
      );
      if (!output.Firewall) throw new Error('the response holds no Firewall');
      const firewall: NetworkFirewall = { ...output.Firewall };
      if (output.FirewallStatus) firewall.FirewallStatus = output.FirewallStatus;
      return firewall;
    },
  );
  const firewalls = described.filter((f): f is NetworkFirewall => f !== undefined);
  return sortById(firewalls, (f) => f.FirewallArn);
}
