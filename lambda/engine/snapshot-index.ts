import type { Route, Tag } from '@aws-sdk/client-ec2';
import { partitionOf, type Partition } from '../aws/arn';
import type { ResourceType } from './rule';
import {
  partOfApi,
  V2_PARTS,
  type Address,
  type FlowLog,
  type Instance,
  type InternetGateway,
  type NatGateway,
  type NetworkAcl,
  type NetworkInterface,
  type RouteTable,
  type SecurityGroup,
  type Snapshot,
  type SnapshotPart,
  type Subnet,
  type Vpc,
  type VpcPeeringConnection,
} from '../snapshot/types';

/** Where a route sends traffic, from whichever target field AWS filled in. */
export type RouteTarget =
  | { kind: 'local'; id: 'local' }
  | { kind: 'igw'; id: string }
  | { kind: 'eigw'; id: string }
  | { kind: 'nat'; id: string }
  | { kind: 'pcx'; id: string }
  | { kind: 'tgw'; id: string }
  | { kind: 'vgw'; id: string }
  | { kind: 'vpce'; id: string }
  | { kind: 'eni'; id: string }
  | { kind: 'instance'; id: string }
  | { kind: 'other'; id: string };

export function routeTarget(route: Route): RouteTarget {
  if (route.NatGatewayId) return { kind: 'nat', id: route.NatGatewayId };
  if (route.VpcPeeringConnectionId) return { kind: 'pcx', id: route.VpcPeeringConnectionId };
  if (route.TransitGatewayId) return { kind: 'tgw', id: route.TransitGatewayId };
  if (route.EgressOnlyInternetGatewayId) return { kind: 'eigw', id: route.EgressOnlyInternetGatewayId };
  const gateway = route.GatewayId;
  if (gateway === 'local') return { kind: 'local', id: 'local' };
  if (gateway?.startsWith('igw-')) return { kind: 'igw', id: gateway };
  if (gateway?.startsWith('vgw-')) return { kind: 'vgw', id: gateway };
  if (gateway?.startsWith('vpce-')) return { kind: 'vpce', id: gateway };
  if (route.NetworkInterfaceId) return { kind: 'eni', id: route.NetworkInterfaceId };
  if (route.InstanceId) return { kind: 'instance', id: route.InstanceId };
  const other =
    gateway ?? route.CarrierGatewayId ?? route.LocalGatewayId ?? route.CoreNetworkArn ?? 'unknown';
  return { kind: 'other', id: other };
}

/** `0.0.0.0/0`, `::/0` or the prefix list id of a route. */
export function routeDestination(route: Route): string {
  return route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId ?? '?';
}

/** `0.0.0.0/0 -> igw-1 (active)`: the exact route a finding names. */
export function describeRoute(route: Route): string {
  const target = routeTarget(route);
  return `${routeDestination(route)} -> ${target.id}${route.State ? ` (${route.State})` : ''}`;
}

export function isDefaultRoute(route: Route): boolean {
  return route.DestinationCidrBlock === '0.0.0.0/0' || route.DestinationIpv6CidrBlock === '::/0';
}

/*
 * The index's own loops over the largest lists are indexed: each runs once per audit, over up to 100,000
 * items, and until V8 optimizes a for-of loop it allocates a step object per item.
 */

function byId<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const id = key(item);
    if (id) map.set(id, item);
  }
  return map;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (let i = 0; i < items.length; i++) push(map, key(items[i]!), items[i]!);
  return map;
}

function push<K, V>(map: Map<K, V[]>, key: K | undefined, value: V): void {
  if (key === undefined) return;
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function tagMap(tags: readonly Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) out[tag.Key] = tag.Value ?? '';
  return out;
}

interface InstanceLink {
  instance: Instance | undefined;
  interfaces: NetworkInterface[];
}

/** What the index reads of any resource: its VPC and its tags, under whichever field names its type uses. */
type IndexedResource = { vpcId?: string; tags?: readonly Tag[] } | { VpcId?: string; Tags?: readonly Tag[] };

