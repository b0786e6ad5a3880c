import type {
  DirectConnectGateway,
  DirectConnectGatewayAssociation,
  VirtualInterface,
} from '@aws-sdk/client-direct-connect';
import type {
  CustomerGateway,
  NatGateway,
  NetworkInterface,
  Route,
  RouteTable,
  Subnet,
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayAttachmentResourceType,
  TransitGatewayRoute,
  TransitGatewayVpcAttachment,
  Vpc,
  VpnConnection,
  VpnGateway,
} from '@aws-sdk/client-ec2';
import type { Snapshot, TransitGatewayRouteTableWithRoutes } from '../lambda/snapshot/types';

/**
 * The hybrid network of a synthetic region, as an enterprise landing zone has it: one transit gateway (two
 * from 20 VPCs on, the second a shared one that auto-accepts attachments), a VPC attachment for most VPCs in
 * a dedicated /28 subnet per zone, a spoke and a hub route table per transit gateway (spokes reach the
 * on-premises prefixes the VPN announces and, on the first transit gateway, the egress VPC by a static
 * 0.0.0.0/0; the hub gets every spoke's CIDR by propagation), a VPN attachment per transit gateway, a few
 * VPCs on a virtual private gateway with their own VPN (routes propagated into some tables, static in
 * others), and a Direct Connect gateway with private virtual interfaces. A fixed few things are wrong:
 * a blackhole route (TGW.1), the auto-accepting transit gateway (TGW.2), an attachment missing a zone
 * (TGW.3), a spoke not propagated into the hub (TGW.4), tunnels down (VPN.1, VPN.2), a detached virtual
 * private gateway (VGW.1) and a BGP session down (DX.1).
 */

/** The office and the data centre, as the VPNs announce them. */
export const ON_PREMISES_PREFIXES = ['10.200.0.0/16', '192.168.0.0/16'];

/** What the hybrid network needs to know of one VPC the main generator built. */
export interface HybridVpc {
  index: number;
  vpc: Vpc;
  /** The VPC's /16 as its first two octets. */
  octets: [number, number];
  /** One table per zone, in zone order. */
  privateTables: RouteTable[];
  publicTable: RouteTable;
  /** One subnet per zone (any), for the zone names. */
  zoneSubnets: Subnet[];
  nats: NatGateway[];
  defaultAclId: string;
}

type Role = 'egress' | 'spoke' | 'vgw' | 'isolated';

interface VpcPlan {
  role: Role;
  /** The transit gateway (index) the VPC is attached to, for egress and spokes. */
  tgw: number;
  /** The zones (indexes) the attachment has a subnet in. */
  zones: number[];
}

const ZONES = [0, 1, 2];

export function transitGatewayCount(vpcs: number): number {
  return vpcs >= 20 ? 2 : 1;
}

/** The role of each VPC, by its index: the same plan for the interface budget and for the network. */
export function vpcPlan(v: number, vpcs: number): VpcPlan {
  const tgw = v % transitGatewayCount(vpcs);
  if (v === 0) return { role: 'egress', tgw: 0, zones: ZONES };
  if (v % 8 === 3) return { role: 'vgw', tgw, zones: [] };
  if (v % 10 === 9) return { role: 'isolated', tgw, zones: [] };
  // One spoke in 23 was attached in two zones only (TGW.3 for its third zone's subnets).
  return { role: 'spoke', tgw, zones: v % 23 === 7 ? [0, 1] : ZONES };
}

/** The interfaces transit gateway attachments own: one per attachment subnet. */
export function hybridInterfaceCount(vpcs: number): number {
  let n = 0;
  for (let v = 0; v < vpcs; v++) n += vpcPlan(v, vpcs).zones.length;
  return n;
}

type NextId = (prefix: string) => string;

const CREATED = '2026-01-20T09:00:00.000Z' as unknown as Date;

/** Tunnel states by the VPN's index: mostly both up, one in four with a tunnel down, rarely both down. */
function tunnelStates(k: number): ['UP' | 'DOWN', 'UP' | 'DOWN'] {
  if (k % 9 === 4) return ['DOWN', 'DOWN'];
  if (k % 4 === 1) return ['UP', 'DOWN'];
  return ['UP', 'UP'];
}

