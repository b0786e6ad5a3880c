import { defineRule, failed, notEvaluated, passed } from '../../engine/rule';
import { countTunnels } from '../../paths/hops/on-premises';
import { availableConnections, gatewayOf } from './tunnels';

export const vpnAllTunnelsDown = defineRule({
  id: 'VPN.1',
  title: 'VPN connection has every tunnel down',
  description:
    'A Site-to-Site VPN connection whose tunnels are all down carries nothing: the on-premises networks it ' +
    'serves are unreachable from the VPCs behind its gateway, and back.',
  severity: 'HIGH',
  resourceType: 'AwsEc2VpnConnection',
  category: 'connectivity',
  requires: ['vpnConnections'],
  remediation: {
    text:
      'Check the customer gateway device: its IPsec and BGP configuration must match the tunnel options ' +
      '(`aws ec2 get-vpn-connection-device-sample-configuration`), and its outside address must be reachable.',
    url: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/Troubleshooting.html',
  },
  references: [],
  evaluate(index) {
    return availableConnections(index.snapshot.vpnConnections).map((vpn) => {
      const id = vpn.VpnConnectionId!;
      const { up, down } = countTunnels(vpn);
      if (up + down.length === 0) return notEvaluated(id, `${id} reports no tunnel telemetry`);
      if (up > 0) return passed(id, `${id} to ${gatewayOf(vpn)} has ${up} tunnel(s) up`);
      return failed(id, `${id} to ${gatewayOf(vpn)} has every tunnel down: ${down.join(', ')}`, {
        evidence: { tunnelsDown: down },
      });
    });
  },
});
