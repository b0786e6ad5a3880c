import type {
  Address,
  FlowLog,
  Instance,
  InternetGateway,
  IpPermission,
  NatGateway,
  NetworkAcl,
  NetworkAclEntry,
  NetworkInterface,
  Route,
  RouteTable,
  SecurityGroup,
  Subnet,
  Vpc,
  VpcBlockPublicAccessExclusion,
  VpcEndpoint,
  VpcPeeringConnection,
} from '@aws-sdk/client-ec2';
import {
  emptySnapshot,
  type CollectionError,
  type ManagedPrefixList,
  type ManagedPrefixListWithEntries,
  type Snapshot,
  type VpcAttributes,
} from '../../lambda/snapshot/types';
import { plain } from './permissions';

/**
 * Builds a consistent network the way AWS would hold it, with readable deterministic ids (vpc-1,
 * subnet-2...). Like AWS, a new VPC comes with a main route table (local route only), a default NACL
 * (allow everything both ways) and a default security group (self-referencing ingress, all egress),
 * unless `bare: true`.
 *
 *   const net = new NetworkBuilder();
 *   const vpc = net.vpc({ cidr: '10.0.0.0/16' });
 *   const igw = net.internetGateway({ vpc });
 *   const subnet = net.subnet({ vpc, cidr: '10.0.1.0/24', routes: [toIgw(igw)] });
 *   const sg = net.securityGroup({ vpc, ingress: [tcp(22).from('0.0.0.0/0')] });
 *   net.instance({ subnet, groups: [sg], publicIp: '203.0.113.10' });
 *   const snapshot = net.snapshot();
 */
export class NetworkBuilder {
  private counters = new Map<string, number>();
  readonly data: Snapshot;

  constructor(options: { region?: string; accountId?: string; collectedAt?: string } = {}) {
    this.data = emptySnapshot({
      accountId: options.accountId ?? '123456789012',
      region: options.region ?? 'us-east-1',
      collectedAt: options.collectedAt ?? '2026-11-28T00:00:00Z',
    });
  }