export function addHybridNetwork(s: Snapshot, vpcs: readonly HybridVpc[], nextId: NextId): void {
  const { accountId, region } = s;
  const tgwCount = transitGatewayCount(vpcs.length);
  s.transitGateways = [];
  s.transitGatewayAttachments = [];
  s.transitGatewayVpcAttachments = [];
  s.transitGatewayRouteTables = [];
  s.vpnGateways = [];
  s.vpnConnections = [];
  s.customerGateways = [];
  s.directConnectGateways = [];
  s.directConnectGatewayAssociations = [];
  s.virtualInterfaces = [];

  const office = customerGateway(nextId('cgw'), '198.51.100.10', 'office');
  const dataCentre = customerGateway(nextId('cgw'), '198.51.100.20', 'data-centre');
  s.customerGateways.push(office, dataCentre);

  let vpnIndex = 0;
  const vpn = (o: { vgw?: string; tgw?: string; cgw: string; staticRoutes?: string[] }): VpnConnection => {
    const k = vpnIndex++;
    const id = nextId('vpn');
    const states = tunnelStates(k);
    const connection: VpnConnection = {
      CustomerGatewayId: o.cgw,
      Category: 'VPN',
      State: 'available',
      Type: 'ipsec.1',
      VpnConnectionId: id,
      ...(o.vgw ? { VpnGatewayId: o.vgw } : {}),
      ...(o.tgw ? { TransitGatewayId: o.tgw } : {}),
      GatewayAssociationState: 'associated',
      Options: {
        EnableAcceleration: false,
        StaticRoutesOnly: o.staticRoutes !== undefined,
        LocalIpv4NetworkCidr: '0.0.0.0/0',
        RemoteIpv4NetworkCidr: '0.0.0.0/0',
        OutsideIpAddressType: 'PublicIpv4',
        TunnelInsideIpVersion: 'ipv4',
        TunnelOptions: states.map((_, t) => ({
          OutsideIpAddress: tunnelAddress(k, t),
          TunnelInsideCidr: `169.254.${(k * 2 + t) % 250}.${t * 4}/30`,
        })),
      },
      Routes: (o.staticRoutes ?? []).map((cidr) => ({
        DestinationCidrBlock: cidr,
        Source: 'Static',
        State: 'available',
      })),
      Tags: [{ Key: 'Name', Value: `bench-vpn-${k}` }],
      VgwTelemetry: states.map((status, t) => ({
        AcceptedRouteCount: status === 'UP' && !o.staticRoutes ? ON_PREMISES_PREFIXES.length : 0,
        LastStatusChange: '2026-11-27T22:14:00.000Z' as unknown as Date,
        OutsideIpAddress: tunnelAddress(k, t),
        Status: status,
        StatusMessage: status === 'UP' ? `${ON_PREMISES_PREFIXES.length} BGP ROUTES` : 'IPSEC IS DOWN',
      })),
    };
    s.vpnConnections!.push(connection);
    return connection;
  };

  // Transit gateways, each with its spoke and hub tables and a VPN attachment to the data centre.
  const hubs = Array.from({ length: tgwCount }, (_, t) => {
    const tgwId = nextId('tgw');
    const spoke = nextId('tgw-rtb');
    const hub = nextId('tgw-rtb');
    const gateway: TransitGateway = {
      TransitGatewayId: tgwId,
      TransitGatewayArn: `arn:aws:ec2:${region}:${accountId}:transit-gateway/${tgwId}`,
      State: 'available',
      OwnerId: accountId,
      Description: t === 0 ? 'landing zone hub' : 'shared non-production hub',
      CreationTime: CREATED,
      Options: {
        AmazonSideAsn: 64512 + t,
        // The shared one auto-accepts attachments from other accounts (TGW.2).
        AutoAcceptSharedAttachments: t === 1 ? 'enable' : 'disable',
        DefaultRouteTableAssociation: 'disable',
        DefaultRouteTablePropagation: 'disable',
        VpnEcmpSupport: 'enable',
        DnsSupport: 'enable',
        SecurityGroupReferencingSupport: 'disable',
        MulticastSupport: 'disable',
      },
      Tags: [{ Key: 'Name', Value: `bench-tgw-${t}` }],
    };
    s.transitGateways!.push(gateway);
    const connection = vpn({ tgw: tgwId, cgw: dataCentre.CustomerGatewayId! });
    const vpnAttachment = nextId('tgw-attach');
    s.transitGatewayAttachments!.push(
      attachment(vpnAttachment, tgwId, 'vpn', connection.VpnConnectionId!, hub, accountId),
    );
    const tables = {
      spoke: routeTable(spoke, tgwId, `bench-tgw-${t}-spokes`),
      hub: routeTable(hub, tgwId, `bench-tgw-${t}-hub`),
    };
    // The VPN announces the on-premises prefixes to the spokes; the hub sends replies back through it.
    propagate(tables.spoke, vpnAttachment, 'vpn', connection.VpnConnectionId!);
    associate(tables.hub, vpnAttachment, 'vpn', connection.VpnConnectionId!);
    for (const cidr of ON_PREMISES_PREFIXES) {
      tables.spoke.Routes!.push(
        route(cidr, 'propagated', [[vpnAttachment, 'vpn', connection.VpnConnectionId!]]),
      );
    }
    if (t === 0) {
      // A static route left behind by a deleted VPC's attachment (TGW.1).
      tables.spoke.Routes!.push({
        DestinationCidrBlock: '172.31.0.0/16',
        Type: 'static',
        State: 'blackhole',
      });
    }
    s.transitGatewayRouteTables!.push(tables.spoke, tables.hub);
    return { tgwId, tables };
  });

  const vgwVpcs: { vpc: HybridVpc; vgwId: string }[] = [];
  for (const x of vpcs) {
    const plan = vpcPlan(x.index, vpcs.length);
    const vpcId = x.vpc.VpcId!;
    if (plan.role === 'egress' || plan.role === 'spoke') {
      const { tgwId, tables } = hubs[plan.tgw]!;
      const attachmentId = nextId('tgw-attach');
      const subnets = attachmentSubnets(s, x, plan.zones, attachmentId, nextId);
      const egress = plan.role === 'egress';
      s.transitGatewayVpcAttachments!.push({
        TransitGatewayAttachmentId: attachmentId,
        TransitGatewayId: tgwId,
        VpcId: vpcId,
        VpcOwnerId: accountId,
        State: 'available',
        SubnetIds: subnets.map((x) => x.SubnetId!),
        CreationTime: CREATED,
        Options: {
          DnsSupport: 'enable',
          Ipv6Support: 'disable',
          // Inspection and egress VPCs keep both directions of a flow in one zone.
          ApplianceModeSupport: egress ? 'enable' : 'disable',
          SecurityGroupReferencingSupport: 'enable',
        },
        Tags: [{ Key: 'Name', Value: `bench-attach-${x.index}` }],
      } satisfies TransitGatewayVpcAttachment);
      const table = egress ? tables.hub : tables.spoke;
      s.transitGatewayAttachments!.push(
        attachment(attachmentId, tgwId, 'vpc', vpcId, table.TransitGatewayRouteTableId!, accountId),
      );
      associate(table, attachmentId, 'vpc', vpcId);
      if (egress) {
        tables.spoke.Routes!.push(route('0.0.0.0/0', 'static', [[attachmentId, 'vpc', vpcId]]));
        propagate(tables.spoke, attachmentId, 'vpc', vpcId);
        tables.spoke.Routes!.push(route(x.vpc.CidrBlock!, 'propagated', [[attachmentId, 'vpc', vpcId]]));
      } else if (x.index % 29 !== 13) {
        // One spoke in 29 was never propagated into the hub: replies to it are dropped (TGW.4).
        propagate(tables.hub, attachmentId, 'vpc', vpcId);
        tables.hub.Routes!.push(route(x.vpc.CidrBlock!, 'propagated', [[attachmentId, 'vpc', vpcId]]));
      }
      // Subnets send the on-premises prefixes (the egress VPC: every spoke's replies) to the transit gateway.
      const destinations = egress ? ['10.0.0.0/8'] : ON_PREMISES_PREFIXES;
      const routed = egress ? [...x.privateTables, x.publicTable] : x.privateTables;
      for (const t of routed) {
        for (const cidr of destinations) t.Routes!.push(toTransitGateway(cidr, tgwId));
      }
    } else if (plan.role === 'vgw') {
      const vgwId = nextId('vgw');
      s.vpnGateways.push(vpnGateway(vgwId, [{ VpcId: vpcId, State: 'attached' }], x.index));
      // BGP VPNs mostly; one in three is static, with a route per on-premises prefix.
      const bgp = x.index % 3 !== 2;
      vpn({
        vgw: vgwId,
        cgw: office.CustomerGatewayId!,
        ...(bgp ? {} : { staticRoutes: ON_PREMISES_PREFIXES }),
      });
      // Route propagation in the first zones' tables, static routes in the last one's.
      x.privateTables.forEach((t, zone) => {
        const propagated = zone < x.privateTables.length - 1;
        if (propagated) t.PropagatingVgws = [{ GatewayId: vgwId }];
        for (const cidr of ON_PREMISES_PREFIXES) {
          t.Routes!.push({
            DestinationCidrBlock: cidr,
            GatewayId: vgwId,
            Origin: propagated ? 'EnableVgwRoutePropagation' : 'CreateRoute',
            State: 'active',
          });
        }
      });
      vgwVpcs.push({ vpc: x, vgwId });
    }
  }
  // A gateway detached from the VPC it served and never deleted (VGW.1).
  s.vpnGateways.push(vpnGateway(nextId('vgw'), [{ VpcId: vpcs[0]!.vpc.VpcId!, State: 'detached' }], -1));

  // Direct Connect: a gateway associated with the first VPN-attached VPC's gateway, and private interfaces.
  const first = vgwVpcs[0];
  if (first) {
    const gatewayId = uuid(1);
    const gateway: DirectConnectGateway = {
      directConnectGatewayId: gatewayId,
      directConnectGatewayName: 'bench-dx-gateway',
      amazonSideAsn: 64600,
      ownerAccount: accountId,
      directConnectGatewayState: 'available',
    };
    s.directConnectGateways.push(gateway);
    s.directConnectGatewayAssociations.push({
      directConnectGatewayId: gatewayId,
      directConnectGatewayOwnerAccount: accountId,
      associationState: 'associated',
      associatedGateway: { id: first.vgwId, type: 'virtualPrivateGateway', ownerAccount: accountId, region },
      associationId: uuid(2),
      allowedPrefixesToDirectConnectGateway: [{ cidr: first.vpc.vpc.CidrBlock! }],
      virtualGatewayId: first.vgwId,
      virtualGatewayRegion: region,
      virtualGatewayOwnerAccount: accountId,
    } satisfies DirectConnectGatewayAssociation);
    const interfaces = vpcs.length >= 100 ? 4 : 2;
    for (let k = 0; k < interfaces; k++) {
      s.virtualInterfaces.push(virtualInterface(k, gatewayId, nextId, accountId, region));
    }
  }
}

