import { DescribeVirtualInterfacesCommand } from '@aws-sdk/client-direct-connect';
import {
  DescribeCustomerGatewaysCommand,
  DescribeVpcBlockPublicAccessExclusionsCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  DescribeVpnConnectionsCommand,
  DescribeVpnGatewaysCommand,
  paginateDescribeDhcpOptions,
  paginateDescribeEgressOnlyInternetGateways,
  paginateDescribeTransitGatewayAttachments,
  paginateDescribeTransitGatewayPeeringAttachments,
  paginateDescribeTransitGateways,
  paginateDescribeTransitGatewayVpcAttachments,
  paginateDescribeVpcEndpoints,
  type Filter,
} from '@aws-sdk/client-ec2';
import type { Snapshot, V2Part } from '../snapshot/types';
import { MAX_PAGE_SIZE } from './apis';
import { pagesByToken, readOne, readPages, recordFailure, type CollectContext } from './context';
import type { Limiter } from './limit';
import { sortById } from './order';
import { directConnectGateways } from './direct-connect';
import { ec2Pages, list, type V2Lists } from './list-steps';
import { networkFirewalls } from './network-firewalls';
import { managedPrefixLists } from './prefix-lists';
import { transitGatewayRouteTables } from './transit-gateway-route-tables';

export type { V2Lists } from './list-steps';

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
