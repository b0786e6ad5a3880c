import {
  DescribeAddressesCommand,
  DescribeVpcAttributeCommand,
  paginateDescribeFlowLogs,
  paginateDescribeInstances,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeStaleSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
  type EC2Client,
  type Filter,
  type StaleSecurityGroup,
} from '@aws-sdk/client-ec2';
import { withoutInterfaceCopy } from '../snapshot/instances';
import type { Snapshot, SnapshotPart, V2Part, VpcAttributes } from '../snapshot/types';
import { MAX_PAGE_SIZE, type CollectionApi, type PaginatedApi } from './apis';
import { readOne, readPages, type CollectContext } from './context';

/** The region-wide lists, each filled by one API (the per-VPC parts are collected separately). */
export type ListKey = Exclude<SnapshotPart, 'vpcAttributes' | 'staleSecurityGroups' | V2Part>;

export type Item<K extends ListKey> = Snapshot[K][number];

export interface ListCollector<K extends ListKey> {
  api: CollectionApi;
  /**
   * How a VPC-scoped collection narrows this list: server-side filter sets (one query each, merged;
   * EC2 ANDs the filters of one query, so an OR takes two queries), or 'after' for APIs with no VPC
   * filter, which are read whole and narrowed to the scoped VPCs' resources once those are known.
   */
  scope: ((vpcIds: string[]) => Filter[][]) | 'after';
  read: (ctx: CollectContext, filters: Filter[] | undefined) => Promise<Item<K>[]>;
  id: (item: Item<K>) => string | undefined;
}

const byVpc =
  (name: string) =>
  (vpcIds: string[]): Filter[][] => [[{ Name: name, Values: vpcIds }]];

function pages(ec2: EC2Client, api: PaginatedApi) {
  return { client: ec2, pageSize: MAX_PAGE_SIZE[api] };
}