function tunnelAddress(k: number, t: number): string {
  return `52.${(k >>> 8) & 255}.${k & 255}.${10 + t}`;
}

/** A deterministic UUID-shaped id: Direct Connect gateway and association ids are UUIDs. */
function uuid(n: number): string {
  return `5f294f92-bafb-4011-916d-${n.toString(16).padStart(12, '0')}`;
}

function customerGateway(id: string, address: string, name: string): CustomerGateway {
  return {
    BgpAsn: '65000',
    CustomerGatewayId: id,
    IpAddress: address,
    State: 'available',
    Type: 'ipsec.1',
    DeviceName: `${name}-router`,
    Tags: [{ Key: 'Name', Value: `bench-cgw-${name}` }],
  };
}

function vpnGateway(id: string, attachments: VpnGateway['VpcAttachments'], v: number): VpnGateway {
  return {
    State: 'available',
    Type: 'ipsec.1',
    VpcAttachments: attachments,
    VpnGatewayId: id,
    AmazonSideAsn: 64512,
    Tags: [{ Key: 'Name', Value: v < 0 ? 'bench-vgw-spare' : `bench-vgw-${v}` }],
  };
}

function attachment(
  id: string,
  tgwId: string,
  type: TransitGatewayAttachmentResourceType,
  resourceId: string,
  tableId: string,
  accountId: string,
): TransitGatewayAttachment {
  return {
    TransitGatewayAttachmentId: id,
    TransitGatewayId: tgwId,
    TransitGatewayOwnerId: accountId,
    ResourceOwnerId: accountId,
    ResourceType: type,
    ResourceId: resourceId,
    State: 'available',
    Association: { TransitGatewayRouteTableId: tableId, State: 'associated' },
    CreationTime: CREATED,
    Tags: [],
  };
}

