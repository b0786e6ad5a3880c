import {
  DescribeDirectConnectGatewayAssociationsCommand,
  DescribeDirectConnectGatewaysCommand,
  DescribeVirtualInterfacesCommand,
  DirectConnectClient,
  type DirectConnectGateway,
  type DirectConnectGatewayAssociation,
  type VirtualInterface,
} from '@aws-sdk/client-direct-connect';
import {
  DescribeAddressesCommand,
  DescribeCustomerGatewaysCommand,
  DescribeDhcpOptionsCommand,
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeManagedPrefixListsCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewayPeeringAttachmentsCommand,
  DescribeTransitGatewayRouteTablesCommand,
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVpcBlockPublicAccessExclusionsCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpnConnectionsCommand,
  DescribeVpnGatewaysCommand,
  GetManagedPrefixListEntriesCommand,
  GetTransitGatewayRouteTableAssociationsCommand,
  GetTransitGatewayRouteTablePropagationsCommand,
  SearchTransitGatewayRoutesCommand,
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
  type CustomerGateway,
  type DhcpOptions,
  type EgressOnlyInternetGateway,
  type Filter,
  type ManagedPrefixList,
  type PrefixListEntry,
  type TransitGateway,
  type TransitGatewayAttachment,
  type TransitGatewayPeeringAttachment,
  type TransitGatewayRoute,
  type TransitGatewayRouteTable,
  type TransitGatewayRouteTableAssociation,
  type TransitGatewayRouteTablePropagation,
  type TransitGatewayVpcAttachment,
  type VpcBlockPublicAccessExclusion,
  type VpcBlockPublicAccessOptions,
  type VpcEndpoint,
  type VpnConnection,
  type VpnGateway,
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
import {
  DescribeFirewallCommand,
  ListFirewallsCommand,
  NetworkFirewallClient,
} from '@aws-sdk/client-network-firewall';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { CollectionClients } from '../../lambda/collect';
import type { NetworkFirewall, VpcAttributes } from '../../lambda/snapshot/types';

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
  /** Version 2 (optional here, empty when absent). Per-item data is keyed by the parent's id. */
  managedPrefixLists?: ManagedPrefixList[];
  prefixListEntries?: Record<string, PrefixListEntry[]>;
  vpcEndpoints?: VpcEndpoint[];
  egressOnlyInternetGateways?: EgressOnlyInternetGateway[];
  vpcBlockPublicAccessOptions?: VpcBlockPublicAccessOptions;
  vpcBlockPublicAccessExclusions?: VpcBlockPublicAccessExclusion[];
  dhcpOptions?: DhcpOptions[];
  transitGateways?: TransitGateway[];
  transitGatewayAttachments?: TransitGatewayAttachment[];
  transitGatewayVpcAttachments?: TransitGatewayVpcAttachment[];
  transitGatewayPeeringAttachments?: TransitGatewayPeeringAttachment[];
  transitGatewayRouteTables?: TransitGatewayRouteTable[];
  transitGatewayRoutes?: Record<string, TransitGatewayRoute[]>;
  transitGatewayAssociations?: Record<string, TransitGatewayRouteTableAssociation[]>;
  transitGatewayPropagations?: Record<string, TransitGatewayRouteTablePropagation[]>;
  /** Answer SearchTransitGatewayRoutes as before pagination: at most this many, then AdditionalRoutesAvailable. */
  routeSearchCap?: number;
  vpnGateways?: VpnGateway[];
  vpnConnections?: VpnConnection[];
  customerGateways?: CustomerGateway[];
  directConnectGateways?: DirectConnectGateway[];
  directConnectGatewayAssociations?: DirectConnectGatewayAssociation[];
  virtualInterfaces?: VirtualInterface[];
  networkFirewalls?: NetworkFirewall[];
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

/** A failure the fake returns for one API, optionally for one VPC or item (a prefix list...) or from one page on. */
export interface Failure {
  api: string;
  error: Error;
  vpcId?: string;
  resourceId?: string;
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
  DescribeEgressOnlyInternetGateways: [5, 255],
  DescribeManagedPrefixLists: [1, 100],
  GetManagedPrefixListEntries: [1, 100],
  ListFirewalls: [1, 100],
};

type Input = { Filters?: Filter[]; Filter?: Filter[]; MaxResults?: number; NextToken?: string };

/** A failure matching this call, if a test asked for one. */
function failureFor(failures: Failure[], api: string, id?: string, page = 0): Error | undefined {
  return failures.find(
    (f) =>
      f.api === api &&
      (f.vpcId === undefined || f.vpcId === id) &&
      (f.resourceId === undefined || f.resourceId === id) &&
      page >= (f.fromPage ?? 0),
  )?.error;
}
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

  const fail = (api: string, id?: string, page = 0): void => {
    const failure = failureFor(failures, api, id, page);
    if (failure) throw failure;
  };

  function paged<T>(
    api: string,
    key: string,
    items: T[],
    fields: FilterFields<T>,
    input: Input,
    resourceId?: string,
  ) {
    const [min, max] = PAGE_LIMITS[api] ?? [5, 1000];
    if (input.MaxResults !== undefined && (input.MaxResults < min || input.MaxResults > max)) {
      throw awsError('InvalidParameterValue', `MaxResults must be between ${min} and ${max}`);
    }
    const page = pages.get(api) ?? 0;
    pages.set(api, page + 1);
    requests.push({ api, MaxResults: input.MaxResults, NextToken: input.NextToken });
    fail(api, resourceId, page);
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

  const single = <T>(api: string, key: string, items: T[] | undefined) => {
    fail(api);
    return { [key]: items ?? [], $metadata: { attempts: 1 } };
  };
  mock
    .on(DescribeManagedPrefixListsCommand)
    .callsFake((i: Input) =>
      paged('DescribeManagedPrefixLists', 'PrefixLists', account.managedPrefixLists ?? [], {}, i),
    );
  mock
    .on(GetManagedPrefixListEntriesCommand)
    .callsFake((i: Input & { PrefixListId: string }) =>
      paged(
        'GetManagedPrefixListEntries',
        'Entries',
        account.prefixListEntries?.[i.PrefixListId] ?? [],
        {},
        i,
        i.PrefixListId,
      ),
    );
  mock
    .on(DescribeVpcEndpointsCommand)
    .callsFake((i: Input) =>
      paged('DescribeVpcEndpoints', 'VpcEndpoints', account.vpcEndpoints ?? [], byVpcId(), i),
    );
  // Only tag filters exist for egress-only gateways: the fake rejects any other, as EC2 does.
  mock
    .on(DescribeEgressOnlyInternetGatewaysCommand)
    .callsFake((i: Input) =>
      paged(
        'DescribeEgressOnlyInternetGateways',
        'EgressOnlyInternetGateways',
        account.egressOnlyInternetGateways ?? [],
        {},
        i,
      ),
    );
  mock.on(DescribeVpcBlockPublicAccessOptionsCommand).callsFake(() => {
    fail('DescribeVpcBlockPublicAccessOptions');
    return { VpcBlockPublicAccessOptions: account.vpcBlockPublicAccessOptions, $metadata: { attempts: 1 } };
  });
  mock
    .on(DescribeVpcBlockPublicAccessExclusionsCommand)
    .callsFake((i: Input) =>
      paged(
        'DescribeVpcBlockPublicAccessExclusions',
        'VpcBlockPublicAccessExclusions',
        account.vpcBlockPublicAccessExclusions ?? [],
        {},
        i,
      ),
    );
  mock
    .on(DescribeDhcpOptionsCommand)
    .callsFake((i: Input) => paged('DescribeDhcpOptions', 'DhcpOptions', account.dhcpOptions ?? [], {}, i));
  mock
    .on(DescribeTransitGatewaysCommand)
    .callsFake((i: Input) =>
      paged('DescribeTransitGateways', 'TransitGateways', account.transitGateways ?? [], {}, i),
    );
  mock
    .on(DescribeTransitGatewayAttachmentsCommand)
    .callsFake((i: Input) =>
      paged(
        'DescribeTransitGatewayAttachments',
        'TransitGatewayAttachments',
        account.transitGatewayAttachments ?? [],
        {},
        i,
      ),
    );
  mock
    .on(DescribeTransitGatewayVpcAttachmentsCommand)
    .callsFake((i: Input) =>
      paged(
        'DescribeTransitGatewayVpcAttachments',
        'TransitGatewayVpcAttachments',
        account.transitGatewayVpcAttachments ?? [],
        byVpcId(),
        i,
      ),
    );
  mock
    .on(DescribeTransitGatewayPeeringAttachmentsCommand)
    .callsFake((i: Input) =>
      paged(
        'DescribeTransitGatewayPeeringAttachments',
        'TransitGatewayPeeringAttachments',
        account.transitGatewayPeeringAttachments ?? [],
        {},
        i,
      ),
    );
  mock
    .on(DescribeTransitGatewayRouteTablesCommand)
    .callsFake((i: Input) =>
      paged(
        'DescribeTransitGatewayRouteTables',
        'TransitGatewayRouteTables',
        account.transitGatewayRouteTables ?? [],
        {},
        i,
      ),
    );
  type TableInput = Input & { TransitGatewayRouteTableId: string };
  mock.on(SearchTransitGatewayRoutesCommand).callsFake((i: TableInput) => {
    const routes = account.transitGatewayRoutes?.[i.TransitGatewayRouteTableId] ?? [];
    const fields: FilterFields<TransitGatewayRoute> = { state: (r) => [r.State] };
    if (account.routeSearchCap === undefined) {
      return paged('SearchTransitGatewayRoutes', 'Routes', routes, fields, i, i.TransitGatewayRouteTableId);
    }
    fail('SearchTransitGatewayRoutes', i.TransitGatewayRouteTableId);
    requests.push({ api: 'SearchTransitGatewayRoutes', MaxResults: i.MaxResults });
    const found = applyFilters(routes, i.Filters, fields);
    return {
      Routes: found.slice(0, account.routeSearchCap),
      AdditionalRoutesAvailable: found.length > account.routeSearchCap,
      $metadata: { attempts: 1 },
    };
  });
  mock
    .on(GetTransitGatewayRouteTableAssociationsCommand)
    .callsFake((i: TableInput) =>
      paged(
        'GetTransitGatewayRouteTableAssociations',
        'Associations',
        account.transitGatewayAssociations?.[i.TransitGatewayRouteTableId] ?? [],
        {},
        i,
        i.TransitGatewayRouteTableId,
      ),
    );
  mock
    .on(GetTransitGatewayRouteTablePropagationsCommand)
    .callsFake((i: TableInput) =>
      paged(
        'GetTransitGatewayRouteTablePropagations',
        'TransitGatewayRouteTablePropagations',
        account.transitGatewayPropagations?.[i.TransitGatewayRouteTableId] ?? [],
        {},
        i,
        i.TransitGatewayRouteTableId,
      ),
    );
  mock
    .on(DescribeVpnGatewaysCommand)
    .callsFake(() => single('DescribeVpnGateways', 'VpnGateways', account.vpnGateways));
  mock
    .on(DescribeVpnConnectionsCommand)
    .callsFake(() => single('DescribeVpnConnections', 'VpnConnections', account.vpnConnections));
  mock
    .on(DescribeCustomerGatewaysCommand)
    .callsFake(() => single('DescribeCustomerGateways', 'CustomerGateways', account.customerGateways));
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

type DxInput = { maxResults?: number; nextToken?: string };

/**
 * Direct Connect on a real client: pages by maxResults (at most 100 a page, as the service answers) and
 * nextToken; associations are asked for per gateway, as the API requires.
 */
export function fakeDirectConnect(
  account: FakeAccount,
  failures: Failure[] = [],
  client = new DirectConnectClient({ region: 'us-east-1' }),
  requests: PageRequest[] = [],
): { directConnect: DirectConnectClient; mock: AwsClientStub<DirectConnectClient> } {
  const mock = mockClient(client);
  function paged<T>(api: string, key: string, items: T[], input: DxInput, resourceId?: string) {
    requests.push({ api, MaxResults: input.maxResults, NextToken: input.nextToken });
    const failure = failureFor(failures, api, resourceId);
    if (failure) throw failure;
    const size = Math.min(input.maxResults ?? 100, 100);
    const start = input.nextToken ? Number(input.nextToken) : 0;
    const end = start + size;
    return {
      [key]: items.slice(start, end),
      nextToken: end < items.length ? String(end) : undefined,
      $metadata: { attempts: 1 },
    };
  }
  mock
    .on(DescribeDirectConnectGatewaysCommand)
    .callsFake((i: DxInput) =>
      paged('DescribeDirectConnectGateways', 'directConnectGateways', account.directConnectGateways ?? [], i),
    );
  mock
    .on(DescribeDirectConnectGatewayAssociationsCommand)
    .callsFake((i: DxInput & { directConnectGatewayId?: string }) => {
      if (!i.directConnectGatewayId) {
        throw awsError('DirectConnectClientException', 'a gateway or a virtual gateway is required');
      }
      const associations = (account.directConnectGatewayAssociations ?? []).filter(
        (a) => a.directConnectGatewayId === i.directConnectGatewayId,
      );
      return paged(
        'DescribeDirectConnectGatewayAssociations',
        'directConnectGatewayAssociations',
        associations,
        i,
        i.directConnectGatewayId,
      );
    });
  mock
    .on(DescribeVirtualInterfacesCommand)
    .callsFake((i: DxInput) =>
      paged('DescribeVirtualInterfaces', 'virtualInterfaces', account.virtualInterfaces ?? [], i),
    );
  return { directConnect: client, mock };
}

/** Network Firewall on a real client: ListFirewalls pages and filters by VpcIds; DescribeFirewall by ARN. */
export function fakeNetworkFirewall(
  account: FakeAccount,
  failures: Failure[] = [],
  client = new NetworkFirewallClient({ region: 'us-east-1' }),
  requests: PageRequest[] = [],
): { networkFirewall: NetworkFirewallClient; mock: AwsClientStub<NetworkFirewallClient> } {
  const mock = mockClient(client);
  const firewalls = account.networkFirewalls ?? [];
  mock
    .on(ListFirewallsCommand)
    .callsFake((i: { MaxResults?: number; NextToken?: string; VpcIds?: string[] }) => {
      requests.push({ api: 'ListFirewalls', MaxResults: i.MaxResults, NextToken: i.NextToken });
      if (i.MaxResults !== undefined && (i.MaxResults < 1 || i.MaxResults > 100)) {
        throw awsError('InvalidRequestException', 'MaxResults must be between 1 and 100');
      }
      const failure = failureFor(failures, 'ListFirewalls');
      if (failure) throw failure;
      const scoped = i.VpcIds ? firewalls.filter((f) => i.VpcIds!.includes(f.VpcId ?? '')) : firewalls;
      const start = i.NextToken ? Number(i.NextToken) : 0;
      const end = start + (i.MaxResults ?? 100);
      return {
        Firewalls: scoped
          .slice(start, end)
          .map(({ FirewallName, FirewallArn }) => ({ FirewallName, FirewallArn })),
        NextToken: end < scoped.length ? String(end) : undefined,
        $metadata: { attempts: 1 },
      };
    });
  mock.on(DescribeFirewallCommand).callsFake((i: { FirewallArn?: string }) => {
    requests.push({ api: 'DescribeFirewall' });
    const failure = failureFor(failures, 'DescribeFirewall', i.FirewallArn);
    if (failure) throw failure;
    const found = firewalls.find((f) => f.FirewallArn === i.FirewallArn);
    if (!found) throw awsError('ResourceNotFoundException', `no firewall ${i.FirewallArn}`);
    const { FirewallStatus, ...Firewall } = found;
    return { Firewall, FirewallStatus, UpdateToken: 'token', $metadata: { attempts: 1 } };
  });
  return { networkFirewall: client, mock };
}

/** Every collection client, each answering from the same fake account. */
export function fakeClients(account: FakeAccount, failures: Failure[] = []) {
  const { ec2, mock, requests } = fakeEc2(account, failures);
  const { sts } = fakeSts();
  const dx = fakeDirectConnect(account, failures, undefined, requests);
  const nfw = fakeNetworkFirewall(account, failures, undefined, requests);
  const clients: CollectionClients = {
    ec2,
    sts,
    directConnect: dx.directConnect,
    networkFirewall: nfw.networkFirewall,
  };
  return { clients, mock, directConnectMock: dx.mock, networkFirewallMock: nfw.mock, requests };
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
