/**
 * The APIs collection calls, and the largest page each paginated one accepts. The EC2 limits are the
 * `MaxResults` ranges of the EC2 service model (botocore `ec2/2016-11-15`: DescribeRouteTablesMaxResults
 * 5-100, DescribeStaleSecurityGroupsMaxResults and DescribeEgressOnlyInternetGatewaysMaxResults 5-255,
 * PrefixListMaxResults 1-100, the others 5-1000; DescribeInstances, DescribeFlowLogs and
 * DescribeVpcEndpoints carry no range trait but their API reference caps a page at 1000). Direct Connect
 * returns at most 100 items a page and Network Firewall's PaginationMaxResults is 1-100. The largest page
 * means the fewest calls, which is what keeps a large account under the request-rate limits.
 */
export const MAX_PAGE_SIZE = {
  DescribeVpcs: 1000,
  DescribeSubnets: 1000,
  DescribeRouteTables: 100,
  DescribeInternetGateways: 1000,
  DescribeNatGateways: 1000,
  DescribeSecurityGroups: 1000,
  DescribeNetworkAcls: 1000,
  DescribeNetworkInterfaces: 1000,
  DescribeInstances: 1000,
  DescribeFlowLogs: 1000,
  DescribeVpcPeeringConnections: 1000,
  DescribeStaleSecurityGroups: 255,
  DescribeManagedPrefixLists: 100,
  GetManagedPrefixListEntries: 100,
  DescribeVpcEndpoints: 1000,
  DescribeEgressOnlyInternetGateways: 255,
  DescribeVpcBlockPublicAccessExclusions: 1000,
  DescribeDhcpOptions: 1000,
  DescribeTransitGateways: 1000,
  DescribeTransitGatewayAttachments: 1000,
  DescribeTransitGatewayVpcAttachments: 1000,
  DescribeTransitGatewayPeeringAttachments: 1000,
  DescribeTransitGatewayRouteTables: 1000,
  SearchTransitGatewayRoutes: 1000,
  GetTransitGatewayRouteTableAssociations: 1000,
  GetTransitGatewayRouteTablePropagations: 1000,
  DescribeDirectConnectGateways: 100,
  DescribeDirectConnectGatewayAssociations: 100,
  DescribeVirtualInterfaces: 100,
  ListFirewalls: 100,
} as const;

export type PaginatedApi = keyof typeof MAX_PAGE_SIZE;

/**
 * Not paginated: DescribeAddresses and the VPN Describe calls return everything at once,
 * DescribeVpcAttribute one attribute, DescribeVpcBlockPublicAccessOptions one object, DescribeFirewall one
 * firewall.
 */
export type SingleCallApi =
  | 'DescribeAddresses'
  | 'DescribeVpcAttribute'
  | 'DescribeVpcBlockPublicAccessOptions'
  | 'DescribeVpnGateways'
  | 'DescribeVpnConnections'
  | 'DescribeCustomerGateways'
  | 'DescribeFirewall'
  | 'GetCallerIdentity';

export type CollectionApi = PaginatedApi | SingleCallApi;

/** The IAM service prefix of each API (the action is `<prefix>:<api>`). */
export type Service = 'ec2' | 'sts' | 'directconnect' | 'network-firewall';

const DIRECT_CONNECT: readonly CollectionApi[] = [
  'DescribeDirectConnectGateways',
  'DescribeDirectConnectGatewayAssociations',
  'DescribeVirtualInterfaces',
];
const NETWORK_FIREWALL: readonly CollectionApi[] = ['ListFirewalls', 'DescribeFirewall'];

export function serviceOf(api: CollectionApi): Service {
  if (api === 'GetCallerIdentity') return 'sts';
  if (DIRECT_CONNECT.includes(api)) return 'directconnect';
  if (NETWORK_FIREWALL.includes(api)) return 'network-firewall';
  return 'ec2';
}

/** Every API a full collection calls (the read-only IAM policy in docs/iam-permissions.md lists these). */
export const COLLECTION_APIS: readonly CollectionApi[] = [
  'GetCallerIdentity',
  'DescribeVpcs',
  'DescribeVpcAttribute',
  'DescribeSubnets',
  'DescribeRouteTables',
  'DescribeInternetGateways',
  'DescribeNatGateways',
  'DescribeAddresses',
  'DescribeSecurityGroups',
  'DescribeNetworkAcls',
  'DescribeNetworkInterfaces',
  'DescribeInstances',
  'DescribeFlowLogs',
  'DescribeVpcPeeringConnections',
  'DescribeStaleSecurityGroups',
  'DescribeManagedPrefixLists',
  'GetManagedPrefixListEntries',
  'DescribeVpcEndpoints',
  'DescribeEgressOnlyInternetGateways',
  'DescribeVpcBlockPublicAccessOptions',
  'DescribeVpcBlockPublicAccessExclusions',
  'DescribeDhcpOptions',
  'DescribeTransitGateways',
  'DescribeTransitGatewayAttachments',
  'DescribeTransitGatewayVpcAttachments',
  'DescribeTransitGatewayPeeringAttachments',
  'DescribeTransitGatewayRouteTables',
  'SearchTransitGatewayRoutes',
  'GetTransitGatewayRouteTableAssociations',
  'GetTransitGatewayRouteTablePropagations',
  'DescribeVpnGateways',
  'DescribeVpnConnections',
  'DescribeCustomerGateways',
  'DescribeDirectConnectGateways',
  'DescribeDirectConnectGatewayAssociations',
  'DescribeVirtualInterfaces',
  'ListFirewalls',
  'DescribeFirewall',
];

/** The IAM actions of COLLECTION_APIS, `ec2:DescribeVpcs`, `directconnect:DescribeVirtualInterfaces`... */
export const COLLECTION_ACTIONS: readonly string[] = COLLECTION_APIS.map((api) => `${serviceOf(api)}:${api}`);
