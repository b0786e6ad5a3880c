import { defaultConfig } from '../../../lambda/config/config';
import { evaluate } from '../../../lambda/engine/evaluate';
import { toAsffFindings } from '../../../lambda/findings/asff';
import { directConnectRules } from '../../../lambda/rules/dx';
import { transitGatewayRules } from '../../../lambda/rules/tgw';
import { virtualPrivateGatewayRules } from '../../../lambda/rules/vgw';
import { vpnRules } from '../../../lambda/rules/vpn';
import {
  tgwRoute,
  tgwRouteTable,
  transitGateway,
  virtualInterface,
  vpnConnection,
  vpnGateway,
} from '../../support/hybrid';
import { expectValidAsff } from '../../support/asff-validator';
import { NetworkBuilder } from '../../support/network-builder';

const HYBRID_RULES = [
  ...transitGatewayRules,
  ...vpnRules,
  ...virtualPrivateGatewayRules,
  ...directConnectRules,
];

describe('hybrid findings in ASFF', () => {
  it('are valid Security Hub findings, with the ASFF type where one exists and Other elsewhere', () => {
    const s = new NetworkBuilder().snapshot();
    transitGateway(s, { id: 'tgw-1', autoAccept: true });
    tgwRouteTable(s, {
      id: 'tgw-rtb-1',
      routes: [tgwRoute('10.9.0.0/16', undefined, { state: 'blackhole' })],
    });
    vpnConnection(s, { id: 'vpn-1', vgw: 'vgw-1', tunnels: ['DOWN', 'DOWN'] });
    vpnGateway(s, { id: 'vgw-1' });
    virtualInterface(s, { id: 'dxvif-1', state: 'down' });

    const findings = toAsffFindings(evaluate(s, defaultConfig(), HYBRID_RULES));
    expectValidAsff(findings);
    const failing = findings.filter((f) => f.Compliance?.Status === 'FAILED');
    const resources = failing.map((f) => [f.ProductFields?.['netaudit/RuleId'], f.Resources![0]!.Type]);
    expect(resources).toEqual(
      expect.arrayContaining([
        ['TGW.1', 'Other'],
        ['TGW.2', 'AwsEc2TransitGateway'],
        ['VPN.1', 'AwsEc2VpnConnection'],
        ['VPN.2', 'AwsEc2VpnConnection'],
        ['VGW.1', 'Other'],
        ['DX.1', 'Other'],
      ]),
    );
    const details = (id: string) =>
      failing.find((f) => f.ProductFields?.['netaudit/RuleId'] === id)!.Resources![0]!.Details;
    expect(details('TGW.2')).toEqual({ AwsEc2TransitGateway: { Id: 'tgw-1' } });
    expect(details('VPN.1')).toEqual({ AwsEc2VpnConnection: { VpnConnectionId: 'vpn-1' } });
    expect(details('DX.1')).toEqual({ Other: { VirtualInterfaceId: 'dxvif-1' } });
  });
});
