import {
  paginateDescribeTransitGatewayRouteTables,
  paginateGetTransitGatewayRouteTableAssociations,
  paginateGetTransitGatewayRouteTablePropagations,
  paginateSearchTransitGatewayRoutes,
  type SearchTransitGatewayRoutesCommandOutput,
  type TransitGatewayRouteTable,
} from '@aws-sdk/client-ec2';
import type { TransitGatewayRouteTableWithRoutes } from '../snapshot/types';
import { readPages, type CollectContext } from './context';
import type { Limiter } from './limit';
import { sortById } from './order';
import { ec2Pages, list, perItem } from './list-steps';

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

/** The transit gateway route tables, each with its routes, associations and propagations. */
export async function transitGatewayRouteTables(
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
