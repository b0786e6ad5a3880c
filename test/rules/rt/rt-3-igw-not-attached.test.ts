import { routeToDetachedInternetGateway as rule } from '../../../lambda/rules/rt/rt-3-igw-not-attached';
import { NetworkBuilder, toIgw } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';
import { toGatewayId, toIgwV6 } from './fixtures';

describe('RT.3 route to an internet gateway not attached to the VPC', () => {
  const build = () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-app' });
    const other = net.vpc({ id: 'vpc-other', cidr: '10.1.0.0/16' });
    return { net, vpc, other };
  };

  it('fails when the gateway is attached to another VPC, and names both VPCs', () => {
    const { net, vpc, other } = build();
    const igw = net.internetGateway({ vpc: other, id: 'igw-other' });
    net.routeTable({ vpc, id: 'rtb-app', routes: [toIgw(igw)] });
    const result = resultFor(runRule(rule, net.snapshot()), 'rtb-app');
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain(
      '0.0.0.0/0 -> igw-other (active): igw-other is attached to vpc-other, not to vpc-app',
    );
  });

  it('fails when the gateway is detached from every VPC', () => {
    const { net, vpc } = build();
    const igw = net.internetGateway({ id: 'igw-loose' });
    net.routeTable({ vpc, id: 'rtb-app', routes: [toIgw(igw)] });
    expect(resultFor(runRule(rule, net.snapshot()), 'rtb-app').message).toContain(
      'igw-loose is detached (attached to no VPC)',
    );
  });

  it('fails when the gateway is still detaching from this VPC', () => {
    const { net, vpc } = build();
    const igw = net.internetGateway({ vpc, id: 'igw-1', state: 'detaching' });
    net.routeTable({ vpc, id: 'rtb-app', routes: [toIgw(igw)] });
    expect(resultFor(runRule(rule, net.snapshot()), 'rtb-app').message).toContain(
      "igw-1 is in state 'detaching' on vpc-app",
    );
  });

  it('fails when the gateway id is unknown (deleted), including IPv6 routes', () => {
    const { net, vpc } = build();
    const ghost = { InternetGatewayId: 'igw-ghost' };
    net.routeTable({
      vpc,
      id: 'rtb-app',
      routes: [toIgwV6(ghost), toGatewayId('igw-gone', '0.0.0.0/0', 'blackhole')],
    });
    const message = resultFor(runRule(rule, net.snapshot()), 'rtb-app').message;
    expect(message).toContain('::/0 -> igw-ghost (active): igw-ghost does not exist (deleted)');
    expect(message).toContain('0.0.0.0/0 -> igw-gone (blackhole): igw-gone does not exist');
  });

  it('passes on routes (IPv4 and IPv6) to the attached gateway, and on tables without gateway routes', () => {
    const { net, vpc } = build();
    const igw = net.internetGateway({ vpc });
    net.routeTable({ vpc, id: 'rtb-pub', routes: [toIgw(igw), toIgwV6(igw)] });
    const results = runRule(rule, net.snapshot());
    expect(results.every((r) => r.status === 'PASSED')).toBe(true);
    expect(resultFor(results, 'rtb-pub').status).toBe('PASSED');
  });

  it('is NOT_EVALUATED when internet gateways could not be collected', () => {
    const { net, vpc } = build();
    net.routeTable({ vpc, id: 'rtb-app', routes: [toGatewayId('igw-1')] });
    net.error({ api: 'DescribeInternetGateways', code: 'AccessDenied', message: 'denied' });
    expect(resultFor(runRule(rule, net.snapshot()), 'rtb-app').status).toBe('NOT_EVALUATED');
  });
});
