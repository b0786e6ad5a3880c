import type { NetworkAclEntry, Route } from '@aws-sdk/client-ec2';
import { naclBlocksInternetTraffic as rule } from '../../../lambda/rules/nacl/nacl-2-internet-traffic';
import { blackhole, NetworkBuilder, toIgw, toNat } from '../../support/network-builder';
import { nacl } from '../../support/permissions';
import { IPV6_IMPLICIT_DENY } from './nacl-fixtures';
import { resultFor, runRule } from '../../support/run-rule';

const ALLOW_ALL_OUT = nacl.out(100).allow.all().to('0.0.0.0/0');
const ALLOW_RETURN = nacl.in(100).allow.tcp(1024, 65535).from('0.0.0.0/0');

/** A public subnet `subnet-pub` (default route to an attached IGW) behind ACL `acl-test`. */
function publicSubnet(entries: NetworkAclEntry[], routes?: (igw: { InternetGatewayId?: string }) => Route[]) {
  const net = new NetworkBuilder();
  const vpc = net.vpc();
  const igw = net.internetGateway({ vpc, id: 'igw-1' });
  const acl = net.networkAcl({ vpc, id: 'acl-test', entries });
  net.subnet({ vpc, id: 'subnet-pub', routes: routes ? routes(igw) : [toIgw(igw)], nacl: acl });
  return net;
}

const verdict = (net: NetworkBuilder) => resultFor(runRule(rule, net.snapshot()), 'acl-test');

