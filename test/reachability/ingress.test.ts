import type { NetworkAclEntry, Route } from '@aws-sdk/client-ec2';
import { NetworkBuilder, toIgw } from '../support/network-builder';
import { all, nacl, tcp, udp } from '../support/permissions';
import {
  diagnoseInterface,
  exposureOf,
  exposureText,
  publicInstance,
  withIpv6,
} from '../support/reachability';

describe('ingress exposure: the ports an arbitrary internet host reaches', () => {
  it('is exactly what the groups open from 0.0.0.0/0 when NACL, route and public IP allow it', () => {
    const { net, eni } = publicInstance({
      ingress: [tcp(80).from('0.0.0.0/0'), tcp(443).from('0.0.0.0/0'), udp(53).from('0.0.0.0/0')],
    });
    expect(exposureText(exposureOf(net.snapshot(), eni.NetworkInterfaceId!)).v4).toEqual({
      tcp: '80, 443',
      udp: '53',
    });
  });

  it('unions all groups of the interface (groups have no order)', () => {
    const { net, vpc, eni } = publicInstance({ ingress: [tcp(80).from('0.0.0.0/0')] });
    const second = net.securityGroup({ vpc, id: 'sg-admin', ingress: [tcp(22).from('0.0.0.0/0')] });
    net.data.networkInterfaces[0]!.Groups!.push({ GroupId: second.GroupId });
    expect(exposureText(exposureOf(net.snapshot(), eni.NetworkInterfaceId!)).v4.tcp).toBe('22, 80');
  });

  it('ignores group references and prefix lists: they are not the internet', () => {
    const { net, eni } = publicInstance({
      ingress: [
        tcp(22).fromGroup('sg-bastion'),
        tcp(5432).fromPrefixList('pl-123'),
        tcp(3306).from('10.0.0.0/8'),
      ],
    });
    expect(exposureText(exposureOf(net.snapshot(), eni.NetworkInterfaceId!)).v4.tcp).toBe('none');
  });

  it('is empty without a public IP, and empty when the route does not reach an attached gateway', () => {
    const noIp = publicInstance({ ingress: [all().from('0.0.0.0/0')], publicIp: null });
    expect(exposureText(exposureOf(noIp.net.snapshot(), noIp.eni.NetworkInterfaceId!)).v4.tcp).toBe('none');

    const detached = publicInstance({ ingress: [all().from('0.0.0.0/0')] });
    detached.igw.Attachments = [];
    expect(exposureText(exposureOf(detached.net.snapshot(), detached.eni.NetworkInterfaceId!)).v4.tcp).toBe(
      'none',
    );
  });

  describe('NACL, stateless, first match', () => {
    const exposed = (...entries: NetworkAclEntry[]) => {
      const { net, vpc, subnet, eni } = publicInstance({ ingress: [tcp(0, 65535).from('0.0.0.0/0')] });
      net.networkAcl({ vpc, id: 'acl-web', entries, subnets: [subnet] });
      return exposureText(exposureOf(net.snapshot(), eni.NetworkInterfaceId!)).v4.tcp;
    };
    const replies = nacl.out(100).allow.tcp(1024, 65535).to('0.0.0.0/0');

    it('a deny before the allow removes the port; a deny after the allow does not', () => {
      expect(
        exposed(
          nacl.in(90).deny.tcp(22).from('0.0.0.0/0'),
          nacl.in(100).allow.tcp(0, 1023).from('0.0.0.0/0'),
          replies,
        ),
      ).toBe('0-21, 23-1023');
      expect(
        exposed(
          nacl.in(100).allow.tcp(0, 1023).from('0.0.0.0/0'),
          nacl.in(110).deny.tcp(22).from('0.0.0.0/0'),
          replies,
        ),
      ).toBe('0-1023');
    });

    it('a NACL with fifty denies in front of 0-65535 stays an interval computation', () => {
      const denies = Array.from({ length: 50 }, (_, i) =>
        nacl
          .in(i + 1)
          .deny.tcp(1000 + i * 10)
          .from('0.0.0.0/0'),
      );
      const ports = exposed(...denies, nacl.in(100).allow.tcp(0, 65535).from('0.0.0.0/0'), replies);
      expect(ports.startsWith('0-999, 1001-1009, 1011-1019')).toBe(true);
    });

    it('nothing is exposed when the replies cannot leave (no outbound ephemeral allow)', () => {
      expect(
        exposed(nacl.in(100).allow.tcp(22).from('0.0.0.0/0'), nacl.out(100).allow.tcp(443).to('0.0.0.0/0')),
      ).toBe('none');
    });

    it('one allowed ephemeral range is enough: the internet client picks its own source port', () => {
      expect(
        exposed(
          nacl.in(100).allow.tcp(22).from('0.0.0.0/0'),
          nacl.out(100).allow.tcp(49152, 65535).to('0.0.0.0/0'),
        ),
      ).toBe('22');
    });

    it('an entry for a narrower CIDR is not "the internet"', () => {
      expect(exposed(nacl.in(100).allow.tcp(22).from('198.51.100.0/24'), replies)).toBe('none');
    });
  });

  describe('IPv6', () => {
    const ipv6Network = (ipv6Nacl: boolean, ipv6Route: boolean) => {
      const net = new NetworkBuilder();
      const vpc = net.vpc({ id: 'vpc-v6', ipv6Cidr: '2001:db8:1::/56', bare: true });
      net.routeTable({ vpc, main: true });
      const igw = net.internetGateway({ vpc, id: 'igw-v6' });
      const entries = [
        nacl.in(100).allow.all().from('0.0.0.0/0'),
        nacl.out(100).allow.all().to('0.0.0.0/0'),
        ...(ipv6Nacl ? [nacl.in(101).allow.tcp(22).from('::/0'), nacl.out(101).allow.all().to('::/0')] : []),
      ];
      const acl = net.networkAcl({ vpc, isDefault: true, entries });
      const routes: Route[] = [
        toIgw(igw),
        ...(ipv6Route
          ? [{ ...toIgw(igw), DestinationCidrBlock: undefined, DestinationIpv6CidrBlock: '::/0' }]
          : []),
      ];
      const subnet = net.subnet({ vpc, routes, nacl: acl });
      const group = net.securityGroup({ vpc, ingress: [tcp(22).from('::/0'), tcp(80).from('0.0.0.0/0')] });
      const { eni } = net.instance({ subnet, groups: [group], publicIp: '203.0.113.6' });
      withIpv6(eni);
      return { snapshot: net.snapshot(), eniId: eni.NetworkInterfaceId! };
    };

    it('counts ::/0 group rules only for IPv6, through IPv6 NACL entries and a ::/0 route', () => {
      const { snapshot, eniId } = ipv6Network(true, true);
      const text = exposureText(exposureOf(snapshot, eniId));
      expect(text.v6.tcp).toBe('22');
      expect(text.v4.tcp).toBe('80');
      expect(
        diagnoseInterface(snapshot, eniId, { direction: 'ingress', port: 22, ipVersion: 6 }).verdict,
      ).toBe('works');
    });

    it('IPv4-only NACL entries do not admit IPv6 traffic', () => {
      const { snapshot, eniId } = ipv6Network(false, true);
      expect(exposureText(exposureOf(snapshot, eniId)).v6.tcp).toBe('none');
      expect(
        diagnoseInterface(snapshot, eniId, { direction: 'ingress', port: 22, ipVersion: 6 }).brokenHop?.hop,
      ).toBe('nacl-inbound');
    });

    it('needs a ::/0 route: the 0.0.0.0/0 route does not carry IPv6', () => {
      const { snapshot, eniId } = ipv6Network(true, false);
      expect(exposureText(exposureOf(snapshot, eniId)).v6.tcp).toBe('none');
    });
  });

  describe('ingress diagnosis', () => {
    it('names the rule with the wrong source when a port is not reachable from the internet', () => {
      const { net, eni } = publicInstance({ ingress: [tcp(22).from('192.168.1.0/24')] });
      const diagnosis = diagnoseInterface(net.snapshot(), eni.NetworkInterfaceId!, {
        direction: 'ingress',
        port: 22,
      });
      expect(diagnosis.brokenHop).toMatchObject({ step: 2, hop: 'sg-ingress' });
      expect(diagnosis.steps[1]?.checks[0]?.evidence).toEqual([
        'sg-app: TCP 22 from 192.168.1.0/24 (not the internet)',
      ]);
      expect(diagnosis.brokenHop?.fix).toContain('sg-app: TCP 22 from 192.168.1.0/24');
    });

    it('fails when replies route to a NAT gateway: inbound connections need an internet gateway', () => {
      const net = new NetworkBuilder();
      const vpc = net.vpc();
      const igw = net.internetGateway({ vpc });
      const natSubnet = net.subnet({ vpc, cidr: '10.0.0.0/24', routes: [toIgw(igw)] });
      const nat = net.natGateway({ subnet: natSubnet });
      const subnet = net.subnet({
        vpc,
        routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat.NatGatewayId, State: 'active' }],
      });
      const group = net.securityGroup({ vpc, ingress: [tcp(22).from('0.0.0.0/0')] });
      const { eni } = net.instance({ subnet, groups: [group], publicIp: '203.0.113.8' });
      const diagnosis = diagnoseInterface(net.snapshot(), eni.NetworkInterfaceId!, {
        direction: 'ingress',
        port: 22,
      });
      expect(diagnosis.brokenHop).toMatchObject({ step: 5, hop: 'route-not-internet' });
      expect(exposureText(exposureOf(net.snapshot(), eni.NetworkInterfaceId!)).v4.tcp).toBe('none');
    });
  });
});