function routeTable(id: string, tgwId: string, name: string): TransitGatewayRouteTableWithRoutes {
  return {
    TransitGatewayRouteTableId: id,
    TransitGatewayId: tgwId,
    State: 'available',
    DefaultAssociationRouteTable: false,
    DefaultPropagationRouteTable: false,
    CreationTime: CREATED,
    Tags: [{ Key: 'Name', Value: name }],
    Routes: [],
    Associations: [],
    Propagations: [],
  };
}

function associate(
  table: TransitGatewayRouteTableWithRoutes,
  id: string,
  type: TransitGatewayAttachmentResourceType,
  resourceId: string,
): void {
  table.Associations!.push({
    TransitGatewayAttachmentId: id,
    ResourceId: resourceId,
    ResourceType: type,
    State: 'associated',
  });
}

function propagate(
  table: TransitGatewayRouteTableWithRoutes,
  id: string,
  type: TransitGatewayAttachmentResourceType,
  resourceId: string,
): void {
  table.Propagations!.push({
    TransitGatewayAttachmentId: id,
    ResourceId: resourceId,
    ResourceType: type,
    State: 'enabled',
  });
}

function route(
  cidr: string,
  type: 'static' | 'propagated',
  to: [id: string, type: TransitGatewayAttachmentResourceType, resourceId: string][],
): TransitGatewayRoute {
  return {
    DestinationCidrBlock: cidr,
    TransitGatewayAttachments: to.map(([id, resourceType, resourceId]) => ({
      ResourceId: resourceId,
      TransitGatewayAttachmentId: id,
      ResourceType: resourceType,
    })),
    Type: type,
    State: 'active',
  };
}

