import fc from 'fast-check';
import { vpnAllTunnelsDown } from '../../../lambda/rules/vpn/vpn-1-all-tunnels-down';
import { vpnTunnelDown as rule } from '../../../lambda/rules/vpn/vpn-2-tunnel-down';
import { vpnConnection } from '../../support/hybrid';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('VPN.2 VPN connection with a tunnel down', () => {
  it('fails an available connection with one tunnel down, naming it', () => {
    const s = new NetworkBuilder().snapshot();
    vpnConnection(s, { id: 'vpn-1', vgw: 'vgw-1', tunnels: ['UP', 'DOWN'] });
    const result = resultFor(runRule(rule, s), 'vpn-1');
    expect(result.status).toBe('FAILED');
    expect(result.severity).toBe('MEDIUM');
    expect(result.message).toBe('vpn-1 to vgw-1 has 1 of 2 tunnels down: 203.0.113.2 (IPSEC IS DOWN)');
  });

  it('passes a connection with both tunnels up', () => {
    const s = new NetworkBuilder().snapshot();
    vpnConnection(s, { id: 'vpn-1', vgw: 'vgw-1' });
    expect(resultFor(runRule(rule, s), 'vpn-1').message).toBe('vpn-1 to vgw-1 has all 2 tunnels up');
  });

  it('fails, as Security Hub EC2.20 does, when every tunnel is down', () => {
    const s = new NetworkBuilder().snapshot();
    vpnConnection(s, { id: 'vpn-1', vgw: 'vgw-1', tunnels: ['DOWN', 'DOWN'] });
    expect(resultFor(runRule(rule, s), 'vpn-1').status).toBe('FAILED');
  });

  it('never passes a connection VPN.1 fails, and fails exactly when a tunnel is down', () => {
    const status = fc.constantFrom<'UP' | 'DOWN'>('UP', 'DOWN');
    fc.assert(
      fc.property(fc.array(status, { minLength: 1, maxLength: 4 }), (tunnels) => {
        const s = new NetworkBuilder().snapshot();
        vpnConnection(s, { id: 'vpn-1', vgw: 'vgw-1', tunnels });
        const two = resultFor(runRule(rule, s), 'vpn-1').status;
        const one = resultFor(runRule(vpnAllTunnelsDown, s), 'vpn-1').status;
        expect(two).toBe(tunnels.includes('DOWN') ? 'FAILED' : 'PASSED');
        if (one === 'FAILED') expect(two).toBe('FAILED');
      }),
      { numRuns: 50 },
    );
  });

  it('is NOT_EVALUATED when VPN connections were not collected', () => {
    const s = new NetworkBuilder().snapshot();
    delete s.vpnConnections;
    expect(runRule(rule, s).map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });
});
