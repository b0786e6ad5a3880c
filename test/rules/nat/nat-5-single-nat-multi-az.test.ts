import { singleNatForManyZones as rule } from '../../../lambda/rules/nat/nat-5-single-nat-multi-az';
import { NetworkBuilder, toIgw, toNat } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('NAT.5 private subnets in several zones depend on one NAT gateway', () => {
  const build = () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const igw = net.internetGateway({ vpc });
    const pubA = net.subnet({ vpc, cidr: '10.0.0.0/24', az: 'us-east-1a', routes: [toIgw(igw)] });
    const pubB = net.subnet({ vpc, cidr: '10.0.10.0/24', az: 'us-east-1b', routes: [toIgw(igw)] });
    const natA = net.natGateway({ subnet: pubA, id: 'nat-a' });
    const natB = net.natGateway({ subnet: pubB, id: 'nat-b' });
    return { net, vpc, natA, natB };
  };

  it('fails the NAT gateway that private subnets of two zones depend on, naming zones and subnets', () => {
    const { net, vpc, natA } = build();
    const shared = net.routeTable({ vpc, id: 'rtb-private', routes: [toNat(natA)] });
    net.subnet({ vpc, id: 'subnet-a', cidr: '10.0.1.0/24', az: 'us-east-1a', routeTable: shared });
    net.subnet({ vpc, id: 'subnet-b', cidr: '10.0.2.0/24', az: 'us-east-1b', routeTable: shared });
    const results = runRule(rule, net.snapshot());
    const result = resultFor(results, 'nat-a');
    expect(result.status).toBe('FAILED');
    expect(result.message).toBe(
      'nat-a in us-east-1a is the only egress for private subnets in 2 zones: us-east-1a (subnet-a), us-east-1b (subnet-b)',
    );
    expect(resultFor(results, 'nat-b').status).toBe('PASSED');
  });

  it('counts subnets that reach the NAT gateway through the main-table fallback', () => {
    const { net, vpc, natA } = build();
    net.addRoutes(net.mainRouteTable(vpc), toNat(natA));
    net.subnet({ vpc, id: 'subnet-a', cidr: '10.0.1.0/24', az: 'us-east-1a' });
    net.subnet({ vpc, id: 'subnet-c', cidr: '10.0.3.0/24', az: 'us-east-1c' });
    expect(resultFor(runRule(rule, net.snapshot()), 'nat-a').message).toContain('us-east-1c (subnet-c)');
  });

  it('passes when each zone uses its own NAT gateway', () => {
    const { net, vpc, natA, natB } = build();
    net.subnet({ vpc, cidr: '10.0.1.0/24', az: 'us-east-1a', routes: [toNat(natA)] });
    net.subnet({ vpc, cidr: '10.0.2.0/24', az: 'us-east-1b', routes: [toNat(natB)] });
    const results = runRule(rule, net.snapshot());
    expect(results.map((r) => r.status)).toEqual(['PASSED', 'PASSED']);
  });

  it('is NOT_EVALUATED when subnets could not be collected for the VPC', () => {
    const { net } = build();
    net.error({ api: 'DescribeSubnets', code: 'AccessDenied', message: 'denied', vpcId: 'vpc-1' });
    expect(resultFor(runRule(rule, net.snapshot()), 'nat-a').status).toBe('NOT_EVALUATED');
  });

  it('passes a regional NAT gateway serving several zones (it is present in each)', () => {
    const { net, vpc, natA } = build();
    net.data.natGateways.find((n) => n.NatGatewayId === natA.NatGatewayId)!.AvailabilityMode = 'regional';
    net.subnet({ vpc, cidr: '10.0.1.0/24', az: 'us-east-1a', routes: [toNat(natA)] });
    net.subnet({ vpc, cidr: '10.0.2.0/24', az: 'us-east-1b', routes: [toNat(natA)] });
    expect(resultFor(runRule(rule, net.snapshot()), 'nat-a').status).toBe('PASSED');
  });
});