function toTransitGateway(cidr: string, tgwId: string): Route {
  return { DestinationCidrBlock: cidr, TransitGatewayId: tgwId, Origin: 'CreateRoute', State: 'active' };
}

/**
 * A /28 per zone for the attachment, with the VPC's default NACL, the interface the transit gateway places
 * in it, and a route table: local and peering routes (so peers' replies find their way back), plus, in the
 * egress VPC, one table per zone whose default route is that zone's NAT gateway.
 */
function attachmentSubnets(
  s: Snapshot,
  x: HybridVpc,
  zones: number[],
  attachmentId: string,
  nextId: NextId,
): Subnet[] {
  const [o1, o2] = x.octets;
  const vpcId = x.vpc.VpcId!;
  const egress = x.index === 0;
  const kept = (x.publicTable.Routes ?? []).filter(
    (r) => r.GatewayId === 'local' || r.VpcPeeringConnectionId,
  );
  const newTable = (name: string, routes: Route[]): RouteTable => {
    const t: RouteTable = {
      Associations: [],
      PropagatingVgws: [],
      RouteTableId: nextId('rtb'),
      Routes: [...kept, ...routes],
      Tags: [{ Key: 'Name', Value: name }],
      VpcId: vpcId,
      OwnerId: s.accountId,
    };
    s.routeTables.push(t);
    return t;
  };
  const shared = egress ? undefined : newTable(`bench-tgw-attach-${x.index}`, []);
  const defaultAcl = s.networkAcls.find((a) => a.NetworkAclId === x.defaultAclId)!;
  return zones.map((zone) => {
    const subnetId = nextId('subnet');
    const zoneSubnet = x.zoneSubnets[zone]!;
    const subnet: Subnet = {
      AvailabilityZone: zoneSubnet.AvailabilityZone,
      AvailabilityZoneId: zoneSubnet.AvailabilityZoneId,
      AvailableIpAddressCount: 10,
      CidrBlock: `${o1}.${o2}.200.${zone * 16}/28`,
      DefaultForAz: false,
      MapPublicIpOnLaunch: false,
      State: 'available',
      SubnetId: subnetId,
      VpcId: vpcId,
      OwnerId: s.accountId,
      AssignIpv6AddressOnCreation: false,
      Ipv6CidrBlockAssociationSet: [],
      SubnetArn: `arn:aws:ec2:${s.region}:${s.accountId}:subnet/${subnetId}`,
      Tags: [
        { Key: 'Name', Value: `bench-tgw-attach-${x.index}-${zone}` },
        { Key: 'Tier', Value: 'transit' },
      ],
    };
    s.subnets.push(subnet);
    // Egress: what the spokes send to the internet leaves through this zone's NAT gateway.
    const table =
      shared ??
      newTable(`bench-tgw-attach-${x.index}-${zone}`, [
        {
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: x.nats[zone]!.NatGatewayId,
          Origin: 'CreateRoute',
          State: 'active',
        },
      ]);
    table.Associations!.push({
      Main: false,
      RouteTableAssociationId: `rtbassoc-${subnetId.slice(7)}`,
      RouteTableId: table.RouteTableId,
      SubnetId: subnetId,
      AssociationState: { State: 'associated' },
    });
    defaultAcl.Associations!.push({
      NetworkAclAssociationId: `aclassoc-${subnetId.slice(7)}`,
      NetworkAclId: defaultAcl.NetworkAclId,
      SubnetId: subnetId,
    });
    s.networkInterfaces.push(
      attachmentInterface(subnet, attachmentId, `${o1}.${o2}.200.${zone * 16 + 5}`, nextId),
    );
    return subnet;
  });
}

