import {
  DescribeAddressesCommand,
  DescribeFlowLogsCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeStaleSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
  type Address,
  type Filter,
  type FlowLog,
  type Instance,
  type InternetGateway,
  type NatGateway,
  type NetworkAcl,
  type NetworkInterface,
  type Reservation,
  type RouteTable,
  type SecurityGroup,
  type StaleSecurityGroup,
  type Subnet,
  type Vpc,
  type VpcPeeringConnection,
} from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { VpcAttributes } from '../../lambda/snapshot/types';

export const ACCOUNT_ID = '123456789012';

/** What the fake EC2 API holds: the shapes AWS returns, in no particular order. */
export interface FakeAccount {
  vpcs: Vpc[];
  vpcAttributes: Record<string, VpcAttributes>;
  subnets: Subnet[];
  routeTables: RouteTable[];
  internetGateways: InternetGateway[];
  natGateways: NatGateway[];
  addresses: Address[];
  securityGroups: SecurityGroup[];
  networkAcls: NetworkAcl[];
  networkInterfaces: NetworkInterface[];
  reservations: Reservation[];
  flowLogs: FlowLog[];
  vpcPeeringConnections: VpcPeeringConnection[];
  staleSecurityGroups: Record<string, StaleSecurityGroup[]>;
}

export const emptyAccount = (): FakeAccount => ({
  vpcs: [],
  vpcAttributes: {},
  subnets: [],
  routeTables: [],
  internetGateways: [],
  natGateways: [],
  addresses: [],
  securityGroups: [],
  networkAcls: [],
  networkInterfaces: [],
  reservations: [],
  flowLogs: [],
  vpcPeeringConnections: [],
  staleSecurityGroups: {},
});

/** A failure the fake returns for one API, optionally for one VPC or from one page on. */
export interface Failure {
  api: string;
  error: Error;
  vpcId?: string;
  fromPage?: number;
}

/** An SDK error as the EC2 client throws it. */
export function awsError(name: string, message: string, attempts = 1): EC2ServiceException {
  return new EC2ServiceException({ name, message, $fault: 'client', $metadata: { attempts } });
}

/** The documented MaxResults ranges (EC2 service model); the fake rejects a page size outside them. */
const PAGE_LIMITS: Record<string, [number, number]> = {
  DescribeRouteTables: [5, 100],
  DescribeStaleSecurityGroups: [5, 255],
};

type Input = { Filters?: Filter[]; Filter?: Filter[]; MaxResults?: number; NextToken?: string };
type FilterFields<T> = Record<string, (item: T) => (string | undefined)[]>;

const byVpcId = <T extends { VpcId?: string }>(): FilterFields<T> => ({ 'vpc-id': (x) => [x.VpcId] });

/**
 * An in-memory EC2 API on a real EC2Client (aws-sdk-client-mock replaces its send): it pages by
 * MaxResults and NextToken, applies the server-side filters collection uses, rejects unknown filters
 * and out-of-range page sizes as EC2 does, and fails where a test says so.
 */
