import type {
  DirectConnectGateway,
  DirectConnectGatewayAssociation,
  VirtualInterface,
} from '@aws-sdk/client-direct-connect';
import type {
  Address,
  CustomerGateway,
  DhcpOptions,
  EgressOnlyInternetGateway,
  FlowLog,
  Instance,
  InternetGateway,
  ManagedPrefixList,
  NatGateway,
  NetworkAcl,
  NetworkInterface,
  PrefixListEntry,
  RouteTable,
  SecurityGroup,
  StaleSecurityGroup,
  Subnet,
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayPeeringAttachment,
  TransitGatewayRoute,
  TransitGatewayRouteTable,
  TransitGatewayRouteTableAssociation,
  TransitGatewayRouteTablePropagation,
  TransitGatewayVpcAttachment,
  Vpc,
  VpcBlockPublicAccessExclusion,
  VpcBlockPublicAccessOptions,
  VpcEndpoint,
  VpcPeeringConnection,
  VpnConnection,
  VpnGateway,
} from '@aws-sdk/client-ec2';
import type { Firewall, FirewallStatus } from '@aws-sdk/client-network-firewall';

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

/** DescribeManagedPrefixLists, with `Entries` from GetManagedPrefixListEntries merged in. */
export type ManagedPrefixListWithEntries = ManagedPrefixList & { Entries?: PrefixListEntry[] };

/** DescribeTransitGatewayRouteTables, with its routes, associations and propagations merged in. */
export type TransitGatewayRouteTableWithRoutes = TransitGatewayRouteTable & {
  Routes?: TransitGatewayRoute[];
  Associations?: TransitGatewayRouteTableAssociation[];
  Propagations?: TransitGatewayRouteTablePropagation[];
};

/** Network Firewall DescribeFirewall: its `Firewall` object with `FirewallStatus` merged in. */
export type NetworkFirewall = Firewall & { FirewallStatus?: FirewallStatus };

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
  /*
   * Version 2 additions (the path engine). Each is optional: a list absent from a file was not collected,
   * never "collected and empty", and what needs it is NOT_EVALUATED or unverifiable.
   */
  managedPrefixLists?: ManagedPrefixListWithEntries[];
  vpcEndpoints?: VpcEndpoint[];
  egressOnlyInternetGateways?: EgressOnlyInternetGateway[];
  vpcBlockPublicAccessOptions?: VpcBlockPublicAccessOptions;
  vpcBlockPublicAccessExclusions?: VpcBlockPublicAccessExclusion[];
  dhcpOptions?: DhcpOptions[];
  transitGateways?: TransitGateway[];
  transitGatewayAttachments?: TransitGatewayAttachment[];
  transitGatewayVpcAttachments?: TransitGatewayVpcAttachment[];
  transitGatewayPeeringAttachments?: TransitGatewayPeeringAttachment[];
  transitGatewayRouteTables?: TransitGatewayRouteTableWithRoutes[];
  vpnGateways?: VpnGateway[];
  vpnConnections?: VpnConnection[];
  customerGateways?: CustomerGateway[];
  /** The Direct Connect API's own camelCase shapes, as it returns them. */
  directConnectGateways?: DirectConnectGateway[];
  directConnectGatewayAssociations?: DirectConnectGatewayAssociation[];
  virtualInterfaces?: VirtualInterface[];
  networkFirewalls?: NetworkFirewall[];
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
  | 'staleSecurityGroups'
  | V2Part;

