import type { VpnConnection } from '../../snapshot/types';

/** What the tunnel telemetry of an available VPN connection says. */
export interface TunnelCount {
  up: number;
  down: string[];
}

/** Only available connections carry traffic; pending and deleted ones have no tunnels worth judging. */
export function availableConnections(connections: readonly VpnConnection[] | undefined): VpnConnection[] {
  return (connections ?? []).filter((c) => c.State === 'available');
}

/** Tunnels by outside address, as the console and the telemetry name them. */
export function countTunnels(connection: VpnConnection): TunnelCount {
  const telemetry = connection.VgwTelemetry ?? [];
  const down = telemetry
    .filter((t) => t.Status === 'DOWN')
    .map((t) => `${t.OutsideIpAddress ?? '?'}${t.StatusMessage ? ` (${t.StatusMessage})` : ''}`);
  return { up: telemetry.filter((t) => t.Status === 'UP').length, down };
}

/** `to vgw-1` or `to tgw-1`: where the connection ends on the AWS side. */
export function gatewayOf(connection: VpnConnection): string {
  return connection.VpnGatewayId ?? connection.TransitGatewayId ?? 'no gateway';
}
