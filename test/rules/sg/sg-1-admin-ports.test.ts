import { adminPortsOpenToInternet as rule } from '../../../lambda/rules/sg/sg-1-admin-ports';
import { NetworkBuilder } from '../../support/network-builder';
import { all, tcp, udp } from '../../support/permissions';
import { failedIds, resultFor, runRule } from '../../support/run-rule';

describe('SG.1 admin port open to the internet', () => {
  const build = (...ingress: ReturnType<typeof tcp>[]) => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ bare: true });
    const group = net.securityGroup({ vpc, id: 'sg-web', ingress });
    return { snapshot: net.snapshot(), group };
  };

  it('fails on SSH from 0.0.0.0/0 and names the permission', () => {
    const { snapshot } = build(tcp(22).from('0.0.0.0/0'));
    const result = resultFor(runRule(rule, snapshot), 'sg-web');
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('TCP 22 from 0.0.0.0/0');
    expect(result.severity).toBe('HIGH');
    expect(result.findingId).toBe('netaudit/us-east-1/123456789012/SG.1/sg-web');
  });

  it('fails on RDP from ::/0 (IPv6)', () => {
    const { snapshot } = build(tcp(3389).from('::/0'));
    expect(resultFor(runRule(rule, snapshot), 'sg-web').message).toContain('TCP 3389 from ::/0');
  });

  it('fails when a port range covers 22, and when the protocol is -1', () => {
    expect(failedIds(runRule(rule, build(tcp(0, 1024).from('0.0.0.0/0')).snapshot))).toEqual(['sg-web']);
    const allTraffic = resultFor(runRule(rule, build(all().from('0.0.0.0/0')).snapshot), 'sg-web');
    expect(allTraffic.message).toContain('opens TCP 22, 3389');
  });

  it('passes on SSH from a private CIDR (the wrong-source incident is not an exposure)', () => {
    const { snapshot } = build(tcp(22).from('192.168.1.0/24'));
    expect(resultFor(runRule(rule, snapshot), 'sg-web').status).toBe('PASSED');
  });

  it('passes on UDP 22 and on a range that stops below 22', () => {
    expect(
      failedIds(runRule(rule, build(udp(22).from('0.0.0.0/0'), tcp(0, 21).from('0.0.0.0/0')).snapshot)),
    ).toEqual([]);
  });

  it('uses the configured admin ports', () => {
    const { snapshot } = build(tcp(2222).from('0.0.0.0/0'));
    expect(failedIds(runRule(rule, snapshot))).toEqual([]);
    expect(failedIds(runRule(rule, snapshot, { adminPorts: [2222] }))).toEqual(['sg-web']);
  });

  it('is NOT_EVALUATED when security groups could not be collected', () => {
    const net = new NetworkBuilder();
    net.error({ api: 'DescribeSecurityGroups', code: 'AccessDenied', message: 'denied' });
    const [result] = runRule(rule, net.snapshot());
    expect(result?.status).toBe('NOT_EVALUATED');
  });
});
