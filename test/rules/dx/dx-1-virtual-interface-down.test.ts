import { directConnectInterfaceDown as rule } from '../../../lambda/rules/dx/dx-1-virtual-interface-down';
import { virtualInterface } from '../../support/hybrid';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('DX.1 Direct Connect virtual interface down or BGP down', () => {
  it('passes an available interface with BGP up', () => {
    const s = new NetworkBuilder().snapshot();
    virtualInterface(s, { id: 'dxvif-1', bgp: ['up', 'up'] });
    const result = resultFor(runRule(rule, s), 'dxvif-1');
    expect(result.status).toBe('PASSED');
    expect(result.message).toBe('dxvif-1 is available with 2 BGP peer(s) up');
  });

  it.each(['down', 'pending', 'confirming', 'testing'])('fails an interface that is %s', (state) => {
    const s = new NetworkBuilder().snapshot();
    virtualInterface(s, { id: 'dxvif-1', state });
    const result = resultFor(runRule(rule, s), 'dxvif-1');
    expect(result.status).toBe('FAILED');
    expect(result.resourceType).toBe('AwsDirectConnectVirtualInterface');
    expect(result.message).toBe(`dxvif-1 is ${state}, not available`);
  });

  it('fails an available interface with a BGP peer down, naming it', () => {
    const s = new NetworkBuilder().snapshot();
    virtualInterface(s, { id: 'dxvif-1', bgp: ['up', 'down'] });
    expect(resultFor(runRule(rule, s), 'dxvif-1').message).toBe(
      'dxvif-1 is available but BGP is down for peer(s) dxpeer-2',
    );
  });

  it('does not pass an interface whose BGP status is unknown', () => {
    const s = new NetworkBuilder().snapshot();
    virtualInterface(s, { id: 'dxvif-1', bgp: ['unknown'] });
    expect(resultFor(runRule(rule, s), 'dxvif-1').status).toBe('NOT_EVALUATED');
  });

  it('skips deleted and rejected interfaces', () => {
    const s = new NetworkBuilder().snapshot();
    virtualInterface(s, { id: 'dxvif-old', state: 'deleted' });
    virtualInterface(s, { id: 'dxvif-no', state: 'rejected' });
    expect(runRule(rule, s)).toEqual([]);
  });

  it('is NOT_EVALUATED when virtual interfaces could not be collected', () => {
    const net = new NetworkBuilder();
    net.error({ api: 'DescribeVirtualInterfaces', code: 'AccessDenied', message: 'denied' });
    expect(runRule(rule, net.snapshot()).map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });
});
