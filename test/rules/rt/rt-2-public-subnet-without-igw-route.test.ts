import { publicSubnetWithoutInternetRoute as rule } from '../../../lambda/rules/rt/rt-2-public-subnet-without-igw-route';
import { blackhole, NetworkBuilder, toIgw, toNat } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';
import { toIgwV6 } from './fixtures';

describe('RT.2 subnet with public IPs has no route to an internet gateway', () => {
  it('fails when the subnet falls back to a main table without a default route, and says so', () => {
    // Prepare: the incident "new instance cannot reach any public site".
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    net.internetGateway({ vpc });
    const subnet = net.subnet({ vpc, id: 'subnet-web' });
    net.instance({ subnet, id: 'i-web', publicIp: '203.0.113.10' });
    const main = net.mainRouteTable(vpc).RouteTableId!;
    // Act
    const result = resultFor(runRule(rule, net.snapshot()), 'subnet-web');
    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('i-web (203.0.113.10)');
    expect(result.message).toContain(`${main} (the VPC's main route table`);
    expect(result.message).toContain('has no 0.0.0.0/0 route');
    expect(result.evidence).toMatchObject({ routeTableId: main, mainRouteTableFallback: true });
  });

  it("lists each subnet's holders: instances, then interfaces whose address no instance showed", () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    net.internetGateway({ vpc });
    const web = net.subnet({ vpc, id: 'subnet-web' });
    const other = net.subnet({ vpc, id: 'subnet-other', cidr: '10.0.2.0/24' });
    // The instance's own primary interface carries the same address: listed once, as the instance.
    net.instance({ subnet: web, id: 'i-b', publicIp: '203.0.113.2' });
    net.networkInterface({ subnet: web, id: 'eni-lb', publicIp: '203.0.113.9' });
    net.instance({ subnet: web, id: 'i-a', publicIp: '203.0.113.1' });
    net.instance({ subnet: web, id: 'i-gone', publicIp: '203.0.113.3', state: 'terminated' });
    net.instance({ subnet: other, id: 'i-other', publicIp: '203.0.113.4' });
    const results = runRule(rule, net.snapshot());
    expect(resultFor(results, 'subnet-web').evidence?.publicAddresses).toEqual([
      'i-b (203.0.113.2)',
      'i-a (203.0.113.1)',
      'eni-lb (203.0.113.9)',
      // The terminated instance's interface still holds its address, so it is listed as an interface.
      `${net.data.networkInterfaces[3]!.NetworkInterfaceId} (203.0.113.3)`,
    ]);
    expect(resultFor(results, 'subnet-other').evidence?.publicAddresses).toEqual(['i-other (203.0.113.4)']);
  });

  it('passes when the explicit table routes 0.0.0.0/0 to the attached gateway, whatever the main table says', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const igw = net.internetGateway({ vpc });
    const subnet = net.subnet({ vpc, id: 'subnet-web', routes: [toIgw(igw)] });
    net.instance({ subnet, publicIp: '203.0.113.10' });
    const result = resultFor(runRule(rule, net.snapshot()), 'subnet-web');
    expect(result.status).toBe('PASSED');
  });

  it('passes through the main table fallback when the main table has the internet route', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const igw = net.internetGateway({ vpc });
    net.addRoutes(net.mainRouteTable(vpc), toIgw(igw));
    net.subnet({ vpc, id: 'subnet-web', mapPublicIp: true });
    expect(resultFor(runRule(rule, net.snapshot()), 'subnet-web').status).toBe('PASSED');
  });

  it('fails on a subnet that maps public IPs on launch but routes 0.0.0.0/0 to a NAT gateway', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const other = net.subnet({ vpc, cidr: '10.0.9.0/24' });
    const nat = net.natGateway({ subnet: other, id: 'nat-1' });
    net.subnet({ vpc, id: 'subnet-x', mapPublicIp: true, routes: [toNat(nat)] });
    const result = resultFor(runRule(rule, net.snapshot()), 'subnet-x');
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('maps public IPv4 addresses on launch');
    expect(result.message).toContain('0.0.0.0/0 -> nat-1 (active) to a NAT gateway');
    expect(result.message).toContain('explicitly associated');
    // Its instances egress through the NAT gateway: only inbound traffic to their public addresses is lost.
    expect(result.message).not.toContain('cannot reach');
    expect(result.message).toContain(
      'nothing on the internet can reach the public addresses (outbound traffic leaves through nat-1',
    );
  });

  it('fails when the default route goes to an internet gateway attached to another VPC', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-app' });
    const other = net.vpc({ id: 'vpc-other', cidr: '10.1.0.0/16' });
    const igw = net.internetGateway({ vpc: other, id: 'igw-other' });
    const subnet = net.subnet({ vpc, id: 'subnet-web', routes: [toIgw(igw)] });
    net.instance({ subnet, publicIp: '203.0.113.10' });
    const result = resultFor(runRule(rule, net.snapshot()), 'subnet-web');
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('igw-other is attached to vpc-other, not to vpc-app');
  });

  it('fails on a blackhole default route to an internet gateway', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const igw = net.internetGateway({ vpc, id: 'igw-1' });
    const subnet = net.subnet({ vpc, id: 'subnet-web', routes: [blackhole(toIgw(igw))] });
    net.instance({ subnet, publicIp: '203.0.113.10' });
    expect(resultFor(runRule(rule, net.snapshot()), 'subnet-web').message).toContain(
      'blackhole default route 0.0.0.0/0 -> igw-1 (blackhole)',
    );
  });

  it('fails when only an IPv6 default route reaches the internet gateway', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const igw = net.internetGateway({ vpc, id: 'igw-1' });
    const subnet = net.subnet({ vpc, id: 'subnet-web', routes: [toIgwV6(igw)] });
    net.instance({ subnet, publicIp: '203.0.113.10' });
    const result = resultFor(runRule(rule, net.snapshot()), 'subnet-web');
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('only the IPv6 route ::/0 -> igw-1 (active)');
  });

  it('counts a public IP held by a secondary interface, and ignores the empty Association of private ones', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const withEip = net.subnet({ vpc, id: 'subnet-eni', cidr: '10.0.1.0/24' });
    const privateOnly = net.subnet({ vpc, id: 'subnet-private', cidr: '10.0.2.0/24' });
    net.networkInterface({ subnet: withEip, id: 'eni-extra', publicIp: '198.51.100.7' });
    net.instance({ subnet: privateOnly, id: 'i-db' });
    const results = runRule(rule, net.snapshot());
    expect(resultFor(results, 'subnet-eni').message).toContain('eni-extra (198.51.100.7)');
    expect(resultFor(results, 'subnet-private').status).toBe('PASSED');
  });

  it('lists an instance once even though its primary interface holds the same address', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const subnet = net.subnet({ vpc, id: 'subnet-web' });
    net.instance({ subnet, id: 'i-web', publicIp: '203.0.113.10' });
    const message = resultFor(runRule(rule, net.snapshot()), 'subnet-web').message;
    expect(message.match(/203\.0\.113\.10/g)).toHaveLength(1);
  });

  it('is NOT_EVALUATED for the VPC whose instances could not be collected, never PASSED', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-a' });
    net.subnet({ vpc, id: 'subnet-a' });
    net.error({ api: 'DescribeInstances', code: 'AccessDenied', message: 'denied', vpcId: 'vpc-a' });
    const result = resultFor(runRule(rule, net.snapshot()), 'subnet-a');
    expect(result.status).toBe('NOT_EVALUATED');
    expect(result.message).toContain('instances could not be collected for vpc-a');
  });

  it('is NOT_EVALUATED when internet gateways could not be collected', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    net.subnet({ vpc, id: 'subnet-a', mapPublicIp: true });
    net.error({ api: 'DescribeInternetGateways', code: 'AccessDenied', message: 'denied' });
    expect(resultFor(runRule(rule, net.snapshot()), 'subnet-a').status).toBe('NOT_EVALUATED');
  });
});