/** The parts version 2 added: optional in a file, absent meaning "not collected". */
export type V2Part =
  | 'managedPrefixLists'
  | 'vpcEndpoints'
  | 'egressOnlyInternetGateways'
  | 'vpcBlockPublicAccessOptions'
  | 'vpcBlockPublicAccessExclusions'
  | 'dhcpOptions'
  | 'transitGateways'
  | 'transitGatewayAttachments'
  | 'transitGatewayVpcAttachments'
  | 'transitGatewayPeeringAttachments'
  | 'transitGatewayRouteTables'
  | 'vpnGateways'
  | 'vpnConnections'
  | 'customerGateways'
  | 'directConnectGateways'
  | 'directConnectGatewayAssociations'
  | 'virtualInterfaces'
  | 'networkFirewalls';

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
  managedPrefixLists: 'DescribeManagedPrefixLists',
  vpcEndpoints: 'DescribeVpcEndpoints',
  egressOnlyInternetGateways: 'DescribeEgressOnlyInternetGateways',
  vpcBlockPublicAccessOptions: 'DescribeVpcBlockPublicAccessOptions',
  vpcBlockPublicAccessExclusions: 'DescribeVpcBlockPublicAccessExclusions',
  dhcpOptions: 'DescribeDhcpOptions',
  transitGateways: 'DescribeTransitGateways',
  transitGatewayAttachments: 'DescribeTransitGatewayAttachments',
  transitGatewayVpcAttachments: 'DescribeTransitGatewayVpcAttachments',
  transitGatewayPeeringAttachments: 'DescribeTransitGatewayPeeringAttachments',
  transitGatewayRouteTables: 'DescribeTransitGatewayRouteTables',
  vpnGateways: 'DescribeVpnGateways',
  vpnConnections: 'DescribeVpnConnections',
  customerGateways: 'DescribeCustomerGateways',
  directConnectGateways: 'DescribeDirectConnectGateways',
  directConnectGatewayAssociations: 'DescribeDirectConnectGatewayAssociations',
  virtualInterfaces: 'DescribeVirtualInterfaces',
  networkFirewalls: 'DescribeFirewall',
};

/** Further APIs whose failure leaves a part incomplete (data merged into the part's items). */
export const PART_MORE_APIS: Partial<Record<SnapshotPart, readonly string[]>> = {
  managedPrefixLists: ['GetManagedPrefixListEntries'],
  transitGatewayRouteTables: [
    'SearchTransitGatewayRoutes',
    'GetTransitGatewayRouteTableAssociations',
    'GetTransitGatewayRouteTablePropagations',
  ],
  networkFirewalls: ['ListFirewalls'],
};

export const SNAPSHOT_PARTS = Object.keys(PART_API) as SnapshotPart[];

/** The parts of schema version 1: always present in a loaded snapshot. */
export const V1_PARTS = SNAPSHOT_PARTS.slice(0, SNAPSHOT_PARTS.indexOf('managedPrefixLists'));

/** The parts a snapshot may lack (not collected): version 2's. */
export const V2_PARTS = SNAPSHOT_PARTS.slice(SNAPSHOT_PARTS.indexOf('managedPrefixLists')) as V2Part[];

/** The part an API's failure leaves incomplete, if any. */
export function partOfApi(api: string): SnapshotPart | undefined {
  for (const part of SNAPSHOT_PARTS) {
    if (PART_API[part] === api || PART_MORE_APIS[part]?.includes(api)) return part;
  }
  return undefined;
}

export type {
  Address,
  CustomerGateway,
  DhcpOptions,
  DirectConnectGateway,
  DirectConnectGatewayAssociation,
  EgressOnlyInternetGateway,
  FlowLog,
  Instance,
  InternetGateway,
  ManagedPrefixList,
  NatGateway,
  NetworkAcl,
  NetworkInterface,
  PrefixListEntry,
  RouteTable,
  SecurityGroup,
  StaleSecurityGroup,
  Subnet,
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayPeeringAttachment,
  TransitGatewayRoute,
  TransitGatewayVpcAttachment,
  VirtualInterface,
  Vpc,
  VpcBlockPublicAccessExclusion,
  VpcBlockPublicAccessOptions,
  VpcEndpoint,
  VpcPeeringConnection,
  VpnConnection,
  VpnGateway,
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
    managedPrefixLists: [],
    vpcEndpoints: [],
    egressOnlyInternetGateways: [],
    vpcBlockPublicAccessOptions: { State: 'default-state', InternetGatewayBlockMode: 'off' },
    vpcBlockPublicAccessExclusions: [],
    dhcpOptions: [],
    transitGateways: [],
    transitGatewayAttachments: [],
    transitGatewayVpcAttachments: [],
    transitGatewayPeeringAttachments: [],
    transitGatewayRouteTables: [],
    vpnGateways: [],
    vpnConnections: [],
    customerGateways: [],
    directConnectGateways: [],
    directConnectGatewayAssociations: [],
    virtualInterfaces: [],
    networkFirewalls: [],
    errors: [],
  };
}
