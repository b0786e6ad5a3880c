import {
  DescribeDirectConnectGatewayAssociationsCommand,
  DescribeDirectConnectGatewaysCommand,
  type DirectConnectGateway,
} from '@aws-sdk/client-direct-connect';
import { MAX_PAGE_SIZE } from './apis';
import { notCollected, pagesByToken, readPages, type CollectContext } from './context';
import type { Limiter } from './limit';
import { sortById, uniqueById } from './order';
import { list, perItem, type V2Lists } from './list-steps';

/**
 * The Direct Connect gateways and their associations. DescribeDirectConnectGatewayAssociations needs a
 * gateway (or a virtual gateway) to ask about, so it is called once per gateway; without the gateway
 * list it cannot run and is recorded as not collected.
 */
export async function directConnectGateways(
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
