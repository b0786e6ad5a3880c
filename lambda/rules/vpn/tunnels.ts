import type { VpnConnection } from '../../snapshot/types';

/** Only available connections carry traffic; pending and deleted ones have no tunnels worth judging. */
export function availableConnections(connections: readonly VpnConnection[] | undefined): VpnConnection[] {
  return (connections ?? []).filter((c) => c.State === 'available');
}

/** `to vgw-1` or `to tgw-1`: where the connection ends on the AWS side. */
export function gatewayOf(connection: VpnConnection): string {
  return connection.VpnGatewayId ?? connection.TransitGatewayId ?? 'no gateway';
}
