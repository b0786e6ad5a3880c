import { brokenInternetEgress as net2 } from '../../../lambda/rules/net/net-2-egress-broken';
import { isolatedInstance as net3 } from '../../../lambda/rules/net/net-3-isolated';
import { NetworkBuilder, toIgw, toPeering } from '../../support/network-builder';
import { privateBehindNat } from '../../support/paths';
import { all, nacl } from '../../support/permissions';
import { publicInstance, withIpv6 } from '../../support/reachability';
import { resultFor, runRule } from '../../support/run-rule';

/** A dual-stack VPC: 0.0.0.0/0 to the internet gateway and ::/0 to an egress-only one (or nowhere). */
function dualStack(o: { eigwAttached: boolean; v6Route?: boolean }) {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-6', cidr: '10.0.0.0/16', ipv6Cidr: '2001:db8:1::/56' });
  const igw = net.internetGateway({ vpc, id: 'igw-6' });
  net.data.egressOnlyInternetGateways = [
    {
      EgressOnlyInternetGatewayId: 'eigw-1',
      Attachments: o.eigwAttached ? [{ VpcId: 'vpc-6', State: 'attached' }] : [],
    },
  ];
  const subnet = net.subnet({
    vpc,
    id: 'subnet-6',
    routes: [
      toIgw(igw),
      ...(o.v6Route === false
        ? []
        : [
            {
              DestinationIpv6CidrBlock: '::/0',
              EgressOnlyInternetGatewayId: 'eigw-1',
              State: 'active' as const,
            },
          ]),
    ],
  });
  net.networkAcl({
    vpc,
    id: 'acl-6',
    subnets: [subnet],
    entries: [
      nacl.in(100).allow.all().from('0.0.0.0/0'),
      nacl.out(100).allow.all().to('0.0.0.0/0'),
      nacl.in(101).allow.all().from('::/0'),
      nacl.out(101).allow.all().to('::/0'),
    ],
  });
  const group = net.securityGroup({ vpc, id: 'sg-6', egress: [all().from('0.0.0.0/0', '::/0')] });
  const { eni } = net.instance({ subnet, id: 'i-6', groups: [group], publicIp: '203.0.113.6' });
  withIpv6(eni);
  return { net, vpc, subnet, group, eni };
}