function attachmentInterface(
  subnet: Subnet,
  attachmentId: string,
  privateIp: string,
  nextId: NextId,
): NetworkInterface {
  const eniId = nextId('eni');
  return {
    AvailabilityZone: subnet.AvailabilityZone,
    Description: `Network Interface for Transit Gateway Attachment ${attachmentId}`,
    Groups: [],
    InterfaceType: 'transit_gateway',
    Ipv6Addresses: [],
    MacAddress: '02:00:00:00:00:00',
    NetworkInterfaceId: eniId,
    OwnerId: subnet.OwnerId,
    PrivateIpAddress: privateIp,
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: privateIp }],
    RequesterId: '138195034470',
    RequesterManaged: true,
    SourceDestCheck: false,
    Status: 'in-use',
    SubnetId: subnet.SubnetId,
    TagSet: [],
    VpcId: subnet.VpcId,
  };
}

function virtualInterface(
  k: number,
  gatewayId: string,
  nextId: NextId,
  accountId: string,
  region: string,
): VirtualInterface {
  const id = nextId('dxvif');
  const connectionId = `dxcon-${(k % 2).toString(16).padStart(8, '0')}`;
  const amazonAddress = `169.254.${100 + k}.1/30`;
  const customerAddress = `169.254.${100 + k}.2/30`;
  // The fourth interface's BGP session is down (DX.1).
  const bgpStatus = k === 3 ? 'down' : 'up';
  return {
    ownerAccount: accountId,
    virtualInterfaceId: id,
    location: k % 2 === 0 ? 'EqDC2' : 'CSVA1',
    connectionId,
    virtualInterfaceType: 'private',
    virtualInterfaceName: `bench-private-vif-${k}`,
    vlan: 100 + k,
    asn: 65000,
    amazonSideAsn: 64600,
    amazonAddress,
    customerAddress,
    addressFamily: 'ipv4',
    virtualInterfaceState: 'available',
    mtu: 1500,
    jumboFrameCapable: true,
    virtualGatewayId: '',
    directConnectGatewayId: gatewayId,
    routeFilterPrefixes: [],
    bgpPeers: [
      {
        bgpPeerId: `dxpeer-${id.slice(6, 14)}`,
        asn: 65000,
        addressFamily: 'ipv4',
        amazonAddress,
        customerAddress,
        bgpPeerState: 'available',
        bgpStatus,
        awsDeviceV2: `${k % 2 === 0 ? 'EqDC2' : 'CSVA1'}-2abc${k}`,
      },
    ],
    region,
    awsDeviceV2: `${k % 2 === 0 ? 'EqDC2' : 'CSVA1'}-2abc${k}`,
    tags: [{ key: 'Name', value: `bench-vif-${k}` }],
    siteLinkEnabled: false,
  };
}
