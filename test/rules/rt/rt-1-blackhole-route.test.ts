import { blackholeRoute as rule } from '../../../lambda/rules/rt/rt-1-blackhole-route';
import { blackhole, NetworkBuilder, toIgw, toNat, toPeering } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';
import { statuses } from './fixtures';

describe('RT.1 blackhole route', () => {
  it('fails on a blackhole route left after its NAT gateway was deleted, naming the route', () => {
    // Prepare
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const pub = net.subnet({ vpc, cidr: '10.0.0.0/24' });
    const nat = net.natGateway({ subnet: pub, id: 'nat-0dead', state: 'deleted' });
    net.routeTable({ vpc, id: 'rtb-private', routes: [blackhole(toNat(nat))] });
    // Act
    const result = resultFor(runRule(rule, net.snapshot()), 'rtb-private');
    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('0.0.0.0/0 -> nat-0dead (blackhole)');
    expect(result.message).toContain('NAT gateway');
    expect(result.resourceType).toBe('AwsEc2RouteTable');
  });

  it('names every blackhole route of a table in one result', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const peer = net.vpc({ cidr: '10.9.0.0/16' });
    const igw = net.internetGateway({ vpc });
    const pcx = net.peering({ requester: vpc, accepter: peer, id: 'pcx-gone', status: 'deleted' });
    net.routeTable({
      vpc,
      id: 'rtb-a',
      routes: [blackhole(toIgw(igw)), blackhole(toPeering(pcx, '10.9.0.0/16'))],
    });
    const results = runRule(rule, net.snapshot()).filter((r) => r.resourceId === 'rtb-a');
    expect(results).toHaveLength(1);
    expect(results[0]!.message).toContain('10.9.0.0/16 -> pcx-gone (blackhole)');
    expect(results[0]!.message).toContain(`0.0.0.0/0 -> ${igw.InternetGatewayId} (blackhole)`);
  });

  it('passes on tables whose routes are all active, including the main table', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const igw = net.internetGateway({ vpc });
    net.routeTable({ vpc, id: 'rtb-pub', routes: [toIgw(igw)] });
    const main = net.mainRouteTable(vpc).RouteTableId!;
    expect(statuses(runRule(rule, net.snapshot()))).toEqual({ 'rtb-pub': 'PASSED', [main]: 'PASSED' });
  });

  it('is NOT_EVALUATED when route tables could not be collected', () => {
    const net = new NetworkBuilder();
    net.vpc();
    net.error({ api: 'DescribeRouteTables', code: 'AccessDenied', message: 'denied' });
    const results = runRule(rule, net.snapshot());
    expect(results.map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });

  it('is NOT_EVALUATED only for the VPC whose route tables failed to collect', () => {
    const net = new NetworkBuilder();
    const a = net.vpc({ id: 'vpc-a' });
    net.vpc({ id: 'vpc-b', cidr: '10.1.0.0/16' });
    net.error({ api: 'DescribeRouteTables', code: 'Throttling', message: 'slow down', vpcId: 'vpc-b' });
    const results = runRule(rule, net.snapshot());
    const byVpc = Object.fromEntries(results.map((r) => [r.vpcId, r.status]));
    expect(byVpc).toEqual({ [a.VpcId!]: 'PASSED', 'vpc-b': 'NOT_EVALUATED' });
  });
});
