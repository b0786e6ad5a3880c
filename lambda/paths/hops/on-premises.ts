import type { SnapshotIndex } from '../../engine/snapshot-index';
import { cidrHolds } from '../addresses';
import type { VirtualInterface, VpnConnection } from '../../snapshot/types';
import type { Hop } from '../types';

/*
 * Where AWS hands a path over to an on-premises network: a VPN connection's tunnels or a Direct Connect
 * virtual interface. NetAudit sees up to there; the customer side (its routes, its firewall) is not seen.
 */

const hop = (
  kind: Hop['kind'],
  resourceId: string,
  status: Hop['status'],
  message: string,
  fix: string | null = null,
  evidence: string[] = [],
): Hop => ({ kind, resourceId, status, message, evidence: evidence.length > 0 ? evidence : [message], fix });

/** What the tunnel telemetry of an available VPN connection says. */
export interface TunnelCount {
  up: number;
  down: string[];
}

/** Tunnels by outside address, as the console and the telemetry name them. */
export function countTunnels(connection: VpnConnection): TunnelCount {
  const telemetry = connection.VgwTelemetry ?? [];
  const down = telemetry
    .filter((t) => t.Status === 'DOWN')
    .map((t) => `${t.OutsideIpAddress ?? '?'}${t.StatusMessage ? ` (${t.StatusMessage})` : ''}`);
  return { up: telemetry.filter((t) => t.Status === 'UP').length, down };
}

/** Tunnel telemetry: both down breaks the connection, one down is a warning (no redundancy left). */
export function vpnTunnelsHop(vpn: VpnConnection): Hop {
  const id = vpn.VpnConnectionId ?? '?';
  const state = vpn.State ?? 'unknown';
  if (state !== 'available') {
    return hop('vpn-connection', id, 'FAIL', `${id} is ${state}, not available`, `Recreate ${id}.`);
  }
  const telemetry = vpn.VgwTelemetry ?? [];
  const evidence = telemetry.map(
    (t) =>
      `tunnel ${t.OutsideIpAddress ?? '?'}: ${t.Status ?? '?'}${t.StatusMessage ? ` (${t.StatusMessage})` : ''}`,
  );
  // The telemetry is read as VPN.1 and VPN.2 read it, so the hop and the rules agree.
  const { up, down } = countTunnels(vpn);
  const total = up + down.length;
  if (down.length > 0 && up === 0) {
    return hop(
      'vpn-connection',
      id,
      'FAIL',
      `every tunnel of ${id} is DOWN: nothing crosses to the customer gateway ${vpn.CustomerGatewayId ?? ''}`.trim(),
      `Bring the tunnels of ${id} up: check the customer gateway's IKE/IPsec settings, its public address and that it initiates or answers the tunnels.`,
      evidence,
    );
  }
  if (down.length > 0) {
    return hop(
      'vpn-connection',
      id,
      'WARN',
      `${down.length} of ${total} tunnels of ${id} ${down.length === 1 ? 'is' : 'are'} DOWN: traffic flows through the other, with no redundancy left`,
      `Bring the DOWN tunnel of ${id} back up.`,
      evidence,
    );
  }
  return hop(
    'vpn-connection',
    id,
    'PASS',
    telemetry.length > 0
      ? `${id} is available with every tunnel UP`
      : `${id} is available (no tunnel telemetry in the snapshot)`,
    null,
    evidence,
  );
}

/** A static VPN carries only the prefixes of its static routes. */
export function vpnStaticRouteHop(vpn: VpnConnection, address: string): Hop | undefined {
  if (!vpn.Options?.StaticRoutesOnly) return undefined;
  const id = vpn.VpnConnectionId ?? '?';
  const routes = (vpn.Routes ?? []).filter((r) => r.State === 'available' && r.DestinationCidrBlock);
  if (routes.some((r) => cidrHolds(r.DestinationCidrBlock, address))) return undefined;
  return hop(
    'vpn-connection',
    id,
    'FAIL',
    `${id} uses static routing and none of its routes (${routes.map((r) => r.DestinationCidrBlock).join(', ') || 'none'}) holds ${address}`,
    `Add a static route for ${address}'s network to ${id} (aws ec2 create-vpn-connection-route).`,
  );
}

/** A Direct Connect virtual interface carries traffic while available with a BGP session up. */
export function virtualInterfacesHop(vifs: readonly VirtualInterface[], via: string): Hop {
  const working = vifs.find(
    (v) => v.virtualInterfaceState === 'available' && (v.bgpPeers ?? []).some((p) => p.bgpStatus === 'up'),
  );
  const evidence = vifs.map(
    (v) =>
      `${v.virtualInterfaceId ?? '?'}: ${v.virtualInterfaceState ?? '?'}, BGP ${(v.bgpPeers ?? []).map((p) => p.bgpStatus ?? '?').join('/') || 'none'}`,
  );
  if (working) {
    return hop(
      'direct-connect',
      working.virtualInterfaceId ?? '?',
      'PASS',
      `${working.virtualInterfaceId ?? '?'} (Direct Connect, via ${via}) is available with BGP up`,
      null,
      evidence,
    );
  }
  const first = vifs[0];
  return hop(
    'direct-connect',
    first?.virtualInterfaceId ?? via,
    'FAIL',
    first
      ? `no virtual interface of ${via} is available with BGP up`
      : `${via} has no Direct Connect virtual interface in the snapshot`,
    first
      ? `Restore the virtual interface ${first.virtualInterfaceId ?? ''} (its physical connection and BGP session).`
      : `Attach a virtual interface to ${via}, or route this traffic to a VPN.`,
    evidence,
  );
}

/** The virtual interfaces that reach a virtual private gateway: directly, or through a Direct Connect gateway. */
export function virtualInterfacesOfVgw(index: SnapshotIndex, vgwId: string): VirtualInterface[] {
  const s = index.snapshot;
  const gateways = new Set(
    (s.directConnectGatewayAssociations ?? [])
      .filter((a) => a.associatedGateway?.id === vgwId && a.associationState === 'associated')
      .map((a) => a.directConnectGatewayId),
  );
  return (s.virtualInterfaces ?? []).filter(
    (v) =>
      v.virtualGatewayId === vgwId || (!!v.directConnectGatewayId && gateways.has(v.directConnectGatewayId)),
  );
}

export function virtualInterfacesOfDxGateway(index: SnapshotIndex, dxGatewayId: string): VirtualInterface[] {
  return (index.snapshot.virtualInterfaces ?? []).filter((v) => v.directConnectGatewayId === dxGatewayId);
}

/** Available VPN connections ending on a gateway (a virtual private gateway or a transit gateway). */
export function vpnConnectionsOf(index: SnapshotIndex, gatewayId: string): VpnConnection[] {
  return (index.snapshot.vpnConnections ?? []).filter(
    (v) => (v.VpnGatewayId === gatewayId || v.TransitGatewayId === gatewayId) && v.State !== 'deleted',
  );
}

/** The static routes a propagating virtual private gateway puts into a route table. */
export function propagatedVpnRoutes(index: SnapshotIndex, vgwId: string): string[] {
  return vpnConnectionsOf(index, vgwId)
    .filter((v) => v.State === 'available')
    .flatMap((v) => (v.Routes ?? []).filter((r) => r.State === 'available'))
    .flatMap((r) => (r.DestinationCidrBlock ? [r.DestinationCidrBlock] : []));
}
