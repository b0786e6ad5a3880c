import { mainTableRoutesToInternet as rule } from '../../../lambda/rules/rt/rt-7-main-table-internet-route';
import { blackhole, NetworkBuilder, toIgw, toNat } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';
import { toIgwV6 } from './fixtures';

describe("RT.7 the VPC's main route table routes to the internet", () => {
  it('fails when the main table sends 0.0.0.0/0 to an internet gateway, naming the implicit subnets', () => {
    // Prepare
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-1' });
    const igw = net.internetGateway({ vpc, id: 'igw-1' });
    const main = net.mainRouteTable(vpc);
    net.addRoutes(main, toIgw(igw));
    net.subnet({ vpc, id: 'subnet-implicit' });
    net.subnet({ vpc, id: 'subnet-explicit', cidr: '10.0.2.0/24', routes: [] });
    // Act
    const result = resultFor(runRule(rule, net.snapshot()), main.RouteTableId!);
    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('routes 0.0.0.0/0 -> igw-1 (active)');
    expect(result.message).toContain('1 subnet(s) use it implicitly: subnet-implicit');
    expect(result.message).not.toContain('subnet-explicit');
  });

  it('fails on an IPv6 default route to the internet gateway, even with no subnet using the table yet', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const igw = net.internetGateway({ vpc, id: 'igw-1' });
    const main = net.mainRouteTable(vpc);
    net.addRoutes(main, toIgwV6(igw));
    const result = resultFor(runRule(rule, net.snapshot()), main.RouteTableId!);
    expect(result.message).toContain('::/0 -> igw-1 (active)');
    expect(result.message).toContain('every new subnet will');
  });

  it('passes on a main table that routes to a NAT gateway, or whose internet route is a blackhole', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const igw = net.internetGateway({ id: 'igw-old' });
    const sub = net.subnet({ vpc, cidr: '10.0.3.0/24', routes: [] });
    const nat = net.natGateway({ subnet: sub });
    const main = net.mainRouteTable(vpc);
    net.addRoutes(main, toNat(nat), blackhole(toIgw(igw, '::/0')));
    expect(resultFor(runRule(rule, net.snapshot()), main.RouteTableId!).status).toBe('PASSED');
  });

  it('passes a non-main table that routes to the internet gateway (a deliberate public table)', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const igw = net.internetGateway({ vpc });
    net.routeTable({ vpc, id: 'rtb-public', routes: [toIgw(igw)] });
    const result = resultFor(runRule(rule, net.snapshot()), 'rtb-public');
    expect(result.status).toBe('PASSED');
    expect(result.message).toContain('not the main route table');
  });

  it('is NOT_EVALUATED when subnets could not be collected', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    net.error({ api: 'DescribeSubnets', code: 'AccessDenied', message: 'denied' });
    const id = net.mainRouteTable(vpc).RouteTableId!;
    expect(resultFor(runRule(rule, net.snapshot()), id).status).toBe('NOT_EVALUATED');
  });
});
