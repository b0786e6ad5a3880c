import { internetReachableInterface as rule } from '../../../lambda/rules/net/net-1-internet-exposure';
import { NetworkBuilder, toIgw } from '../../support/network-builder';
import { all, nacl, tcp, udp } from '../../support/permissions';
import { publicInstance, withIpv6 } from '../../support/reachability';
import { failedIds, resultFor, runRule } from '../../support/run-rule';

describe('NET.1 interface reachable from the internet on an unauthorized port', () => {
  it('passes a web server reachable only on 80 and 443', () => {
    const { net, eni } = publicInstance({
      ingress: [tcp(80).from('0.0.0.0/0'), tcp(443).from('0.0.0.0/0', '::/0')],
    });
    const result = resultFor(runRule(rule, net.snapshot()), eni.NetworkInterfaceId!);
    expect(result.status).toBe('PASSED');
    expect(result.message).toContain('only on authorized ports: TCP 80, 443');
  });

  it('fails CRITICAL on an admin port and lists every exposed range', () => {
    const { net, eni } = publicInstance({
      ingress: [tcp(22).from('0.0.0.0/0'), tcp(8000, 8100).from('0.0.0.0/0'), udp(161).from('0.0.0.0/0')],
    });
    const result = resultFor(runRule(rule, net.snapshot()), eni.NetworkInterfaceId!);
    expect(result.status).toBe('FAILED');
    expect(result.severity).toBe('CRITICAL');
    expect(result.message).toContain('IPv4 203.0.113.10: TCP 22, 8000-8100; UDP 161');
    expect(result.evidence?.exposedPorts).toEqual([
      'TCP 22 (IPv4)',
      'TCP 8000-8100 (IPv4)',
      'UDP 161 (IPv4)',
    ]);
  });

  it('fails HIGH when no exposed port is an admin or high-risk port', () => {
    const { net, eni } = publicInstance({ ingress: [tcp(8443).from('0.0.0.0/0')] });
    const result = resultFor(runRule(rule, net.snapshot()), eni.NetworkInterfaceId!);
    expect(result.severity).toBe('HIGH');
  });

  it('does not raise severity for an admin port the config authorizes', () => {
    const { net, eni } = publicInstance({
      ingress: [tcp(22).from('0.0.0.0/0'), tcp(8443).from('0.0.0.0/0')],
    });
    const results = runRule(rule, net.snapshot(), { authorizedPorts: [22, 80, 443] });
    expect(resultFor(results, eni.NetworkInterfaceId!)).toMatchObject({ status: 'FAILED', severity: 'HIGH' });
  });

  it('passes when a NACL deny numbered before the allow blocks the open port', () => {
    const { net, vpc, subnet } = publicInstance({ ingress: [tcp(3306).from('0.0.0.0/0')] });
    net.networkAcl({
      vpc,
      subnets: [subnet],
      entries: [
        nacl.in(50).deny.tcp(3306).from('0.0.0.0/0'),
        nacl.in(100).allow.all().from('0.0.0.0/0'),
        nacl.out(100).allow.all().to('0.0.0.0/0'),
      ],
    });
    expect(failedIds(runRule(rule, net.snapshot()))).toEqual([]);
  });

  it('reports IPv6 exposure with the interface IPv6 address', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ ipv6Cidr: '2001:db8:1::/56', bare: true });
    net.routeTable({ vpc, main: true });
    const igw = net.internetGateway({ vpc });
    const acl = net.networkAcl({
      vpc,
      isDefault: true,
      entries: [nacl.in(100).allow.all().from('::/0'), nacl.out(100).allow.all().to('::/0')],
    });
    const subnet = net.subnet({
      vpc,
      nacl: acl,
      routes: [{ ...toIgw(igw), DestinationCidrBlock: undefined, DestinationIpv6CidrBlock: '::/0' }],
    });
    const group = net.securityGroup({ vpc, ingress: [tcp(5432).from('::/0')] });
    const { eni } = net.instance({ subnet, groups: [group] });
    withIpv6(eni, '2001:db8:1::77');
    const result = resultFor(runRule(rule, net.snapshot()), eni.NetworkInterfaceId!);
    expect(result).toMatchObject({ status: 'FAILED', severity: 'CRITICAL' });
    expect(result.message).toContain('IPv6 2001:db8:1::77: TCP 5432');
  });

  it('passes detached interfaces and does not evaluate interfaces of stopped instances', () => {
    const { net, subnet, group } = publicInstance({ ingress: [all().from('0.0.0.0/0')] });
    const detached = net.networkInterface({
      subnet,
      id: 'eni-spare',
      groups: [group],
      publicIp: '203.0.113.70',
    });
    const stopped = net.instance({
      subnet,
      id: 'i-off',
      groups: [group],
      publicIp: '203.0.113.71',
      state: 'stopped',
    });
    const results = runRule(rule, net.snapshot());
    expect(resultFor(results, detached.NetworkInterfaceId!).status).toBe('PASSED');
    expect(resultFor(results, stopped.eni.NetworkInterfaceId!).status).toBe('NOT_EVALUATED');
  });

  it('is NOT_EVALUATED when NACLs could not be collected', () => {
    const { net } = publicInstance({ ingress: [tcp(22).from('0.0.0.0/0')] });
    net.error({ api: 'DescribeNetworkAcls', code: 'AccessDenied', message: 'denied' });
    expect(runRule(rule, net.snapshot()).map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });

  it('treats a public range of a /8 or wider as the internet, rule by rule (RULES.md)', () => {
    const { net, eni } = publicInstance({
      ingress: [tcp(22).from('10.0.0.0/8'), tcp(20, 25).from('128.0.0.0/1'), tcp(3389).from('52.0.0.0/9')],
    });
    const result = resultFor(runRule(rule, net.snapshot()), eni.NetworkInterfaceId!);
    expect(result.status).toBe('FAILED');
    expect(result.evidence?.exposedPorts).toEqual(['TCP 20-25 (IPv4)']);
  });

  it('does not expose a port whose replies the NACL loses: clients answer on 32768-65535', () => {
    const { net, vpc, subnet, eni } = publicInstance({ ingress: [tcp(22).from('0.0.0.0/0')] });
    net.networkAcl({
      vpc,
      subnets: [subnet],
      entries: [
        nacl.in(100).allow.all().from('0.0.0.0/0'),
        nacl.out(100).allow.tcp(1024, 2000).to('0.0.0.0/0'),
      ],
    });
    expect(resultFor(runRule(rule, net.snapshot()), eni.NetworkInterfaceId!).status).toBe('PASSED');
  });

  it('is NOT_EVALUATED, naming where, when an inspection appliance on the way in is not seen through', () => {
    const { net, vpc, igw, eni } = publicInstance({ ingress: [tcp(22).from('0.0.0.0/0')] });
    const edge = net.routeTable({
      vpc,
      id: 'rtb-edge',
      routes: [{ DestinationCidrBlock: '10.0.1.0/24', GatewayId: 'vpce-gwlb' }],
    });
    edge.Associations = [{ GatewayId: igw.InternetGatewayId!, Main: false }];
    const result = resultFor(runRule(rule, net.snapshot()), eni.NetworkInterfaceId!);
    expect(result.status).toBe('NOT_EVALUATED');
    expect(result.message).toContain('unverifiable at rtb-edge');
  });
});