export function fakeEc2(
  account: FakeAccount,
  failures: Failure[] = [],
  ec2 = new EC2Client({ region: 'us-east-1' }),
): { ec2: EC2Client; mock: AwsClientStub<EC2Client>; requests: PageRequest[] } {
  const mock = mockClient(ec2);
  const pages = new Map<string, number>();
  // Copies: the SDK paginator reuses one input object, so the mock's own record shows only the last page.
  const requests: PageRequest[] = [];

  const fail = (api: string, vpcId?: string, page = 0): void => {
    const failure = failures.find(
      (f) => f.api === api && (f.vpcId === undefined || f.vpcId === vpcId) && page >= (f.fromPage ?? 0),
    );
    if (failure) throw failure.error;
  };

  function paged<T>(api: string, key: string, items: T[], fields: FilterFields<T>, input: Input) {
    const [min, max] = PAGE_LIMITS[api] ?? [5, 1000];
    if (input.MaxResults !== undefined && (input.MaxResults < min || input.MaxResults > max)) {
      throw awsError('InvalidParameterValue', `MaxResults must be between ${min} and ${max}`);
    }
    const page = pages.get(api) ?? 0;
    pages.set(api, page + 1);
    requests.push({ api, MaxResults: input.MaxResults, NextToken: input.NextToken });
    fail(api, undefined, page);
    const filtered = applyFilters(items, input.Filters ?? input.Filter, fields);
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const end = input.MaxResults === undefined ? filtered.length : start + input.MaxResults;
    return {
      [key]: filtered.slice(start, end),
      NextToken: end < filtered.length ? String(end) : undefined,
      $metadata: { attempts: 1 },
    };
  }

  mock
    .on(DescribeVpcsCommand)
    .callsFake((i: Input) => paged('DescribeVpcs', 'Vpcs', account.vpcs, byVpcId(), i));
  mock
    .on(DescribeSubnetsCommand)
    .callsFake((i: Input) => paged('DescribeSubnets', 'Subnets', account.subnets, byVpcId(), i));
  mock
    .on(DescribeRouteTablesCommand)
    .callsFake((i: Input) => paged('DescribeRouteTables', 'RouteTables', account.routeTables, byVpcId(), i));
  mock
    .on(DescribeInternetGatewaysCommand)
    .callsFake((i: Input) =>
      paged(
        'DescribeInternetGateways',
        'InternetGateways',
        account.internetGateways,
        { 'attachment.vpc-id': (x) => (x.Attachments ?? []).map((a) => a.VpcId) },
        i,
      ),
    );
  mock
    .on(DescribeNatGatewaysCommand)
    .callsFake((i: Input) => paged('DescribeNatGateways', 'NatGateways', account.natGateways, byVpcId(), i));
  mock.on(DescribeAddressesCommand).callsFake(() => {
    fail('DescribeAddresses');
    return { Addresses: account.addresses, $metadata: { attempts: 1 } };
  });
  mock
    .on(DescribeSecurityGroupsCommand)
    .callsFake((i: Input) =>
      paged('DescribeSecurityGroups', 'SecurityGroups', account.securityGroups, byVpcId(), i),
    );
  mock
    .on(DescribeNetworkAclsCommand)
    .callsFake((i: Input) => paged('DescribeNetworkAcls', 'NetworkAcls', account.networkAcls, byVpcId(), i));
  mock
    .on(DescribeNetworkInterfacesCommand)
    .callsFake((i: Input) =>
      paged('DescribeNetworkInterfaces', 'NetworkInterfaces', account.networkInterfaces, byVpcId(), i),
    );
  mock
    .on(DescribeInstancesCommand)
    .callsFake((i: Input) =>
      paged(
        'DescribeInstances',
        'Reservations',
        account.reservations,
        { 'vpc-id': (r) => (r.Instances ?? []).map((x: Instance) => x.VpcId) },
        i,
      ),
    );
  mock
    .on(DescribeFlowLogsCommand)
    .callsFake((i: Input) =>
      paged('DescribeFlowLogs', 'FlowLogs', account.flowLogs, { 'resource-id': (x) => [x.ResourceId] }, i),
    );
  mock.on(DescribeVpcPeeringConnectionsCommand).callsFake((i: Input) =>
    paged(
      'DescribeVpcPeeringConnections',
      'VpcPeeringConnections',
      account.vpcPeeringConnections,
      {
        'requester-vpc-info.vpc-id': (x) => [x.RequesterVpcInfo?.VpcId],
        'accepter-vpc-info.vpc-id': (x) => [x.AccepterVpcInfo?.VpcId],
      },
      i,
    ),
  );
  mock.on(DescribeVpcAttributeCommand).callsFake((i: { VpcId: string; Attribute: string }) => {
    fail('DescribeVpcAttribute', i.VpcId);
    const attributes = account.vpcAttributes[i.VpcId] ?? {};
    const value =
      i.Attribute === 'enableDnsSupport' ? attributes.EnableDnsSupport : attributes.EnableDnsHostnames;
    const key = i.Attribute === 'enableDnsSupport' ? 'EnableDnsSupport' : 'EnableDnsHostnames';
    return { VpcId: i.VpcId, [key]: { Value: value }, $metadata: { attempts: 1 } };
  });
  mock.on(DescribeStaleSecurityGroupsCommand).callsFake((i: Input & { VpcId: string }) => {
    fail('DescribeStaleSecurityGroups', i.VpcId);
    const stale = account.staleSecurityGroups[i.VpcId] ?? [];
    return paged(`DescribeStaleSecurityGroups`, 'StaleSecurityGroupSet', stale, {}, i);
  });
  return { ec2, mock, requests };
}

export interface PageRequest {
  api: string;
  MaxResults?: number;
  NextToken?: string;
}

function applyFilters<T>(items: T[], filters: Filter[] | undefined, fields: FilterFields<T>): T[] {
  let out = items;
  for (const filter of filters ?? []) {
    const field = filter.Name ? fields[filter.Name] : undefined;
    if (!field) throw awsError('InvalidParameterValue', `The filter '${filter.Name}' is invalid`);
    const wanted = new Set(filter.Values ?? []);
    out = out.filter((item) => field(item).some((v) => v !== undefined && wanted.has(v)));
  }
  return out;
}

export function fakeSts(
  result: { account?: string; error?: Error } = { account: ACCOUNT_ID },
  sts = new STSClient({ region: 'us-east-1' }),
): { sts: STSClient; mock: AwsClientStub<STSClient> } {
  const mock = mockClient(sts);
  if (result.error) mock.on(GetCallerIdentityCommand).rejects(result.error);
  else
    mock.on(GetCallerIdentityCommand).resolves({
      Account: result.account,
      Arn: `arn:aws:iam::${result.account}:user/auditor`,
      UserId: 'AIDAEXAMPLE',
      $metadata: { attempts: 1 },
    });
  return { sts, mock };
}