export const LIST_COLLECTORS: { [K in ListKey]: ListCollector<K> } = {
  vpcs: {
    api: 'DescribeVpcs',
    scope: byVpc('vpc-id'),
    read: (ctx, Filters) =>
      readPages(
        ctx,
        'DescribeVpcs',
        paginateDescribeVpcs(pages(ctx.ec2, 'DescribeVpcs'), { Filters }),
        (p) => p.Vpcs,
      ),
    id: (x) => x.VpcId,
  },
  subnets: {
    api: 'DescribeSubnets',
    scope: byVpc('vpc-id'),
    read: (ctx, Filters) =>
      readPages(
        ctx,
        'DescribeSubnets',
        paginateDescribeSubnets(pages(ctx.ec2, 'DescribeSubnets'), { Filters }),
        (p) => p.Subnets,
      ),
    id: (x) => x.SubnetId,
  },
  routeTables: {
    api: 'DescribeRouteTables',
    scope: byVpc('vpc-id'),
    read: (ctx, Filters) =>
      readPages(
        ctx,
        'DescribeRouteTables',
        paginateDescribeRouteTables(pages(ctx.ec2, 'DescribeRouteTables'), { Filters }),
        (p) => p.RouteTables,
      ),
    id: (x) => x.RouteTableId,
  },
  internetGateways: {
    api: 'DescribeInternetGateways',
    scope: byVpc('attachment.vpc-id'),
    read: (ctx, Filters) =>
      readPages(
        ctx,
        'DescribeInternetGateways',
        paginateDescribeInternetGateways(pages(ctx.ec2, 'DescribeInternetGateways'), { Filters }),
        (p) => p.InternetGateways,
      ),
    id: (x) => x.InternetGatewayId,
  },
  natGateways: {
    api: 'DescribeNatGateways',
    scope: byVpc('vpc-id'),
    read: (ctx, Filter) =>
      readPages(
        ctx,
        'DescribeNatGateways',
        paginateDescribeNatGateways(pages(ctx.ec2, 'DescribeNatGateways'), { Filter }),
        (p) => p.NatGateways,
      ),
    id: (x) => x.NatGatewayId,
  },
  addresses: {
    api: 'DescribeAddresses',
    // No VPC filter exists; scoped runs keep the addresses on the scoped VPCs' interfaces.
    scope: 'after',
    read: async (ctx) => {
      const output = await readOne(
        ctx,
        'DescribeAddresses',
        () => ctx.ec2.send(new DescribeAddressesCommand({})),
        (o) => o.Addresses?.length ?? 0,
      );
      return output.Addresses ?? [];
    },
    id: (x) => x.AllocationId ?? x.PublicIp,
  },
  securityGroups: {
    api: 'DescribeSecurityGroups',
    scope: byVpc('vpc-id'),
    read: (ctx, Filters) =>
      readPages(
        ctx,
        'DescribeSecurityGroups',
        paginateDescribeSecurityGroups(pages(ctx.ec2, 'DescribeSecurityGroups'), { Filters }),
        (p) => p.SecurityGroups,
      ),
    id: (x) => x.GroupId,
  },
  networkAcls: {
    api: 'DescribeNetworkAcls',
    scope: byVpc('vpc-id'),
    read: (ctx, Filters) =>
      readPages(
        ctx,
        'DescribeNetworkAcls',
        paginateDescribeNetworkAcls(pages(ctx.ec2, 'DescribeNetworkAcls'), { Filters }),
        (p) => p.NetworkAcls,
      ),
    id: (x) => x.NetworkAclId,
  },
  networkInterfaces: {
    api: 'DescribeNetworkInterfaces',
    scope: byVpc('vpc-id'),
    read: (ctx, Filters) =>
      readPages(
        ctx,
        'DescribeNetworkInterfaces',
        paginateDescribeNetworkInterfaces(pages(ctx.ec2, 'DescribeNetworkInterfaces'), { Filters }),
        (p) => p.NetworkInterfaces,
      ),
    id: (x) => x.NetworkInterfaceId,
  },
  instances: {
    api: 'DescribeInstances',
    scope: byVpc('vpc-id'),
    read: (ctx, Filters) =>
      readPages(
        ctx,
        'DescribeInstances',
        paginateDescribeInstances(pages(ctx.ec2, 'DescribeInstances'), { Filters }),
        (p) => p.Reservations?.flatMap((r) => (r.Instances ?? []).map(withoutInterfaceCopy)),
      ),
    id: (x) => x.InstanceId,
  },
  flowLogs: {
    api: 'DescribeFlowLogs',
    // resource-id would find only VPC-level logs; subnet and interface logs of a scoped VPC count too.
    scope: 'after',
    read: (ctx, Filter) =>
      readPages(
        ctx,
        'DescribeFlowLogs',
        paginateDescribeFlowLogs(pages(ctx.ec2, 'DescribeFlowLogs'), { Filter }),
        (p) => p.FlowLogs,
      ),
    id: (x) => x.FlowLogId,
  },
  vpcPeeringConnections: {
    api: 'DescribeVpcPeeringConnections',
    scope: (vpcIds) => [
      [{ Name: 'requester-vpc-info.vpc-id', Values: vpcIds }],
      [{ Name: 'accepter-vpc-info.vpc-id', Values: vpcIds }],
    ],
    read: (ctx, Filters) =>
      readPages(
        ctx,
        'DescribeVpcPeeringConnections',
        paginateDescribeVpcPeeringConnections(pages(ctx.ec2, 'DescribeVpcPeeringConnections'), { Filters }),
        (p) => p.VpcPeeringConnections,
      ),
    id: (x) => x.VpcPeeringConnectionId,
  },
};

export const LIST_KEYS = Object.keys(LIST_COLLECTORS) as ListKey[];

export type DnsAttribute = 'enableDnsSupport' | 'enableDnsHostnames';
export const DNS_ATTRIBUTES: readonly DnsAttribute[] = ['enableDnsSupport', 'enableDnsHostnames'];

/** One DNS attribute of one VPC (DescribeVpcAttribute takes a single attribute per call). */
export async function readVpcAttribute(
  ctx: CollectContext,
  vpcId: string,
  attribute: DnsAttribute,
): Promise<VpcAttributes> {
  const output = await readOne(ctx, 'DescribeVpcAttribute', () =>
    ctx.ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: attribute })),
  );
  const value =
    attribute === 'enableDnsSupport' ? output.EnableDnsSupport?.Value : output.EnableDnsHostnames?.Value;
  if (value === undefined) return {};
  return attribute === 'enableDnsSupport' ? { EnableDnsSupport: value } : { EnableDnsHostnames: value };
}

export function readStaleSecurityGroups(ctx: CollectContext, vpcId: string): Promise<StaleSecurityGroup[]> {
  return readPages(
    ctx,
    'DescribeStaleSecurityGroups',
    paginateDescribeStaleSecurityGroups(pages(ctx.ec2, 'DescribeStaleSecurityGroups'), { VpcId: vpcId }),
    (p) => p.StaleSecurityGroupSet,
  );
}