/** Every resource type with a map in the index, in the order an id of unknown form is looked up. */
const RESOURCE_TYPES: readonly ResourceType[] = [
  'AwsEc2Instance',
  'AwsEc2NetworkInterface',
  'AwsEc2SecurityGroup',
  'AwsEc2Subnet',
  'AwsEc2Vpc',
  'AwsEc2RouteTable',
  'AwsEc2NetworkAcl',
  'AwsEc2NatGateway',
  'AwsEc2InternetGateway',
  'AwsEc2Eip',
  'AwsEc2VpcPeeringConnection',
  'AwsEc2VpcEndpoint',
  'AwsEc2TransitGateway',
  'AwsEc2TransitGatewayRouteTable',
  'AwsEc2VpnConnection',
  'AwsEc2VpnGateway',
  'AwsDirectConnectVirtualInterface',
];

const TYPE_BY_ID_PREFIX: readonly (readonly [string, ResourceType])[] = [
  ['i-', 'AwsEc2Instance'],
  ['eni-', 'AwsEc2NetworkInterface'],
  ['sg-', 'AwsEc2SecurityGroup'],
  ['subnet-', 'AwsEc2Subnet'],
  ['vpc-', 'AwsEc2Vpc'],
  ['rtb-', 'AwsEc2RouteTable'],
  ['acl-', 'AwsEc2NetworkAcl'],
  ['nat-', 'AwsEc2NatGateway'],
  ['igw-', 'AwsEc2InternetGateway'],
  ['eipalloc-', 'AwsEc2Eip'],
  ['pcx-', 'AwsEc2VpcPeeringConnection'],
  ['vpce-', 'AwsEc2VpcEndpoint'],
  // `tgw-rtb-` before `tgw-`: the first prefix that matches wins.
  ['tgw-rtb-', 'AwsEc2TransitGatewayRouteTable'],
  ['tgw-', 'AwsEc2TransitGateway'],
  ['vpn-', 'AwsEc2VpnConnection'],
  ['vgw-', 'AwsEc2VpnGateway'],
  ['dxvif-', 'AwsDirectConnectVirtualInterface'],
];

function typeOfId(id: string): ResourceType | undefined {
  for (const [prefix, type] of TYPE_BY_ID_PREFIX) if (id.startsWith(prefix)) return type;
  return undefined;
}

/**
 * One index over a Snapshot, built once per audit: maps by id and the relations every rule and the
 * reachability engine walk. Building it is linear in the snapshot; every lookup after that is a map get
 * or an array read (the few maps no rule needs are built on first use).
 */
export class SnapshotIndex {
  readonly partition: Partition;
  readonly vpcs: Map<string, Vpc>;
  readonly subnets: Map<string, Subnet>;
  readonly routeTables: Map<string, RouteTable>;
  readonly internetGateways: Map<string, InternetGateway>;
  readonly natGateways: Map<string, NatGateway>;
  readonly securityGroups: Map<string, SecurityGroup>;
  readonly networkAcls: Map<string, NetworkAcl>;
  readonly instances: Map<string, Instance>;
  readonly peerings: Map<string, VpcPeeringConnection>;
  /** Snapshot parts whose API failed in collection (region-wide). */
  readonly missingParts: ReadonlySet<SnapshotPart>;
  /** VPCs for which a per-VPC API failed, by part (e.g. DescribeVpcAttribute for one VPC). */
  readonly missingForVpc: ReadonlyMap<SnapshotPart, ReadonlySet<string>>;

