import { vpnAllTunnelsDown as rule } from '../../../lambda/rules/vpn/vpn-1-all-tunnels-down';
import { vpnConnection } from '../../support/hybrid';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('VPN.1 VPN connection with every tunnel down', () => {
  it('fails an available connection whose tunnels are all down, naming them', () => {
    const s = new NetworkBuilder().snapshot();
    vpnConnection(s, { id: 'vpn-1', vgw: 'vgw-1', tunnels: ['DOWN', 'DOWN'] });
    const result = resultFor(runRule(rule, s), 'vpn-1');
    expect(result.status).toBe('FAILED');
    expect(result.resourceType).toBe('AwsEc2VpnConnection');
    expect(result.message).toBe(
      'vpn-1 to vgw-1 has every tunnel down: 203.0.113.1 (IPSEC IS DOWN), 203.0.113.2 (IPSEC IS DOWN)',
    );
  });

  it.each([
    [['UP', 'DOWN'] as const, 'vpn-1 to tgw-1 has 1 tunnel(s) up'],
    [['UP', 'UP'] as const, 'vpn-1 to tgw-1 has 2 tunnel(s) up'],
  ])('passes a connection with a tunnel up (%j)', (tunnels, message) => {
    const s = new NetworkBuilder().snapshot();
    vpnConnection(s, { id: 'vpn-1', tgw: 'tgw-1', tunnels: [...tunnels] });
    expect(resultFor(runRule(rule, s), 'vpn-1')).toMatchObject({ status: 'PASSED', message });
  });

  it('judges only available connections', () => {
    const s = new NetworkBuilder().snapshot();
    vpnConnection(s, { id: 'vpn-new', vgw: 'vgw-1', tunnels: ['DOWN', 'DOWN'], state: 'pending' });
    vpnConnection(s, { id: 'vpn-old', vgw: 'vgw-1', tunnels: ['DOWN', 'DOWN'], state: 'deleted' });
    expect(runRule(rule, s)).toEqual([]);
  });

  it('is NOT_EVALUATED for a connection without telemetry, never passed', () => {
    const s = new NetworkBuilder().snapshot();
    vpnConnection(s, { id: 'vpn-1', vgw: 'vgw-1', tunnels: [] });
    expect(resultFor(runRule(rule, s), 'vpn-1')).toMatchObject({
      status: 'NOT_EVALUATED',
      message: 'vpn-1 reports no tunnel telemetry',
    });
  });

  it('is NOT_EVALUATED when VPN connections could not be collected', () => {
    const net = new NetworkBuilder();
    net.error({ api: 'DescribeVpnConnections', code: 'AccessDenied', message: 'denied' });
    expect(runRule(rule, net.snapshot()).map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });
});
