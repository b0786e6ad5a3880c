import { defineRule, failed, notEvaluated, passed } from '../../engine/rule';
import { countTunnels } from '../../paths/hops/on-premises';
import { availableConnections, gatewayOf } from './tunnels';

export const vpnTunnelDown = defineRule({
  id: 'VPN.2',
  title: 'VPN connection has a tunnel down',
  description:
    'Each Site-to-Site VPN connection has two tunnels so that AWS maintenance or a device failure on one ' +
    'does not cut the on-premises link. With a tunnel down the connection still works, but the next ' +
    'tunnel endpoint replacement takes it offline.',
  severity: 'MEDIUM',
  resourceType: 'AwsEc2VpnConnection',
  category: 'connectivity',
  requires: ['vpnConnections'],
  remediation: {
    text:
      'Configure both tunnels on the customer gateway device (`aws ec2 ' +
      'get-vpn-connection-device-sample-configuration`), and check why the down tunnel does not establish.',
    url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-20',
  },
  references: ['FSBP EC2.20'],
  evaluate(index) {
    return availableConnections(index.snapshot.vpnConnections).map((vpn) => {
      const id = vpn.VpnConnectionId!;
      const { up, down } = countTunnels(vpn);
      if (up + down.length === 0) return notEvaluated(id, `${id} reports no tunnel telemetry`);
      if (down.length === 0) return passed(id, `${id} to ${gatewayOf(vpn)} has all ${up} tunnels up`);
      // As Security Hub EC2.20 does, any tunnel down fails, including all of them (VPN.1 says it louder).
      return failed(
        id,
        `${id} to ${gatewayOf(vpn)} has ${down.length} of ${up + down.length} tunnels down: ${down.join(', ')}`,
        {
          evidence: { tunnelsDown: down, tunnelsUp: up },
        },
      );
    });
  },
});
