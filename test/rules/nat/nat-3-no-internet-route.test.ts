import { publicNatInPrivateSubnet as rule } from '../../../lambda/rules/nat/nat-3-no-internet-route';
import { NetworkBuilder, toIgw, toNat } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('NAT.3 public NAT gateway in a subnet without an internet route', () => {
  it('fails a NAT gateway placed in a private subnet that falls back to the main table', () => {
    // The incident: the NAT gateway was created in the private subnet it was meant to serve.
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    net.internetGateway({ vpc });
    const subnet = net.subnet({ vpc, id: 'subnet-private' });
    net.natGateway({ subnet, id: 'nat-1' });
    const main = net.mainRouteTable(vpc).RouteTableId!;
    const result = resultFor(runRule(rule, net.snapshot()), 'nat-1');
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain(
      `nat-1 is in subnet-private, whose route table ${main} (the VPC's main route table`,
    );
    expect(result.message).toContain('has no 0.0.0.0/0 route');
    expect(result.evidence).toMatchObject({ mainRouteTableFallback: true });
  });

  it("fails when the subnet's default route goes to a NAT gateway (itself or another) instead of the IGW", () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const other = net.subnet({ vpc, cidr: '10.0.9.0/24' });
    const natB = net.natGateway({ subnet: other, id: 'nat-b' });
    const subnet = net.subnet({ vpc, id: 'subnet-x', routes: [toNat(natB)] });
    net.natGateway({ subnet, id: 'nat-a' });
    expect(resultFor(runRule(rule, net.snapshot()), 'nat-a').message).toContain(
      '0.0.0.0/0 -> nat-b (active) to a NAT gateway, not an internet gateway',
    );
  });

  it('fails when the internet gateway of the default route is attached to another VPC', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-a' });
    const other = net.vpc({ id: 'vpc-b', cidr: '10.1.0.0/16' });
    const igw = net.internetGateway({ vpc: other, id: 'igw-b' });
    const subnet = net.subnet({ vpc, routes: [toIgw(igw)] });
    net.natGateway({ subnet, id: 'nat-1' });
    expect(resultFor(runRule(rule, net.snapshot()), 'nat-1').message).toContain(
      'igw-b is attached to vpc-b, not to vpc-a',
    );
  });

  it('passes a NAT gateway in a public subnet, and a private NAT gateway anywhere', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const igw = net.internetGateway({ vpc });
    const pub = net.subnet({ vpc, cidr: '10.0.0.0/24', routes: [toIgw(igw)] });
    const priv = net.subnet({ vpc, cidr: '10.0.1.0/24' });
    net.natGateway({ subnet: pub, id: 'nat-public' });
    net.natGateway({ subnet: priv, id: 'nat-private', connectivity: 'private' });
    const results = runRule(rule, net.snapshot());
    expect(resultFor(results, 'nat-public').status).toBe('PASSED');
    expect(resultFor(results, 'nat-private').status).toBe('PASSED');
  });

  it('is NOT_EVALUATED when the route tables of its VPC could not be collected', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-a' });
    net.natGateway({ subnet: net.subnet({ vpc }), id: 'nat-1' });
    net.error({ api: 'DescribeRouteTables', code: 'AccessDenied', message: 'denied', vpcId: 'vpc-a' });
    expect(resultFor(runRule(rule, net.snapshot()), 'nat-1').status).toBe('NOT_EVALUATED');
  });

  it('is NOT_EVALUATED when its subnet is not in the snapshot', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    net.natGateway({ subnet: { SubnetId: 'subnet-unknown', VpcId: vpc.VpcId }, id: 'nat-1' });
    expect(resultFor(runRule(rule, net.snapshot()), 'nat-1').message).toContain(
      'subnet-unknown of nat-1 is not in the snapshot',
    );
  });

  it('checks a regional NAT gateway (no subnet) against the internet gateway of its VPC', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-a' });
    const nat = net.natGateway({ subnet: { SubnetId: undefined, VpcId: vpc.VpcId }, id: 'nat-regional' });
    nat.AvailabilityMode = 'regional';
    expect(resultFor(runRule(rule, net.snapshot()), 'nat-regional').message).toBe(
      'nat-regional is a regional public NAT gateway but vpc-a has no attached internet gateway',
    );
    net.internetGateway({ vpc, id: 'igw-a' });
    expect(resultFor(runRule(rule, net.snapshot()), 'nat-regional').status).toBe('PASSED');
  });
});