describe('NET.2 broken internet egress and NET.3 isolated instance', () => {
  it('both pass an instance whose TCP 443 egress works', () => {
    const { net } = publicInstance();
    const snapshot = net.snapshot();
    expect(resultFor(runRule(net2, snapshot), 'i-app').status).toBe('PASSED');
    expect(resultFor(runRule(net3, snapshot), 'i-app').status).toBe('PASSED');
  });

  it('NET.2 fails, naming the first broken hop and its fix, when the subnet has a default route', () => {
    const { net } = publicInstance({ egress: [] });
    const snapshot = net.snapshot();
    const result = resultFor(runRule(net2, snapshot), 'i-app');
    expect(result).toMatchObject({ status: 'FAILED', severity: 'HIGH' });
    expect(result.message).toContain('broken at security-group sg-app over IPv4');
    expect(result.evidence).toMatchObject({
      hop: 'security-group',
      resource: 'sg-app',
      direction: 'forward',
      interface: 'eni-1',
      ipVersion: 4,
      fix: 'Add an outbound rule TCP 443 to the internet to sg-app.',
    });
    expect(resultFor(runRule(net3, snapshot), 'i-app').status).toBe('PASSED');
  });

  it('NET.3 reports an isolated instance as FAILED at INFORMATIONAL severity, NET.2 passes it', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const subnet = net.subnet({ vpc, routes: [] });
    net.instance({ subnet, id: 'i-isolated', groups: [net.defaultSecurityGroup(vpc)] });
    const snapshot = net.snapshot();
    const result = resultFor(runRule(net3, snapshot), 'i-isolated');
    expect(result).toMatchObject({ status: 'FAILED', severity: 'INFORMATIONAL' });
    expect(result.evidence).toMatchObject({ hop: 'route-table' });
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

  it('fails a default route into a peering connection: peering never carries internet traffic', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const hub = net.vpc({ cidr: '10.9.0.0/16' });
    const pcx = net.peering({ requester: vpc, accepter: hub, id: 'pcx-hub' });
    const subnet = net.subnet({ vpc, routes: [toPeering(pcx, '0.0.0.0/0')] });
    net.instance({ subnet, id: 'i-spoke', groups: [net.defaultSecurityGroup(vpc)] });
    const result = resultFor(runRule(net2, net.snapshot()), 'i-spoke');
    expect(result.status).toBe('FAILED');
    expect(result.evidence).toMatchObject({ hop: 'vpc-peering', resource: 'pcx-hub' });
  });

  it('leaves NOT_EVALUATED, naming where, a path that leaves what the snapshot shows', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const subnet = net.subnet({
      vpc,
      routes: [{ DestinationCidrBlock: '0.0.0.0/0', CarrierGatewayId: 'cagw-1', State: 'active' }],
    });
    net.instance({ subnet, id: 'i-edge', groups: [net.defaultSecurityGroup(vpc)] });
    const result = resultFor(runRule(net2, net.snapshot()), 'i-edge');
    expect(result.status).toBe('NOT_EVALUATED');
    expect(result.message).toContain('unverifiable at cagw-1');
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

describe('NET.2 on the path engine: what engine version 1 did not see', () => {
  it("checks the NAT gateway subnet's NACL for the request entering it from the instance", () => {
    const { net, vpc, publicSubnet } = privateBehindNat();
    net.networkAcl({
      vpc,
      id: 'acl-nat',
      subnets: [publicSubnet],
      entries: [
        // The internet side is open; the private subnet (10.0.1.0/24) may not send into the NAT's subnet.
        nacl.in(90).deny.all().from('10.0.1.0/24'),
        nacl.in(100).allow.all().from('0.0.0.0/0'),
        nacl.out(100).allow.all().to('0.0.0.0/0'),
      ],
    });
    const result = resultFor(runRule(net2, net.snapshot()), 'i-db');
    expect(result.status).toBe('FAILED');
    expect(result.evidence).toMatchObject({ hop: 'network-acl', resource: 'acl-nat', direction: 'forward' });
  });

  it("checks the replies the NAT subnet's NACL sends back to the instance's ephemeral ports", () => {
    const { net, vpc, publicSubnet } = privateBehindNat();
    net.networkAcl({
      vpc,
      id: 'acl-nat',
      subnets: [publicSubnet],
      entries: [
        nacl.in(100).allow.all().from('0.0.0.0/0'),
        nacl.out(90).deny.all().to('10.0.1.0/24'),
        nacl.out(100).allow.all().to('0.0.0.0/0'),
      ],
    });
    const result = resultFor(runRule(net2, net.snapshot()), 'i-db');
    expect(result.status).toBe('FAILED');
    expect(result.evidence).toMatchObject({ hop: 'network-acl', resource: 'acl-nat', direction: 'return' });
  });

  it("answers replies on the instance's own ephemeral range: Linux 32768-60999, Windows 49152-65535", () => {
    const { net, vpc, subnet, group, instance } = publicInstance();
    net.networkAcl({
      vpc,
      id: 'acl-app',
      subnets: [subnet],
      entries: [
        nacl.in(100).allow.tcp(32768, 60999).from('0.0.0.0/0'),
        nacl.out(100).allow.all().to('0.0.0.0/0'),
      ],
    });
    const windows = net.instance({ subnet, id: 'i-win', groups: [group], publicIp: '203.0.113.11' });
    net.windows(windows.instance);
    const results = runRule(net2, net.snapshot());
    expect(instance.Platform).toBeUndefined();
    expect(resultFor(results, 'i-app').status).toBe('PASSED');
    const win = resultFor(results, 'i-win');
    expect(win.status).toBe('FAILED');
    expect(win.message).toContain('Windows ephemeral ports 49152-65535');
  });

  it('judges IPv6 egress through an egress-only internet gateway (::/0 is a default route)', () => {
    const { net } = dualStack({ eigwAttached: true });
    expect(resultFor(runRule(net2, net.snapshot()), 'i-6')).toMatchObject({
      status: 'PASSED',
      message: 'i-6 reaches the internet on TCP 443 over IPv4 and IPv6',
    });
  });

  it('fails a dual-stack instance whose IPv6 path is broken while IPv4 works', () => {
    const { net } = dualStack({ eigwAttached: false });
    const result = resultFor(runRule(net2, net.snapshot()), 'i-6');
    expect(result.status).toBe('FAILED');
    expect(result.evidence).toMatchObject({ ipVersion: 6, hop: 'egress-only-internet-gateway' });
  });

  it('walks IPv4 only for a dual-stack instance whose table has no ::/0', () => {
    const { net } = dualStack({ eigwAttached: false, v6Route: false });
    expect(resultFor(runRule(net2, net.snapshot()), 'i-6')).toMatchObject({
      status: 'PASSED',
      message: 'i-6 reaches the internet on TCP 443 over IPv4',
    });
  });

  it('names each instance in its own finding when instances share one walk', () => {
    const { net, subnet, group } = publicInstance({ publicIp: null });
    net.instance({ subnet, id: 'i-twin', groups: [group] });
    const results = runRule(net2, net.snapshot());
    const [app, twin] = [resultFor(results, 'i-app'), resultFor(results, 'i-twin')];
    expect(app.status).toBe('FAILED');
    expect(twin.status).toBe('FAILED');
    expect(app.evidence).toMatchObject({ resource: 'eni-1', hop: 'public-address' });
    expect(twin.evidence).toMatchObject({ resource: 'eni-2', hop: 'public-address' });
    expect(twin.message).not.toContain('eni-1');
  });
});