  private nextId(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}-${n}`;
  }

  vpc(
    o: {
      id?: string;
      cidr?: string;
      ipv6Cidr?: string;
      isDefault?: boolean;
      dnsSupport?: boolean;
      dnsHostnames?: boolean;
      bare?: boolean;
      flowLog?: boolean;
    } = {},
  ): Vpc {
    const vpc: Vpc = {
      VpcId: o.id ?? this.nextId('vpc'),
      CidrBlock: o.cidr ?? '10.0.0.0/16',
      IsDefault: o.isDefault ?? false,
      State: 'available',
      OwnerId: this.data.accountId,
      ...(o.ipv6Cidr ? { Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: o.ipv6Cidr }] } : {}),
    };
    this.data.vpcs.push(vpc);
    this.data.vpcAttributes[vpc.VpcId!] = {
      EnableDnsSupport: o.dnsSupport ?? true,
      EnableDnsHostnames: o.dnsHostnames ?? true,
    } satisfies VpcAttributes;
    if (!o.bare) {
      this.routeTable({ vpc, main: true });
      this.networkAcl({ vpc, isDefault: true, entries: DEFAULT_NACL_ENTRIES });
      const groupId = this.nextId('sg');
      this.securityGroup({
        vpc,
        id: groupId,
        name: 'default',
        ingress: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: groupId }] }],
        egress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      });
    }
    if (o.flowLog) this.flowLog({ vpc });
    return vpc;
  }

  /** A subnet; `routes` gives it its own route table (explicit association), else it uses the main table. */
  subnet(o: {
    vpc: Vpc;
    id?: string;
    cidr?: string;
    az?: string;
    mapPublicIp?: boolean;
    routes?: Route[];
    routeTable?: RouteTable;
    nacl?: NetworkAcl;
  }): Subnet {
    const subnet: Subnet = {
      SubnetId: o.id ?? this.nextId('subnet'),
      VpcId: o.vpc.VpcId,
      CidrBlock: o.cidr ?? '10.0.1.0/24',
      AvailabilityZone: o.az ?? `${this.data.region}a`,
      MapPublicIpOnLaunch: o.mapPublicIp ?? false,
      State: 'available',
    };
    this.data.subnets.push(subnet);
    if (o.routeTable) this.associate(o.routeTable, subnet);
    else if (o.routes) this.routeTable({ vpc: o.vpc, routes: o.routes, subnets: [subnet] });
    const acl = o.nacl ?? this.data.networkAcls.find((a) => a.VpcId === o.vpc.VpcId && a.IsDefault);
    if (acl) this.associateNacl(acl, subnet);
    return subnet;
  }

  /** A route table with the VPC's local route plus `routes`. */
  routeTable(o: { vpc: Vpc; id?: string; main?: boolean; routes?: Route[]; subnets?: Subnet[] }): RouteTable {
    const id = o.id ?? this.nextId('rtb');
    const table: RouteTable = {
      RouteTableId: id,
      VpcId: o.vpc.VpcId,
      Routes: [
        {
          DestinationCidrBlock: o.vpc.CidrBlock,
          GatewayId: 'local',
          State: 'active',
          Origin: 'CreateRouteTable',
        },
        ...(o.routes ?? []),
      ],
      Associations: o.main
        ? [{ Main: true, RouteTableId: id, RouteTableAssociationId: `rtbassoc-${id}` }]
        : [],
    };
    this.data.routeTables.push(table);
    for (const subnet of o.subnets ?? []) this.associate(table, subnet);
    return table;
  }

  associate(table: RouteTable, subnet: Subnet): void {
    for (const other of this.data.routeTables) {
      other.Associations = (other.Associations ?? []).filter((a) => a.SubnetId !== subnet.SubnetId);
    }
    table.Associations!.push({
      Main: false,
      SubnetId: subnet.SubnetId,
      RouteTableId: table.RouteTableId,
      RouteTableAssociationId: `rtbassoc-${subnet.SubnetId}`,
    });
  }

  /** Adds routes to an existing table. */
  addRoutes(table: RouteTable, ...routes: Route[]): void {
    table.Routes!.push(...routes);
  }

  mainRouteTable(vpc: Vpc): RouteTable {
    const table = this.data.routeTables.find(
      (t) => t.VpcId === vpc.VpcId && t.Associations?.some((a) => a.Main),
    );
    if (!table) throw new Error(`${vpc.VpcId} has no main route table (built bare?)`);
    return table;
  }

  internetGateway(o: { vpc?: Vpc; id?: string; state?: string } = {}): InternetGateway {
    const igw: InternetGateway = {
      InternetGatewayId: o.id ?? this.nextId('igw'),
      Attachments: o.vpc ? [{ VpcId: o.vpc.VpcId, State: (o.state ?? 'available') as 'attached' }] : [],
      OwnerId: this.data.accountId,
    };
    this.data.internetGateways.push(igw);
    return igw;
  }

  /** A NAT gateway; public ones get an Elastic IP unless `publicIp: null`. */
  natGateway(o: {
    subnet: Subnet;
    id?: string;
    state?: string;
    connectivity?: 'public' | 'private';
    publicIp?: string | null;
  }): NatGateway {
    const id = o.id ?? this.nextId('nat');
    const connectivity = o.connectivity ?? 'public';
    const publicIp = o.publicIp === undefined && connectivity === 'public' ? '198.51.100.1' : o.publicIp;
    const nat: NatGateway = {
      NatGatewayId: id,
      VpcId: o.subnet.VpcId,
      SubnetId: o.subnet.SubnetId,
      State: (o.state ?? 'available') as 'available',
      ConnectivityType: connectivity,
      NatGatewayAddresses: [
        {
          PrivateIp: '10.0.0.5',
          ...(publicIp ? { PublicIp: publicIp, AllocationId: `eipalloc-${id}` } : {}),
        },
      ],
    };
    this.data.natGateways.push(nat);
    return nat;
  }

  address(
    o: { allocationId?: string; publicIp?: string; instanceId?: string; networkInterfaceId?: string } = {},
  ): Address {
    const allocationId = o.allocationId ?? this.nextId('eipalloc');
    const address: Address = {
      AllocationId: allocationId,
      PublicIp: o.publicIp ?? `203.0.113.${this.data.addresses.length + 1}`,
      Domain: 'vpc',
      ...(o.instanceId ? { InstanceId: o.instanceId } : {}),
      ...(o.networkInterfaceId ? { NetworkInterfaceId: o.networkInterfaceId } : {}),
      ...(o.instanceId || o.networkInterfaceId ? { AssociationId: `eipassoc-${allocationId}` } : {}),
    };
    this.data.addresses.push(address);
    return address;
  }

  securityGroup(o: {
    vpc: Vpc;
    id?: string;
    name?: string;
    ingress?: IpPermission[];
    egress?: IpPermission[];
  }): SecurityGroup {
    const id = o.id ?? this.nextId('sg');
    const group: SecurityGroup = {
      GroupId: id,
      GroupName: o.name ?? `group-${id}`,
      Description: o.name ?? `group ${id}`,
      VpcId: o.vpc.VpcId,
      OwnerId: this.data.accountId,
      IpPermissions: (o.ingress ?? []).map(plain),
      IpPermissionsEgress: (o.egress ?? [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]).map(
        plain,
      ),
    };
    this.data.securityGroups.push(group);
    return group;
  }

  defaultSecurityGroup(vpc: Vpc): SecurityGroup {
    const group = this.data.securityGroups.find((g) => g.VpcId === vpc.VpcId && g.GroupName === 'default');
    if (!group) throw new Error(`${vpc.VpcId} has no default security group (built bare?)`);
    return group;
  }

  networkAcl(o: {
    vpc: Vpc;
    id?: string;
    isDefault?: boolean;
    entries?: NetworkAclEntry[];
    subnets?: Subnet[];
  }): NetworkAcl {
    const acl: NetworkAcl = {
      NetworkAclId: o.id ?? this.nextId('acl'),
      VpcId: o.vpc.VpcId,
      IsDefault: o.isDefault ?? false,
      // AWS always lists the implicit final deny (*, rule 32767) in both directions.
      Entries: [...(o.entries ?? []), ...IMPLICIT_DENY],
      Associations: [],
    };
    this.data.networkAcls.push(acl);
    for (const subnet of o.subnets ?? []) this.associateNacl(acl, subnet);
    return acl;
  }

  associateNacl(acl: NetworkAcl, subnet: Subnet): void {
    for (const other of this.data.networkAcls) {
      other.Associations = (other.Associations ?? []).filter((a) => a.SubnetId !== subnet.SubnetId);
    }
    acl.Associations!.push({ SubnetId: subnet.SubnetId, NetworkAclId: acl.NetworkAclId });
  }

  networkInterface(o: {
    subnet: Subnet;
    id?: string;
    groups?: SecurityGroup[];
    publicIp?: string;
    instanceId?: string;
    privateIp?: string;
    interfaceType?: string;
  }): NetworkInterface {
    const eni: NetworkInterface = {
      NetworkInterfaceId: o.id ?? this.nextId('eni'),
      SubnetId: o.subnet.SubnetId,
      VpcId: o.subnet.VpcId,
      AvailabilityZone: o.subnet.AvailabilityZone,
      InterfaceType: (o.interfaceType ?? 'interface') as 'interface',
      Status: o.instanceId ? 'in-use' : 'available',
      PrivateIpAddress: o.privateIp ?? '10.0.1.10',
      Groups: (o.groups ?? []).map((g) => ({ GroupId: g.GroupId, GroupName: g.GroupName })),
      // An interface without a public IP comes back with an empty Association, as the API returns it.
      Association: o.publicIp ? { PublicIp: o.publicIp, IpOwnerId: 'amazon' } : {},
      ...(o.instanceId
        ? { Attachment: { InstanceId: o.instanceId, DeviceIndex: 0, Status: 'attached' } }
        : {}),
    };
    this.data.networkInterfaces.push(eni);
    return eni;
  }

  /** An instance with its primary network interface. */
  instance(o: {
    subnet: Subnet;
    id?: string;
    groups?: SecurityGroup[];
    publicIp?: string;
    state?: 'running' | 'stopped' | 'pending' | 'stopping' | 'terminated';
  }): { instance: Instance; eni: NetworkInterface } {
    const id = o.id ?? this.nextId('i');
    const eni = this.networkInterface({
      subnet: o.subnet,
      groups: o.groups ?? [],
      instanceId: id,
      ...(o.publicIp ? { publicIp: o.publicIp } : {}),
    });
    const instance: Instance = {
      InstanceId: id,
      State: { Name: o.state ?? 'running', Code: o.state === 'stopped' ? 80 : 16 },
      SubnetId: o.subnet.SubnetId,
      VpcId: o.subnet.VpcId,
      PrivateIpAddress: eni.PrivateIpAddress,
      ...(o.publicIp ? { PublicIpAddress: o.publicIp } : {}),
      SecurityGroups: eni.Groups,
      NetworkInterfaces: [
        {
          NetworkInterfaceId: eni.NetworkInterfaceId,
          SubnetId: o.subnet.SubnetId,
          VpcId: o.subnet.VpcId,
          Groups: eni.Groups,
          Attachment: { DeviceIndex: 0, Status: 'attached' },
        },
      ],
    };
    this.data.instances.push(instance);
    return { instance, eni };
  }

  flowLog(o: { vpc: Vpc; status?: string; deliverStatus?: string }): FlowLog {
    const log: FlowLog = {
      FlowLogId: this.nextId('fl'),
      ResourceId: o.vpc.VpcId,
      FlowLogStatus: o.status ?? 'ACTIVE',
      DeliverLogsStatus: o.deliverStatus ?? 'SUCCESS',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    };
    this.data.flowLogs.push(log);
    return log;
  }

  peering(o: {
    requester: Vpc;
    accepter: Vpc;
    id?: string;
    status?: string;
    message?: string;
  }): VpcPeeringConnection {
    const peering: VpcPeeringConnection = {
      VpcPeeringConnectionId: o.id ?? this.nextId('pcx'),
      RequesterVpcInfo: {
        VpcId: o.requester.VpcId,
        CidrBlock: o.requester.CidrBlock,
        OwnerId: this.data.accountId,
        Region: this.data.region,
      },
      AccepterVpcInfo: {
        VpcId: o.accepter.VpcId,
        CidrBlock: o.accepter.CidrBlock,
        OwnerId: this.data.accountId,
        Region: this.data.region,
      },
      Status: { Code: (o.status ?? 'active') as 'active', Message: o.message ?? 'Active' },
    };
    this.data.vpcPeeringConnections.push(peering);
    return peering;
  }

  staleGroup(o: {
    groupId: string;
    vpc: Vpc;
    staleIngress?: IpPermission[];
    staleEgress?: IpPermission[];
  }): void {
    this.data.staleSecurityGroups.push({
      GroupId: o.groupId,
      VpcId: o.vpc.VpcId,
      StaleIpPermissions: (o.staleIngress ?? []).map((p) => ({
        IpProtocol: p.IpProtocol,
        FromPort: p.FromPort,
        ToPort: p.ToPort,
        UserIdGroupPairs: p.UserIdGroupPairs,
      })),
      StaleIpPermissionsEgress: (o.staleEgress ?? []).map((p) => ({
        IpProtocol: p.IpProtocol,
        FromPort: p.FromPort,
        ToPort: p.ToPort,
        UserIdGroupPairs: p.UserIdGroupPairs,
      })),
    });
  }

  /** Records a failed API call, as the collector would. */
  error(e: CollectionError): void {
    this.data.errors.push(e);
  }

  /** A deep copy, so tests can keep building after taking a snapshot. */
  snapshot(): Snapshot {
    return structuredClone(this.data);
  }

  /* ---- Rules (issue 14): prefix lists, endpoints, Block Public Access, NAT instances, platforms ---- */

  /** A managed prefix list with its entries; `awsManaged` makes it one of AWS's service lists. */
  prefixList(o: { cidrs: string[]; id?: string; name?: string; awsManaged?: boolean }): ManagedPrefixList {
    const id = o.id ?? this.nextId('pl');
    const list: ManagedPrefixListWithEntries = {
      PrefixListId: id,
      PrefixListName: o.name ?? (o.awsManaged ? 'com.amazonaws.us-east-1.s3' : `list-${id}`),
      AddressFamily: o.cidrs.some((c) => c.includes(':')) ? 'IPv6' : 'IPv4',
      State: 'create-complete',
      OwnerId: o.awsManaged ? 'AWS' : this.data.accountId,
      MaxEntries: Math.max(o.cidrs.length, 1),
      Entries: o.cidrs.map((Cidr) => ({ Cidr })),
    };
    (this.data.managedPrefixLists ??= []).push(list);
    return list;
  }

  /** An interface (default) or gateway VPC endpoint. */
  vpcEndpoint(o: {
    vpc: Vpc;
    id?: string;
    type?: 'Interface' | 'Gateway';
    service?: string;
    groups?: SecurityGroup[];
    subnets?: Subnet[];
    privateDns?: boolean;
    state?: string;
  }): VpcEndpoint {
    const type = o.type ?? 'Interface';
    const endpoint: VpcEndpoint = {
      VpcEndpointId: o.id ?? this.nextId('vpce'),
      VpcEndpointType: type,
      VpcId: o.vpc.VpcId,
      ServiceName: o.service ?? `com.amazonaws.${this.data.region}.${type === 'Gateway' ? 's3' : 'ssm'}`,
      // The API writes endpoint states in lower case ('available'), whatever the SDK's enum says.
      State: (o.state ?? 'available') as VpcEndpoint['State'],
      PrivateDnsEnabled: o.privateDns ?? type === 'Interface',
      Groups: (o.groups ?? []).map((g) => ({ GroupId: g.GroupId, GroupName: g.GroupName })),
      SubnetIds: (o.subnets ?? []).map((s) => s.SubnetId!),
      OwnerId: this.data.accountId,
    };
    (this.data.vpcEndpoints ??= []).push(endpoint);
    return endpoint;
  }

  /** VPC Block Public Access for the region (as DescribeVpcBlockPublicAccessOptions reports it). */
  blockPublicAccess(mode: 'off' | 'block-bidirectional' | 'block-ingress'): void {
    this.data.vpcBlockPublicAccessOptions = {
      AwsAccountId: this.data.accountId,
      AwsRegion: this.data.region,
      State: mode === 'off' ? 'default-state' : 'update-complete',
      InternetGatewayBlockMode: mode,
    };
  }

  /** A Block Public Access exclusion for a VPC or a subnet. */
  blockPublicAccessExclusion(o: {
    resource: Vpc | Subnet;
    mode?: 'allow-bidirectional' | 'allow-egress';
    state?: string;
  }): VpcBlockPublicAccessExclusion {
    const resource =
      'SubnetId' in o.resource && o.resource.SubnetId
        ? `subnet/${o.resource.SubnetId}`
        : `vpc/${o.resource.VpcId}`;
    const exclusion: VpcBlockPublicAccessExclusion = {
      ExclusionId: this.nextId('vpcbpa-exclude'),
      InternetGatewayExclusionMode: o.mode ?? 'allow-bidirectional',
      ResourceArn: `arn:aws:ec2:${this.data.region}:${this.data.accountId}:${resource}`,
      State: (o.state ?? 'create-complete') as 'create-complete',
    };
    (this.data.vpcBlockPublicAccessExclusions ??= []).push(exclusion);
    return exclusion;
  }

  /** Marks an instance as Windows, as DescribeInstances reports it (`Platform: "windows"`). */
  windows(instance: Instance): Instance {
    instance.Platform = 'windows' as Instance['Platform'];
    return instance;
  }

  /** Sets the source/destination check of an instance and its interfaces (a NAT instance turns it off). */
  sourceDestCheck(instance: Instance, on: boolean): Instance {
    instance.SourceDestCheck = on;
    for (const eni of this.data.networkInterfaces) {
      if (eni.Attachment?.InstanceId === instance.InstanceId) eni.SourceDestCheck = on;
    }
    return instance;
  }
}

const DEFAULT_NACL_ENTRIES: NetworkAclEntry[] = [
  { RuleNumber: 100, Egress: false, Protocol: '-1', RuleAction: 'allow', CidrBlock: '0.0.0.0/0' },
  { RuleNumber: 100, Egress: true, Protocol: '-1', RuleAction: 'allow', CidrBlock: '0.0.0.0/0' },
];

const IMPLICIT_DENY: NetworkAclEntry[] = [
  { RuleNumber: 32767, Egress: false, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
  { RuleNumber: 32767, Egress: true, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
];

/** The destination field AWS fills for a CIDR: IPv6 blocks go to DestinationIpv6CidrBlock. */
const destinationOf = (cidr: string): Pick<Route, 'DestinationCidrBlock' | 'DestinationIpv6CidrBlock'> =>
  cidr.includes(':') ? { DestinationIpv6CidrBlock: cidr } : { DestinationCidrBlock: cidr };

/** Routes, named by what they point at (`toIgw(igw, '::/0')` makes the IPv6 default route). */
export const toIgw = (igw: InternetGateway, destination = '0.0.0.0/0'): Route => ({
  ...destinationOf(destination),
  GatewayId: igw.InternetGatewayId,
  State: 'active',
  Origin: 'CreateRoute',
});
export const toNat = (nat: NatGateway, destination = '0.0.0.0/0'): Route => ({
  DestinationCidrBlock: destination,
  NatGatewayId: nat.NatGatewayId,
  State: 'active',
  Origin: 'CreateRoute',
});
export const toPeering = (peering: VpcPeeringConnection, destination: string): Route => ({
  ...destinationOf(destination),
  VpcPeeringConnectionId: peering.VpcPeeringConnectionId,
  State: 'active',
  Origin: 'CreateRoute',
});
/** A route whose target was deleted: AWS keeps it in state blackhole. */
export const blackhole = (route: Route): Route => ({ ...route, State: 'blackhole' });

/* ---- Rules (issue 14): routes to NAT instances ---- */

/** A route to a NAT instance, by its instance id or by its interface. */
export const toInstance = (instance: Instance, destination = '0.0.0.0/0'): Route => ({
  ...destinationOf(destination),
  InstanceId: instance.InstanceId,
  State: 'active',
  Origin: 'CreateRoute',
});
export const toInterface = (eni: NetworkInterface, destination = '0.0.0.0/0'): Route => ({
  ...destinationOf(destination),
  NetworkInterfaceId: eni.NetworkInterfaceId,
  State: 'active',
  Origin: 'CreateRoute',
});
