import type { VirtualInterface } from '@aws-sdk/client-direct-connect';
import type { Route } from '@aws-sdk/client-ec2';
import type {
  CustomerGateway,
  Snapshot,
  Subnet,
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayRoute,
  TransitGatewayRouteTableWithRoutes,
  TransitGatewayVpcAttachment,
  Vpc,
  VpnConnection,
  VpnGateway,
} from '../../lambda/snapshot/types';

/*
 * Transit gateways, VPN and Direct Connect as plain objects, added to a snapshot taken from the
 * NetworkBuilder: `const s = net.snapshot(); transitGateway(s, { id: 'tgw-1' })`.
 */

export function transitGateway(
  s: Snapshot,
  o: { id: string; autoAccept?: boolean; state?: string },
): TransitGateway {
  const tgw: TransitGateway = {
    TransitGatewayId: o.id,
    State: (o.state ?? 'available') as TransitGateway['State'],
    Options: { AutoAcceptSharedAttachments: o.autoAccept ? 'enable' : 'disable' },
  };
  (s.transitGateways ??= []).push(tgw);
  return tgw;
}

export function tgwVpcAttachment(
  s: Snapshot,
  o: { id: string; tgw: string; vpc: Vpc; subnets: Subnet[]; state?: string },
): TransitGatewayVpcAttachment {
  const attachment: TransitGatewayVpcAttachment = {
    TransitGatewayAttachmentId: o.id,
    TransitGatewayId: o.tgw,
    VpcId: o.vpc.VpcId,
    SubnetIds: o.subnets.map((x) => x.SubnetId!),
    State: (o.state ?? 'available') as TransitGatewayVpcAttachment['State'],
  };
  (s.transitGatewayVpcAttachments ??= []).push(attachment);
  return attachment;
}

/**
 * A transit gateway route table, associated with `associations` and learning routes from `propagations`
 * (attachment ids).
 */
export function tgwRouteTable(
  s: Snapshot,
  o: {
    id: string;
    tgw?: string;
    associations?: string[];
    propagations?: string[];
    routes?: TransitGatewayRoute[];
  },
): TransitGatewayRouteTableWithRoutes {
  const table: TransitGatewayRouteTableWithRoutes = {
    TransitGatewayRouteTableId: o.id,
    TransitGatewayId: o.tgw ?? 'tgw-1',
    State: 'available',
    Routes: o.routes ?? [],
    Associations: (o.associations ?? []).map((a) => ({ TransitGatewayAttachmentId: a, State: 'associated' })),
    Propagations: (o.propagations ?? []).map((a) => ({ TransitGatewayAttachmentId: a, State: 'enabled' })),
  };
  (s.transitGatewayRouteTables ??= []).push(table);
  return table;
}

export const tgwRoute = (
  cidr: string,
  attachment: string | undefined,
  o: { state?: 'active' | 'blackhole'; type?: 'static' | 'propagated' } = {},
): TransitGatewayRoute => ({
  DestinationCidrBlock: cidr,
  State: o.state ?? 'active',
  Type: o.type ?? 'propagated',
  TransitGatewayAttachments: attachment ? [{ TransitGatewayAttachmentId: attachment }] : [],
});

/** A subnet route to a transit gateway (the NetworkBuilder's route helpers have none). */
export const toTgw = (tgw: string, cidr = '10.0.0.0/8'): Route => ({
  DestinationCidrBlock: cidr,
  TransitGatewayId: tgw,
  State: 'active',
  Origin: 'CreateRoute',
});

/** A static route to a virtual private gateway. */
export const toVgw = (vgw: string, cidr: string): Route => ({
  DestinationCidrBlock: cidr,
  GatewayId: vgw,
  State: 'active',
  Origin: 'CreateRoute',
});

export function vpnGateway(s: Snapshot, o: { id: string; vpc?: Vpc; attachment?: string }): VpnGateway {
  const vgw: VpnGateway = {
    VpnGatewayId: o.id,
    State: 'available',
    Type: 'ipsec.1',
    VpcAttachments: o.vpc ? [{ VpcId: o.vpc.VpcId, State: (o.attachment ?? 'attached') as 'attached' }] : [],
  };
  (s.vpnGateways ??= []).push(vgw);
  return vgw;
}