  private readonly mainRouteTable = new Map<string, RouteTable>();
  private readonly explicitRouteTable = new Map<string, RouteTable>();
  private readonly naclBySubnet = new Map<string, NetworkAcl>();
  private readonly subnetsByVpcMap = new Map<string, Subnet[]>();
  private readonly interfacesByGroupMap = new Map<string, NetworkInterface[]>();
  /** Built on first use: no rule of an audit lists a subnet's members. */
  private interfacesBySubnetMap: Map<string, NetworkInterface[]> | undefined;
  private interfacesById: Map<string, NetworkInterface> | undefined;
  /** The interfaces Elastic IPs name, by id: all an audit looks up by interface id. */
  private readonly addressInterfaces = new Map<string, NetworkInterface>();
  /**
   * By instance id, the instance (when the snapshot has it) and its interfaces: one lookup per interface links
   * both ways, so no rule needs a lookup by id to find the instance of an interface it walks.
   */
  private readonly instanceLinks = new Map<string, InstanceLink>();
  /** The instance each interface of `snapshot.networkInterfaces` is attached to, by the interface's position. */
  private readonly instanceByInterfacePosition: (Instance | undefined)[];
  /** Each instance's link, by the instance's position in `snapshot.instances`. */
  private readonly linkByInstancePosition: InstanceLink[];
  private instancesBySubnetMap: Map<string, Instance[]> | undefined;
  private readonly igwVpcs = new Map<string, Set<string>>();
  private readonly igwsByVpcMap = new Map<string, InternetGateway[]>();
  private readonly routesByNat = new Map<string, { table: RouteTable; route: Route }[]>();
  private readonly flowLogsByResource = new Map<string, FlowLog[]>();
  private readonly addressesByAllocation = new Map<string, Address>();
  private readonly addressesByPublicIp = new Map<string, Address>();
  /** Owners that are not the audited account (shared VPCs: the VPC, its subnets, tables, ACLs...). */
  private readonly foreignOwner = new Map<string, string>();

