/**
 * The EC2 APIs collection calls, and the largest page each paginated one accepts. The limits are the
 * `MaxResults` ranges of the EC2 service model (botocore `ec2/2016-11-15`: DescribeRouteTablesMaxResults
 * 5-100, DescribeStaleSecurityGroupsMaxResults 5-255, the others 5-1000; DescribeInstances and
 * DescribeFlowLogs carry no range trait but their API reference caps a page at 1000). The largest page
 * means the fewest calls, which is what keeps a large account under the EC2 request-rate limits.
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
} as const;

export type PaginatedApi = keyof typeof MAX_PAGE_SIZE;

/** Not paginated: DescribeAddresses returns every address at once, DescribeVpcAttribute one attribute. */
export type SingleCallApi = 'DescribeAddresses' | 'DescribeVpcAttribute';

export type Ec2Api = PaginatedApi | SingleCallApi;

/** Every API a full collection calls (the read-only IAM policy in docs/iam-permissions.md lists these). */
export const COLLECTION_APIS: readonly (Ec2Api | 'GetCallerIdentity')[] = [
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
];
