import { brokenInternetEgress as net2 } from '../../../lambda/rules/net/net-2-egress-broken';
import { isolatedInstance as net3 } from '../../../lambda/rules/net/net-3-isolated';
import { NetworkBuilder, toPeering } from '../../support/network-builder';
import { publicInstance } from '../../support/reachability';
import { resultFor, runRule } from '../../support/run-rule';

describe('NET.2 broken internet egress and NET.3 isolated instance', () => {
  it('both pass an instance whose TCP 443 egress works', () => {
    const { net } = publicInstance();
    const snapshot = net.snapshot();
    expect(resultFor(runRule(net2, snapshot), 'i-app').status).toBe('PASSED');
    expect(resultFor(runRule(net3, snapshot), 'i-app').status).toBe('PASSED');
  });

  it('NET.2 fails, naming the first broken hop, when the subnet has a default route', () => {
    const { net } = publicInstance({ egress: [] });
    const snapshot = net.snapshot();
    const result = resultFor(runRule(net2, snapshot), 'i-app');
    expect(result).toMatchObject({ status: 'FAILED', severity: 'HIGH' });
    expect(result.message).toContain('broken at step 2 (security groups)');
    expect(result.evidence).toMatchObject({ hop: 'sg-egress', step: 2, interface: 'eni-1' });
    expect(resultFor(runRule(net3, snapshot), 'i-app').status).toBe('PASSED');
  });

  it('NET.3 reports an isolated instance as FAILED at INFORMATIONAL severity, NET.2 passes it', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const subnet = net.subnet({ vpc, routes: [] });
    net.instance({ subnet, id: 'i-isolated', groups: [net.defaultSecurityGroup(vpc)] });
    const snapshot = net.snapshot();
    expect(resultFor(runRule(net3, snapshot), 'i-isolated')).toMatchObject({
      status: 'FAILED',
      severity: 'INFORMATIONAL',
    });
    expect(resultFor(runRule(net2, snapshot), 'i-isolated').status).toBe('PASSED');
  });

  it('leaves stopped instances NOT_EVALUATED and passes terminated ones', () => {
    const { net, subnet, group } = publicInstance({ egress: [] });
    net.instance({ subnet, id: 'i-stopped', groups: [group], state: 'stopped' });
    net.instance({ subnet, id: 'i-gone', groups: [group], state: 'terminated' });
    const results = runRule(net2, net.snapshot());
    expect(resultFor(results, 'i-stopped').status).toBe('NOT_EVALUATED');
    expect(resultFor(results, 'i-gone').status).toBe('PASSED');
  });

  it('does not judge a default route into a peering connection (not verifiable from the snapshot)', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const hub = net.vpc({ cidr: '10.9.0.0/16' });
    const pcx = net.peering({ requester: vpc, accepter: hub, id: 'pcx-hub' });
    const subnet = net.subnet({ vpc, routes: [toPeering(pcx, '0.0.0.0/0')] });
    net.instance({ subnet, id: 'i-spoke', groups: [net.defaultSecurityGroup(vpc)] });
    const result = resultFor(runRule(net2, net.snapshot()), 'i-spoke');
    expect(result.status).toBe('NOT_EVALUATED');
    expect(result.message).toContain('leaves the VPC via pcx-hub');
  });

  it('decides on the primary interface (device index 0)', () => {
    const { net, vpc, subnet } = publicInstance();
    const closed = net.securityGroup({ vpc, id: 'sg-closed', egress: [] });
    const secondary = net.networkInterface({
      subnet,
      id: 'eni-secondary',
      groups: [closed],
      instanceId: 'i-app',
    });
    secondary.Attachment!.DeviceIndex = 1;
    expect(resultFor(runRule(net2, net.snapshot()), 'i-app').status).toBe('PASSED');
  });
});