  constructor(readonly snapshot: Snapshot) {
    const s = snapshot;
    this.partition = partitionOf(s.region);
    this.vpcs = byId(s.vpcs, (v) => v.VpcId);
    this.subnets = byId(s.subnets, (v) => v.SubnetId);
    this.routeTables = byId(s.routeTables, (v) => v.RouteTableId);
    this.internetGateways = byId(s.internetGateways, (v) => v.InternetGatewayId);
    this.natGateways = byId(s.natGateways, (v) => v.NatGatewayId);
    this.securityGroups = byId(s.securityGroups, (v) => v.GroupId);
    this.networkAcls = byId(s.networkAcls, (v) => v.NetworkAclId);
    this.instances = byId(s.instances, (v) => v.InstanceId);
    this.peerings = byId(s.vpcPeeringConnections, (v) => v.VpcPeeringConnectionId);

    // A version 2 part absent from the file was not collected.
    const missing = new Set<SnapshotPart>(V2_PARTS.filter((part) => s[part] === undefined));
    const missingForVpc = new Map<SnapshotPart, Set<string>>();
    for (const error of s.errors) {
      const part = partOfApi(error.api);
      if (!part) continue;
      if (error.vpcId) {
        const set = missingForVpc.get(part) ?? new Set<string>();
        set.add(error.vpcId);
        missingForVpc.set(part, set);
      } else missing.add(part);
    }
    this.missingParts = missing;
    this.missingForVpc = missingForVpc;

    for (const subnet of s.subnets) {
      push(this.subnetsByVpcMap, subnet.VpcId, subnet);
    }
    for (const vpc of s.vpcs) this.own(vpc.VpcId, vpc.OwnerId);
    for (const subnet of s.subnets) this.own(subnet.SubnetId, subnet.OwnerId);
    for (const table of s.routeTables) {
      this.own(table.RouteTableId, table.OwnerId);
      for (const association of table.Associations ?? []) {
        if (association.Main && table.VpcId) this.mainRouteTable.set(table.VpcId, table);
        if (association.SubnetId) this.explicitRouteTable.set(association.SubnetId, table);
      }
      for (const route of table.Routes ?? []) {
        if (route.NatGatewayId) push(this.routesByNat, route.NatGatewayId, { table, route });
      }
    }
    // A transit gateway another account (the network account) shares with this one through AWS RAM, and a
    // hosted virtual interface this account's connection carries for another account.
    for (const tgw of s.transitGateways ?? []) this.own(tgw.TransitGatewayId, tgw.OwnerId);
    for (const vif of s.virtualInterfaces ?? []) this.own(vif.virtualInterfaceId, vif.ownerAccount);
    for (const acl of s.networkAcls) {
      this.own(acl.NetworkAclId, acl.OwnerId);
      for (const association of acl.Associations ?? []) {
        if (association.SubnetId) this.naclBySubnet.set(association.SubnetId, acl);
      }
    }
    for (const igw of s.internetGateways) {
      const vpcs = new Set<string>();
      for (const attachment of igw.Attachments ?? []) {
        // "available" is what DescribeInternetGateways reports for a working attachment ("attached" in docs).
        const state: string | undefined = attachment.State;
        if (attachment.VpcId && (state === 'available' || state === 'attached')) {
          vpcs.add(attachment.VpcId);
          push(this.igwsByVpcMap, attachment.VpcId, igw);
        }
      }
      if (igw.InternetGatewayId) this.igwVpcs.set(igw.InternetGatewayId, vpcs);
    }
    for (let i = 0; i < s.securityGroups.length; i++) {
      const group = s.securityGroups[i]!;
      this.own(group.GroupId, group.OwnerId);
    }
    // Every instance's link first (the last of a duplicated id wins, as in `instances`), then its interfaces.
    this.linkByInstancePosition = s.instances.map((instance) => {
      const link = { instance, interfaces: [] };
      this.instanceLinks.set(instance.InstanceId!, link);
      return link;
    });
    if (this.instanceLinks.size < s.instances.length) {
      // An id listed twice: every position of it shares the link that wins.
      this.linkByInstancePosition = s.instances.map((instance) =>
        this.instanceLinks.get(instance.InstanceId!)!,
      );
    }
    const namedByAddress = new Set<string | undefined>();
    for (const address of s.addresses)
      if (address.NetworkInterfaceId) namedByAddress.add(address.NetworkInterfaceId);
    this.instanceByInterfacePosition = new Array<Instance | undefined>(s.networkInterfaces.length);
    for (let position = 0; position < s.networkInterfaces.length; position++) {
      const eni = s.networkInterfaces[position]!;
      if (namedByAddress.has(eni.NetworkInterfaceId))
        this.addressInterfaces.set(eni.NetworkInterfaceId!, eni);
      const instanceId = eni.Attachment?.InstanceId;
      if (instanceId) {
        const link = this.instanceLinks.get(instanceId);
        if (link) link.interfaces.push(eni);
        else this.instanceLinks.set(instanceId, { instance: undefined, interfaces: [eni] });
        this.instanceByInterfacePosition[position] = link?.instance;
      }
      const groups = eni.Groups ?? [];
      for (let g = 0; g < groups.length; g++) push(this.interfacesByGroupMap, groups[g]!.GroupId, eni);
    }
    for (const log of s.flowLogs) push(this.flowLogsByResource, log.ResourceId, log);
    for (const address of s.addresses) {
      if (address.AllocationId) this.addressesByAllocation.set(address.AllocationId, address);
      if (address.PublicIp) this.addressesByPublicIp.set(address.PublicIp, address);
    }
  }

  /** Records a resource's owner when it is another account (a VPC shared with us through AWS RAM). */
  private own(id: string | undefined, ownerId: string | undefined): void {
    if (id && ownerId && ownerId !== this.snapshot.accountId) this.foreignOwner.set(id, ownerId);
  }

  /**
   * Interfaces by id, built on first use: the rules need only those Elastic IPs name (`interfaceOfAddress`),
   * and a map of 100,000 interfaces was a fifth of building the index. A lookup by id (explain, a tag
   * suppression on an interface, an interface result no walk stamped) builds it.
   */
  get networkInterfaces(): ReadonlyMap<string, NetworkInterface> {
    return (this.interfacesById ??= byId(this.snapshot.networkInterfaces, (v) => v.NetworkInterfaceId));
  }