/**
 * A VPN connection; `staticRoutes` makes it a static VPN with those routes, else it uses BGP.
 * `tunnelAddresses` are the AWS outside addresses of its tunnels, in `tunnels` order.
 */
export function vpnConnection(
  s: Snapshot,
  o: {
    id: string;
    vgw?: string;
    tgw?: string;
    customerGateway?: string;
    tunnels?: ('UP' | 'DOWN')[];
    tunnelAddresses?: string[];
    state?: string;
    staticRoutes?: string[];
  },
): VpnConnection {
  const vpn: VpnConnection = {
    VpnConnectionId: o.id,
    State: (o.state ?? 'available') as VpnConnection['State'],
    Type: 'ipsec.1',
    CustomerGatewayId: o.customerGateway ?? 'cgw-1',
    ...(o.vgw ? { VpnGatewayId: o.vgw } : {}),
    ...(o.tgw ? { TransitGatewayId: o.tgw } : {}),
    Options: { StaticRoutesOnly: o.staticRoutes !== undefined },
    Routes: (o.staticRoutes ?? []).map((cidr) => ({
      DestinationCidrBlock: cidr,
      Source: 'Static',
      State: 'available',
    })),
    VgwTelemetry: (o.tunnels ?? ['UP', 'UP']).map((status, i) => ({
      OutsideIpAddress: o.tunnelAddresses?.[i] ?? `203.0.113.${i + 1}`,
      Status: status,
      StatusMessage: status === 'DOWN' ? 'IPSEC IS DOWN' : '',
    })),
  };
  (s.vpnConnections ??= []).push(vpn);
  return vpn;
}

/** The on-premises end of a VPN: the office router's public address and BGP ASN. */
export function customerGateway(s: Snapshot, o: { id: string; ip: string; asn?: string }): CustomerGateway {
  const cgw: CustomerGateway = {
    CustomerGatewayId: o.id,
    State: 'available',
    Type: 'ipsec.1',
    IpAddress: o.ip,
    BgpAsn: o.asn ?? '65000',
  };
  (s.customerGateways ??= []).push(cgw);
  return cgw;
}

/**
 * One entry of DescribeTransitGatewayAttachments, which lists every attachment (VPC, VPN, Direct Connect
 * gateway, peering) with the route table it is associated with.
 */
export function tgwAttachment(
  s: Snapshot,
  o: {
    id: string;
    tgw: string;
    resourceType: 'vpc' | 'vpn' | 'direct-connect-gateway' | 'peering';
    resourceId: string;
    routeTable?: string;
    state?: string;
  },
): TransitGatewayAttachment {
  const attachment: TransitGatewayAttachment = {
    TransitGatewayAttachmentId: o.id,
    TransitGatewayId: o.tgw,
    TransitGatewayOwnerId: s.accountId,
    ResourceOwnerId: s.accountId,
    ResourceType: o.resourceType,
    ResourceId: o.resourceId,
    State: (o.state ?? 'available') as TransitGatewayAttachment['State'],
    ...(o.routeTable
      ? { Association: { TransitGatewayRouteTableId: o.routeTable, State: 'associated' as const } }
      : {}),
  };
  (s.transitGatewayAttachments ??= []).push(attachment);
  return attachment;
}

export function virtualInterface(
  s: Snapshot,
  o: { id: string; state?: string; bgp?: string[]; vgw?: string },
): VirtualInterface {
  const vif: VirtualInterface = {
    virtualInterfaceId: o.id,
    virtualInterfaceType: 'private',
    virtualInterfaceState: (o.state ?? 'available') as VirtualInterface['virtualInterfaceState'],
    ...(o.vgw ? { virtualGatewayId: o.vgw } : {}),
    bgpPeers: (o.bgp ?? ['up']).map((status, i) => ({
      bgpPeerId: `dxpeer-${i + 1}`,
      bgpPeerState: 'available',
      bgpStatus: status as 'up' | 'down' | 'unknown',
    })),
  };
  (s.virtualInterfaces ??= []).push(vif);
  return vif;
}
