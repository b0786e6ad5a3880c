import type {
  Address,
  FlowLog,
  Instance,
  InternetGateway,
  NatGateway,
  NetworkAcl,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  StaleSecurityGroup,
  Subnet,
  Vpc,
  VpcPeeringConnection,
} from '@aws-sdk/client-ec2';

/**
 * The public, versioned Snapshot format (ARCHITECTURE.md). Lists hold the EC2 API shapes exactly as
 * `aws ec2 describe-* --output json` and the SDK v3 return them, so the SDK's own types describe them.
 * Timestamps arrive as ISO strings from JSON; no rule reads them.
 */
export const SNAPSHOT_SCHEMA_VERSION = 1;

export interface VpcAttributes {
  EnableDnsSupport?: boolean;
  EnableDnsHostnames?: boolean;
}

/** One failed API call during collection. `vpcId` is set when the call was made for one VPC only. */
export interface CollectionError {
  api: string;
  code: string;
  message: string;
  vpcId?: string;
}

/** What a collection covered: the whole region, or only some VPCs (change-triggered audits). */
export interface SnapshotScope {
  vpcIds?: string[];
}

export interface Snapshot {
  schemaVersion: number;
  accountId: string;
  region: string;
  collectedAt: string;
  scope?: SnapshotScope;
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
  instances: Instance[];
  flowLogs: FlowLog[];
  vpcPeeringConnections: VpcPeeringConnection[];
  staleSecurityGroups: StaleSecurityGroup[];
  errors: CollectionError[];
}

/** The parts of a Snapshot a rule can require; each is filled by one EC2 API. */
export type SnapshotPart =
  | 'vpcs'
  | 'vpcAttributes'
  | 'subnets'
  | 'routeTables'
  | 'internetGateways'
  | 'natGateways'
  | 'addresses'
  | 'securityGroups'
  | 'networkAcls'
  | 'networkInterfaces'
  | 'instances'
  | 'flowLogs'
  | 'vpcPeeringConnections'
  | 'staleSecurityGroups';

/** The EC2 API behind each part: a collection error on that API means the part is incomplete. */
export const PART_API: Record<SnapshotPart, string> = {
  vpcs: 'DescribeVpcs',
  vpcAttributes: 'DescribeVpcAttribute',
  subnets: 'DescribeSubnets',
  routeTables: 'DescribeRouteTables',
  internetGateways: 'DescribeInternetGateways',
  natGateways: 'DescribeNatGateways',
  addresses: 'DescribeAddresses',
  securityGroups: 'DescribeSecurityGroups',
  networkAcls: 'DescribeNetworkAcls',
  networkInterfaces: 'DescribeNetworkInterfaces',
  instances: 'DescribeInstances',
  flowLogs: 'DescribeFlowLogs',
  vpcPeeringConnections: 'DescribeVpcPeeringConnections',
  staleSecurityGroups: 'DescribeStaleSecurityGroups',
};

export const SNAPSHOT_PARTS = Object.keys(PART_API) as SnapshotPart[];

export type {
  Address,
  FlowLog,
  Instance,
  InternetGateway,
  NatGateway,
  NetworkAcl,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  StaleSecurityGroup,
  Subnet,
  Vpc,
  VpcPeeringConnection,
};

/** A Snapshot with every list empty, in the documented field order: the start of every builder. */
export function emptySnapshot(meta: { accountId: string; region: string; collectedAt: string }): Snapshot {
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    ...meta,
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
    instances: [],
    flowLogs: [],
    vpcPeeringConnections: [],
    staleSecurityGroups: [],
    errors: [],
  };
}