describe('NACL.2 network ACL blocks the internet traffic of an internet-bound subnet', () => {
  it('fails when inbound return traffic falls to the implicit deny, naming subnet, route and entry', () => {
    const result = verdict(publicSubnet([nacl.in(100).allow.tcp(22).from('0.0.0.0/0'), ALLOW_ALL_OUT]));
    expect(result.status).toBe('FAILED');
    expect(result.severity).toBe('HIGH');
    expect(result.message).toContain('subnet-pub (0.0.0.0/0 -> igw-1 (active))');
    expect(result.message).toContain(
      "its future hosts' replies (source ports 32768-65535): inbound TCP 32768-65535 from 0.0.0.0/0 is denied by rule * (32767) deny all traffic from 0.0.0.0/0: all 32,768 source ports: every connection loses its replies",
    );
    expect(result.evidence?.subnets).toEqual(['subnet-pub (0.0.0.0/0 -> igw-1 (active))']);
  });

  it('fails on a partial allow of the ephemeral range and names the denied sub-range', () => {
    const result = verdict(
      publicSubnet([nacl.in(100).allow.tcp(49152, 65535).from('0.0.0.0/0'), ALLOW_ALL_OUT]),
    );
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('inbound TCP 32768-49151 from 0.0.0.0/0');
  });

  it('fails when a deny comes before the allow, naming the deny', () => {
    const result = verdict(
      publicSubnet([
        nacl.in(90).deny.tcp(40000, 41000).from('0.0.0.0/0'),
        nacl.in(100).allow.all().from('0.0.0.0/0'),
        ALLOW_ALL_OUT,
      ]),
    );
    expect(result.message).toContain(
      'inbound TCP 40000-41000 from 0.0.0.0/0 is denied by rule 90 deny TCP 40000-41000 from 0.0.0.0/0',
    );
  });

  it('passes the FSBP EC2.21 hardening (deny 22 and 3389 first) for instance subnets', () => {
    const result = verdict(
      publicSubnet([
        nacl.in(90).deny.tcp(22).from('0.0.0.0/0'),
        nacl.in(91).deny.tcp(3389).from('0.0.0.0/0'),
        nacl.in(100).allow.all().from('0.0.0.0/0'),
        ALLOW_ALL_OUT,
      ]),
    );
    expect(result.status).toBe('PASSED');
  });

  it('reports the FSBP EC2.21 hardening where a NAT gateway lives as LOW and intermittent, with the fraction', () => {
    // AWS's EC2.21 remediation denies 22 and 3389 from 0.0.0.0/0. A NAT gateway picks source ports in
    // 1024-65535, so only 3389 is one of them: 1 port in 64,512 loses its replies.
    const net = publicSubnet([
      nacl.in(90).deny.tcp(22).from('0.0.0.0/0'),
      nacl.in(91).deny.tcp(3389).from('0.0.0.0/0'),
      nacl.in(100).allow.all().from('0.0.0.0/0'),
      ALLOW_ALL_OUT,
    ]);
    net.natGateway({ subnet: net.data.subnets.find((s) => s.SubnetId === 'subnet-pub')! });
    const result = verdict(net);
    expect(result.status).toBe('FAILED');
    expect(result.severity).toBe('LOW');
    expect(result.message).toContain('subnet-pub (0.0.0.0/0 -> igw-1 (active), hosts a NAT gateway)');
    expect(result.message).toContain(
      "the NAT gateway's replies (source ports 1024-65535): inbound TCP 3389 from 0.0.0.0/0 is denied by rule 91 deny TCP 3389",
    );
    expect(result.message).toContain(
      '1 of 64,512 source ports: about 1 in 64,512 connections loses its replies (intermittent)',
    );
  });

  it('is HIGH when more than 1% of the source ports lose their replies, and gives the share', () => {
    const net = publicSubnet([
      nacl.in(90).deny.tcp(1024, 2047).from('0.0.0.0/0'),
      nacl.in(100).allow.all().from('0.0.0.0/0'),
      ALLOW_ALL_OUT,
    ]);
    net.natGateway({ subnet: net.data.subnets.find((s) => s.SubnetId === 'subnet-pub')! });
    const result = verdict(net);
    expect(result.severity).toBe('HIGH');
    expect(result.message).toContain('1,024 of 64,512 source ports: 1.6% of connections lose their replies');
  });

  it("follows the instances' Platform: Linux needs 32768-60999, Windows 49152-65535", () => {
    const onlyHighPorts = [nacl.in(100).allow.tcp(49152, 65535).from('0.0.0.0/0'), ALLOW_ALL_OUT];
    const windows = publicSubnet(onlyHighPorts);
    const subnet = windows.data.subnets.find((s) => s.SubnetId === 'subnet-pub')!;
    windows.windows(windows.instance({ subnet }).instance);
    expect(verdict(windows).status).toBe('PASSED');

    const linux = publicSubnet(onlyHighPorts);
    linux.instance({ subnet: linux.data.subnets.find((s) => s.SubnetId === 'subnet-pub')! });
    const result = verdict(linux);
    expect(result.status).toBe('FAILED');
    expect(result.severity).toBe('HIGH');
    expect(result.message).toContain(
      "Linux instances' replies (source ports 32768-60999): inbound TCP 32768-49151 from 0.0.0.0/0",
    );
    expect(result.message).toContain('16,384 of 28,232 source ports: 58% of connections lose their replies');
  });

  it('does not report a deny above 60999 for Linux instances, which never use those ports', () => {
    const net = publicSubnet([
      nacl.in(90).deny.tcp(61000, 65535).from('0.0.0.0/0'),
      nacl.in(100).allow.all().from('0.0.0.0/0'),
      ALLOW_ALL_OUT,
    ]);
    net.instance({ subnet: net.data.subnets.find((s) => s.SubnetId === 'subnet-pub')! });
    expect(verdict(net).status).toBe('PASSED');
  });

  it('passes when the deny comes after the allow', () => {
    const result = verdict(
      publicSubnet([ALLOW_RETURN, nacl.in(200).deny.all().from('0.0.0.0/0'), ALLOW_ALL_OUT]),
    );
    expect(result.status).toBe('PASSED');
    expect(result.message).toContain('subnet-pub');
  });

  it('passes behind the default ACL (protocol -1 both ways)', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const igw = net.internetGateway({ vpc });
    net.subnet({ vpc, routes: [toIgw(igw)] });
    expect(runRule(rule, net.snapshot()).map((r) => r.status)).toEqual(['PASSED']);
  });

  it('does not count a UDP allow as TCP return traffic', () => {
    const result = verdict(
      publicSubnet([nacl.in(100).allow.udp(1024, 65535).from('0.0.0.0/0'), ALLOW_ALL_OUT]),
    );
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('inbound TCP 32768-65535');
  });

  it('does not count return traffic allowed only from a narrower CIDR', () => {
    const result = verdict(
      publicSubnet([nacl.in(100).allow.tcp(1024, 65535).from('52.0.0.0/8'), ALLOW_ALL_OUT]),
    );
    expect(result.status).toBe('FAILED');
  });

  it('fails when all outbound traffic is denied, and passes when any of it is allowed', () => {
    const blocked = verdict(publicSubnet([ALLOW_RETURN]));
    expect(blocked.status).toBe('FAILED');
    expect(blocked.message).toContain(
      'all outbound TCP and UDP to 0.0.0.0/0 is denied by rule * (32767) deny all traffic to 0.0.0.0/0',
    );
    const tcpDenied = verdict(publicSubnet([ALLOW_RETURN, nacl.out(90).deny.tcp(0, 65535).to('0.0.0.0/0')]));
    expect(tcpDenied.message).toContain(
      'all outbound TCP and UDP to 0.0.0.0/0 is denied by rule 90 deny TCP all to 0.0.0.0/0, rule * (32767) deny all traffic to 0.0.0.0/0',
    );
    const unlisted = structuredClone(
      publicSubnet([ALLOW_RETURN, nacl.out(90).deny.tcp(0, 65535).to('0.0.0.0/0')]).data,
    );
    for (const acl of unlisted.networkAcls) acl.Entries = acl.Entries?.filter((e) => e.RuleNumber !== 32767);
    expect(resultFor(runRule(rule, unlisted), 'acl-test').message).toContain(
      'denied by rule 90 deny TCP all to 0.0.0.0/0, the implicit deny (*)',
    );
    const dnsOnly = verdict(publicSubnet([ALLOW_RETURN, nacl.out(100).allow.udp(53).to('0.0.0.0/0')]));
    expect(dnsOnly.status).toBe('PASSED');
  });

  it('checks subnets routed through an available public NAT gateway, and ignores failed and private ones', () => {
    const build = (state: string, connectivity: 'public' | 'private' = 'public') => {
      const net = new NetworkBuilder();
      const vpc = net.vpc();
      const igw = net.internetGateway({ vpc });
      const pub = net.subnet({ vpc, routes: [toIgw(igw)] });
      const nat = net.natGateway({ subnet: pub, id: 'nat-1', state, connectivity });
      const acl = net.networkAcl({ vpc, id: 'acl-test', entries: [ALLOW_ALL_OUT] });
      net.subnet({ vpc, id: 'subnet-app', cidr: '10.0.2.0/24', routes: [toNat(nat)], nacl: acl });
      return verdict(net);
    };
    const available = build('available');
    expect(available.status).toBe('FAILED');
    expect(available.message).toContain('subnet-app (0.0.0.0/0 -> nat-1 (active))');
    expect(build('failed').status).toBe('PASSED');
    expect(build('available', 'private').message).toBe(
      'None of its 1 associated subnet(s) routes to the internet',
    );
  });

  it('ignores subnets without a working internet route (private, blackhole, detached IGW)', () => {
    const restrictive = [nacl.in(100).allow.tcp(22).from('10.0.0.0/8')];
    expect(verdict(publicSubnet(restrictive, () => [])).message).toContain('None of its 1 associated subnet');
    expect(verdict(publicSubnet(restrictive, (igw) => [blackhole(toIgw(igw))])).status).toBe('PASSED');
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const detached = net.internetGateway({ id: 'igw-loose' });
    const acl = net.networkAcl({ vpc, id: 'acl-test', entries: restrictive });
    net.subnet({ vpc, routes: [toIgw(detached)], nacl: acl });
    expect(verdict(net).status).toBe('PASSED');
  });

  it('follows the main route table for a subnet without an explicit association', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const igw = net.internetGateway({ vpc, id: 'igw-1' });
    net.addRoutes(net.mainRouteTable(vpc), toIgw(igw));
    const acl = net.networkAcl({ vpc, id: 'acl-test', entries: [ALLOW_ALL_OUT] });
    net.subnet({ vpc, id: 'subnet-main', nacl: acl });
    expect(verdict(net).message).toContain('subnet-main (0.0.0.0/0 -> igw-1 (active))');
  });

  it('checks IPv6 return traffic for a subnet with a ::/0 route to an egress-only gateway', () => {
    const ipv6Route: Route = {
      DestinationIpv6CidrBlock: '::/0',
      EgressOnlyInternetGatewayId: 'eigw-1',
      State: 'active',
    };
    const entries = [ALLOW_RETURN, ALLOW_ALL_OUT, nacl.out(110).allow.all().to('::/0')];
    const result = verdict(publicSubnet(entries, (igw) => [toIgw(igw), ipv6Route]));
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('subnet-pub (::/0 -> eigw-1 (active))');
    expect(result.message).toContain('inbound TCP 32768-65535 from ::/0 is denied by the implicit deny (*)');
    expect(result.message).not.toContain('from 0.0.0.0/0 is denied');
    const listed = verdict(
      publicSubnet([...entries, ...IPV6_IMPLICIT_DENY], (igw) => [toIgw(igw), ipv6Route]),
    );
    expect(listed.message).toContain('from ::/0 is denied by rule * (32768) deny all traffic from ::/0');
    const fixed = [...entries, nacl.in(110).allow.tcp(1024, 65535).from('::/0')];
    expect(verdict(publicSubnet(fixed, (igw) => [toIgw(igw), ipv6Route])).status).toBe('PASSED');
  });

  it('passes an ACL associated with no subnet', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ bare: true });
    net.networkAcl({ vpc, id: 'acl-test' });
    expect(verdict(net).message).toBe('None of its 0 associated subnet(s) routes to the internet');
  });

  it("is NOT_EVALUATED when route tables could not be collected for the ACL's VPC", () => {
    const net = publicSubnet([]);
    net.error({ api: 'DescribeRouteTables', code: 'AccessDenied', message: 'denied', vpcId: 'vpc-1' });
    const result = verdict(net);
    expect(result.status).toBe('NOT_EVALUATED');
    expect(result.message).toContain(
      'routeTables could not be collected for vpc-1 (DescribeRouteTables: AccessDenied)',
    );
  });
});
