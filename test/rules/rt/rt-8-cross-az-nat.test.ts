import { crossZoneNatRoute as rule } from '../../../lambda/rules/rt/rt-8-cross-az-nat';
import { NetworkBuilder, toIgw, toNat } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('RT.8 default route to a NAT gateway in another Availability Zone', () => {
  const build = () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const igw = net.internetGateway({ vpc });
    const pubA = net.subnet({
      vpc,
      id: 'subnet-pub-a',
      cidr: '10.0.0.0/24',
      az: 'us-east-1a',
      routes: [toIgw(igw)],
    });
    const nat = net.natGateway({ subnet: pubA, id: 'nat-a' });
    return { net, vpc, nat };
  };

  it('fails a subnet in us-east-1b whose default route goes to the NAT gateway in us-east-1a', () => {
    const { net, vpc, nat } = build();
    net.subnet({ vpc, id: 'subnet-b', cidr: '10.0.2.0/24', az: 'us-east-1b', routes: [toNat(nat)] });
    const result = resultFor(runRule(rule, net.snapshot()), 'subnet-b');
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain(
      'subnet-b in us-east-1b sends its default route 0.0.0.0/0 -> nat-a (active)',
    );
    expect(result.message).toContain('to nat-a in us-east-1a (subnet-pub-a)');
  });

  it('follows the main-table fallback for a subnet without an explicit association', () => {
    const { net, vpc, nat } = build();
    net.addRoutes(net.mainRouteTable(vpc), toNat(nat));
    net.subnet({ vpc, id: 'subnet-c', cidr: '10.0.3.0/24', az: 'us-east-1c' });
    const result = resultFor(runRule(rule, net.snapshot()), 'subnet-c');
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain("the VPC's main route table");
  });

  it('passes a subnet using the NAT gateway of its own zone', () => {
    const { net, vpc, nat } = build();
    net.subnet({ vpc, id: 'subnet-a', cidr: '10.0.1.0/24', az: 'us-east-1a', routes: [toNat(nat)] });
    expect(resultFor(runRule(rule, net.snapshot()), 'subnet-a').status).toBe('PASSED');
  });

  it('compares zone ids when both subnets have them (zone names differ between accounts)', () => {
    const { net, vpc, nat } = build();
    net.subnet({ vpc, id: 'subnet-b', cidr: '10.0.2.0/24', az: 'us-east-1b', routes: [toNat(nat)] });
    for (const s of net.data.subnets) s.AvailabilityZoneId = 'use1-az4';
    expect(resultFor(runRule(rule, net.snapshot()), 'subnet-b').status).toBe('PASSED');
  });

  it('only looks at the default route: a more specific route to a remote NAT gateway is not the default', () => {
    const { net, vpc, nat } = build();
    const igw = net.data.internetGateways[0]!;
    net.subnet({
      vpc,
      id: 'subnet-b',
      cidr: '10.0.2.0/24',
      az: 'us-east-1b',
      routes: [toIgw(igw), toNat(nat, '198.51.100.0/24')],
    });
    expect(resultFor(runRule(rule, net.snapshot()), 'subnet-b').status).toBe('PASSED');
  });

  it('passes (RT.4 reports it) when the NAT gateway of the default route is gone', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    net.subnet({ vpc, id: 'subnet-b', az: 'us-east-1b', routes: [toNat({ NatGatewayId: 'nat-gone' })] });
    expect(resultFor(runRule(rule, net.snapshot()), 'subnet-b').message).toContain('see RT.4');
  });

  it('is NOT_EVALUATED when NAT gateways could not be collected', () => {
    const { net, vpc, nat } = build();
    net.subnet({ vpc, id: 'subnet-b', cidr: '10.0.2.0/24', az: 'us-east-1b', routes: [toNat(nat)] });
    net.error({ api: 'DescribeNatGateways', code: 'AccessDenied', message: 'denied' });
    expect(resultFor(runRule(rule, net.snapshot()), 'subnet-b').status).toBe('NOT_EVALUATED');
  });

  it('passes a subnet routed to a regional NAT gateway, which is present in every zone', () => {
    const { net, vpc, nat } = build();
    net.data.natGateways[0]!.AvailabilityMode = 'regional';
    net.subnet({ vpc, id: 'subnet-b', cidr: '10.0.2.0/24', az: 'us-east-1b', routes: [toNat(nat)] });
    expect(resultFor(runRule(rule, net.snapshot()), 'subnet-b').message).toContain('regional NAT gateway');
  });
});