  /** The interface an Elastic IP is associated with, when the snapshot has it. */
  interfaceOfAddress(address: Address): NetworkInterface | undefined {
    return address.NetworkInterfaceId ? this.addressInterfaces.get(address.NetworkInterfaceId) : undefined;
  }

  get accountId(): string {
    return this.snapshot.accountId;
  }

  get region(): string {
    return this.snapshot.region;
  }

  /**
   * The resource an id names, of the given type (else the type its id prefix says, else any): results
   * know their type, so stamping them costs one lookup in that type's map, and the index keeps no
   * per-resource tables of tags or VPCs.
   */
  private resource(resourceId: string, type?: ResourceType): IndexedResource | undefined {
    const kind = type ?? typeOfId(resourceId);
    if (kind) return this.resourceOfType(resourceId, kind);
    for (const candidate of RESOURCE_TYPES) {
      const found = this.resourceOfType(resourceId, candidate);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Resources whose SDK shape has `VpcId` and `Tags` are returned as they are (no object per lookup);
   * the others are mapped to `{ vpcId, tags }`. A new type must do one or the other.
   */
  private resourceOfType(id: string, type: ResourceType): IndexedResource | undefined {
    const s = this.snapshot;
    switch (type) {
      case 'AwsEc2Vpc':
        return this.vpcs.get(id);
      case 'AwsEc2Subnet':
        return this.subnets.get(id);
      case 'AwsEc2RouteTable':
        return this.routeTables.get(id);
      case 'AwsEc2NetworkAcl':
        return this.networkAcls.get(id);
      case 'AwsEc2NatGateway':
        return this.natGateways.get(id);
      case 'AwsEc2SecurityGroup':
        return this.securityGroups.get(id);
      case 'AwsEc2Instance':
        return this.instances.get(id);
      case 'AwsEc2NetworkInterface': {
        const eni = this.networkInterfaces.get(id);
        return eni && { vpcId: eni.VpcId, tags: eni.TagSet };
      }
      case 'AwsEc2InternetGateway': {
        const igw = this.internetGateways.get(id);
        const [first] = this.igwVpcs.get(id) ?? [];
        return igw && { vpcId: first, tags: igw.Tags };
      }
      case 'AwsEc2Eip': {
        const address = this.addressesByAllocation.get(id) ?? this.addressesByPublicIp.get(id);
        return address && { vpcId: this.interfaceOfAddress(address)?.VpcId, tags: address.Tags };
      }
      case 'AwsEc2VpcPeeringConnection': {
        const peering = this.peerings.get(id);
        return peering && { vpcId: peering.RequesterVpcInfo?.VpcId, tags: peering.Tags };
      }
      // Few per region, and looked up only to stamp their own results: no map of them is kept.
      case 'AwsEc2VpcEndpoint':
        return this.snapshot.vpcEndpoints?.find((e) => e.VpcEndpointId === id);
      // Hybrid lists hold tens of items, so a scan per lookup costs less than keeping maps for them.
      case 'AwsEc2TransitGateway': {
        const tgw = s.transitGateways?.find((x) => x.TransitGatewayId === id);
        return tgw && { tags: tgw.Tags };
      }
      case 'AwsEc2TransitGatewayRouteTable': {
        const table = s.transitGatewayRouteTables?.find((x) => x.TransitGatewayRouteTableId === id);
        return table && { tags: table.Tags };
      }
      case 'AwsEc2VpnConnection': {
        const vpn = s.vpnConnections?.find((x) => x.VpnConnectionId === id);
        return vpn && { tags: vpn.Tags };
      }
      case 'AwsEc2VpnGateway': {
        const vgw = s.vpnGateways?.find((x) => x.VpnGatewayId === id);
        const attached = vgw?.VpcAttachments?.find((a) => a.State === 'attached');
        return vgw && { vpcId: attached?.VpcId, tags: vgw.Tags };
      }
      case 'AwsDirectConnectVirtualInterface': {
        const vif = s.virtualInterfaces?.find((x) => x.virtualInterfaceId === id);
        return vif && { tags: (vif.tags ?? []).map((t) => ({ Key: t.key, Value: t.value })) };
      }
      case 'AwsAccount':
        return undefined;
    }
  }

  /** Tags of any resource by id (empty when it has none or is unknown). */
  tagsOf(resourceId: string, type?: ResourceType): Record<string, string> {
    const resource = this.resource(resourceId, type);
    if (!resource) return {};
    return tagMap('Tags' in resource ? resource.Tags : 'tags' in resource ? resource.tags : undefined);
  }

  /** The account that owns a resource: another account for a shared VPC's resources, else this one. */
  ownerOf(resourceId: string): string {
    return this.foreignOwner.get(resourceId) ?? this.snapshot.accountId;
  }

  /**
   * The VPC a resource belongs to, for scope-aware archiving and grouping. `held`: the resource itself, when
   * the caller holds it (the engine stamping a walk's outcome holds the item it was judged from); used when
   * its id matches, it spares a lookup by id in a map of 100,000 entries for every result. It must be of
   * `type`: an Elastic IP also has an `InstanceId`, so an address is never held for an instance.
   */
  vpcOf(resourceId: string, type?: ResourceType, held?: unknown): string | undefined {
    const kind = type ?? typeOfId(resourceId);
    // Nine results in ten are about these types: a typed read skips the generic view's field checks, which
    // cost more than the lookup itself when every result of a large region is stamped.
    switch (kind) {
      case 'AwsEc2SecurityGroup': {
        const group = held as SecurityGroup | undefined;
        return (
          (group?.GroupId === resourceId ? group : this.securityGroups.get(resourceId))?.VpcId || undefined
        );
      }
      case 'AwsEc2NetworkInterface': {
        const eni = held as NetworkInterface | undefined;
        const found = eni?.NetworkInterfaceId === resourceId ? eni : this.networkInterfaces.get(resourceId);
        return found?.VpcId || undefined;
      }
      case 'AwsEc2Instance': {
        const instance = held as Instance | undefined;
        return (
          (instance?.InstanceId === resourceId ? instance : this.instances.get(resourceId))?.VpcId ||
          undefined
        );
      }
    }
    const resource = this.resource(resourceId, kind);
    if (!resource) return undefined;
    return (
      ('VpcId' in resource ? resource.VpcId : 'vpcId' in resource ? resource.vpcId : undefined) || undefined
    );
  }

  subnetsOfVpc(vpcId: string): Subnet[] {
    return this.subnetsByVpcMap.get(vpcId) ?? [];
  }

  mainRouteTableOf(vpcId: string): RouteTable | undefined {
    return this.mainRouteTable.get(vpcId);
  }

  /** The subnet's explicitly associated table, else its VPC's main table (as AWS routes). */
  routeTableOf(subnetId: string): RouteTable | undefined {
    const explicit = this.explicitRouteTable.get(subnetId);
    if (explicit) return explicit;
    const vpcId = this.subnets.get(subnetId)?.VpcId;
    return vpcId ? this.mainRouteTable.get(vpcId) : undefined;
  }

  /** True when the subnet has no explicit association and so falls back to the main table. */
  usesMainRouteTable(subnetId: string): boolean {
    return !this.explicitRouteTable.has(subnetId);
  }

  /** Subnets routed by a table: its explicit associations, plus every unassociated subnet for a main table. */
  subnetsRoutedBy(table: RouteTable): Subnet[] {
    const out: Subnet[] = [];
    for (const subnet of table.VpcId ? this.subnetsOfVpc(table.VpcId) : []) {
      if (subnet.SubnetId && this.routeTableOf(subnet.SubnetId) === table) out.push(subnet);
    }
    return out;
  }

  networkAclOf(subnetId: string): NetworkAcl | undefined {
    return this.naclBySubnet.get(subnetId);
  }

  interfacesOfGroup(groupId: string): NetworkInterface[] {
    return this.interfacesByGroupMap.get(groupId) ?? [];
  }

  interfacesOfSubnet(subnetId: string): NetworkInterface[] {
    this.interfacesBySubnetMap ??= groupBy(this.snapshot.networkInterfaces, (eni) => eni.SubnetId);
    return this.interfacesBySubnetMap.get(subnetId) ?? [];
  }

  interfacesOfInstance(instanceId: string): NetworkInterface[] {
    return this.instanceLinks.get(instanceId)?.interfaces ?? [];
  }

  /** `interfacesOfInstance` of the instance at `position` in `snapshot.instances` (rules walking every instance). */
  interfacesOfInstanceAt(position: number): NetworkInterface[] {
    return this.linkByInstancePosition[position]?.interfaces ?? [];
  }

  /**
   * The instance the interface at `position` in `snapshot.networkInterfaces` is attached to, when the snapshot
   * has it: `instances.get(its Attachment.InstanceId)`, read by position (rules walking every interface).
   */
  instanceOfInterfaceAt(position: number): Instance | undefined {
    return this.instanceByInterfacePosition[position];
  }

  instancesOfSubnet(subnetId: string): Instance[] {
    this.instancesBySubnetMap ??= groupBy(this.snapshot.instances, (instance) => instance.SubnetId);
    return this.instancesBySubnetMap.get(subnetId) ?? [];
  }

  /** Security groups of an interface that exist in the snapshot. */
  groupsOfInterface(eni: NetworkInterface): SecurityGroup[] {
    const out: SecurityGroup[] = [];
    for (const ref of eni.Groups ?? []) {
      const group = ref.GroupId ? this.securityGroups.get(ref.GroupId) : undefined;
      if (group) out.push(group);
    }
    return out;
  }

  /** VPCs an internet gateway is attached to (state available/attached). */
  vpcsOfInternetGateway(igwId: string): ReadonlySet<string> {
    return this.igwVpcs.get(igwId) ?? new Set();
  }

  isInternetGatewayAttachedTo(igwId: string, vpcId: string): boolean {
    return this.vpcsOfInternetGateway(igwId).has(vpcId);
  }

  internetGatewaysOfVpc(vpcId: string): InternetGateway[] {
    return this.igwsByVpcMap.get(vpcId) ?? [];
  }

  /** Routes (with their tables) that point at a NAT gateway. */
  routesToNatGateway(natId: string): { table: RouteTable; route: Route }[] {
    return this.routesByNat.get(natId) ?? [];
  }

  flowLogsOf(resourceId: string): FlowLog[] {
    return this.flowLogsByResource.get(resourceId) ?? [];
  }

  /** The public IPv4 address an interface has (its own public IP or an Elastic IP), if any. */
  publicIpOf(eni: NetworkInterface): string | undefined {
    // The API returns `Association: {}` on interfaces without one: an empty shape means absent.
    return eni.Association?.PublicIp || undefined;
  }

  /** True when the part was collected completely for this VPC (no region-wide or per-VPC error). */
  hasPartFor(part: SnapshotPart, vpcId: string | undefined): boolean {
    if (this.missingParts.has(part)) return false;
    return !(vpcId && this.missingForVpc.get(part)?.has(vpcId));
  }

  /** The IPv4 default route (0.0.0.0/0) of a table, if it has one. */
  defaultRouteOf(table: RouteTable): Route | undefined {
    return (table.Routes ?? []).find((r) => r.DestinationCidrBlock === '0.0.0.0/0');
  }

  /** A table has a working default route to an internet gateway attached to its own VPC. */
  hasInternetRoute(table: RouteTable): boolean {
    const route = this.defaultRouteOf(table);
    if (!route || route.State === 'blackhole') return false;
    const target = routeTarget(route);
    return target.kind === 'igw' && !!table.VpcId && this.isInternetGatewayAttachedTo(target.id, table.VpcId);
  }
}

export function buildIndex(snapshot: Snapshot): SnapshotIndex {
  return new SnapshotIndex(snapshot);
}
