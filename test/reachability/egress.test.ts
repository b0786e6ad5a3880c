import { defaultConfig } from '../../lambda/config/config';
import { evaluate } from '../../lambda/engine/evaluate';
import type { NetworkAclEntry } from '@aws-sdk/client-ec2';
import { brokenInternetEgress } from '../../lambda/rules/net/net-2-egress-broken';
import { NetworkBuilder, blackhole, toIgw, toNat, toPeering } from '../support/network-builder';
import { nacl, tcp } from '../support/permissions';
import { diagnoseInterface, publicInstance } from '../support/reachability';
import { resultFor, runRule } from '../support/run-rule';

describe('egress path: TCP 443 to the internet, hop by hop', () => {
  it('works through an attached internet gateway with a public IP, every step passing', () => {
    // Prepare
    const { net, eni } = publicInstance();
    // Act
    const diagnosis = diagnoseInterface(net.snapshot(), eni.NetworkInterfaceId!);
    // Assess
    expect(diagnosis.verdict).toBe('works');
    expect(diagnosis.steps.map((s) => `${s.step} ${s.status}`)).toEqual([
      '1 PASS',
      '2 PASS',
      '3 PASS',
      '4 PASS',
      '5 PASS',
      '6 PASS',
      '7 PASS',
    ]);
  });

  it('names the groups when all egress was removed from them', () => {
    const { net, eni } = publicInstance({ egress: [] });
    const diagnosis = diagnoseInterface(net.snapshot(), eni.NetworkInterfaceId!);
    expect(diagnosis.brokenHop).toMatchObject({ step: 2, hop: 'sg-egress' });
    expect(diagnosis.brokenHop?.message).toContain('sg-app');
    expect(diagnosis.steps[1]?.checks[0]?.evidence).toContain('no outbound rules at all: sg-app');
  });

  it('counts a group the snapshot lacks as allowing nothing, in NET.2 as in the diagnosis', () => {
    const { net, eni } = publicInstance({ egress: [] });
    eni.Groups!.push({ GroupId: 'sg-deleted' });
    const diagnosis = diagnoseInterface(net.snapshot(), eni.NetworkInterfaceId!);
    expect(diagnosis.brokenHop).toMatchObject({ step: 2, hop: 'sg-egress' });
    const result = resultFor(runRule(brokenInternetEgress, net.snapshot()), 'i-app');
    expect(result.status).toBe('FAILED');
    expect(result.evidence).toMatchObject({ step: 2, hop: 'sg-egress' });
  });

  it('judges each copy of an instance id listed twice on its own state, step 1 included', () => {
    const { net, instance } = publicInstance({ egress: [] });
    net.data.instances.push({ ...instance, State: { Name: 'stopped', Code: 80 } });
    // Loading refuses a duplicated id; the engine, given one anyway, still judges each copy on its own.
    const results = evaluate(net.snapshot(), defaultConfig(), [brokenInternetEgress]).results.filter(
      (r) => r.resourceId === 'i-app',
    );
    // The running copy's path breaks at its security groups, not at the stopped copy's state.
    expect(results.map((r) => [r.status, r.evidence?.step])).toEqual([
      ['FAILED', 2],
      ['NOT_EVALUATED', undefined],
    ]);
  });

  it('does not count egress to a private range as internet egress', () => {
    const { net, eni } = publicInstance({ egress: [tcp(443).from('10.0.0.0/8')] });
    const diagnosis = diagnoseInterface(net.snapshot(), eni.NetworkInterfaceId!);
    expect(diagnosis.brokenHop?.hop).toBe('sg-egress');
  });

  describe('NACL, first match in rule-number order', () => {
    const withNacl = (...entries: NetworkAclEntry[]) => {
      const { net, vpc, subnet, eni } = publicInstance();
      net.networkAcl({ vpc, id: 'acl-strict', entries, subnets: [subnet] });
      return diagnoseInterface(net.snapshot(), eni.NetworkInterfaceId!);
    };
    const returns = nacl.in(200).allow.tcp(1024, 65535).from('0.0.0.0/0');

    it('a deny numbered before the allow blocks outbound 443, naming the deny entry', () => {
      const diagnosis = withNacl(
        nacl.out(90).deny.tcp(443).to('0.0.0.0/0'),
        nacl.out(100).allow.all().to('0.0.0.0/0'),
        returns,
      );
      expect(diagnosis.brokenHop).toMatchObject({ step: 3, hop: 'nacl-outbound' });
      expect(diagnosis.steps[2]?.checks[0]?.evidence).toEqual([
        'acl-strict rule 90 deny TCP 443 to 0.0.0.0/0',
      ]);
      expect(diagnosis.brokenHop?.fix).toContain('numbered below 90');
    });

    it('a deny numbered after the allow changes nothing', () => {
      const diagnosis = withNacl(
        nacl.out(100).allow.all().to('0.0.0.0/0'),
        nacl.out(110).deny.tcp(443).to('0.0.0.0/0'),
        returns,
      );
      expect(diagnosis.verdict).toBe('works');
    });

    it('fails when the return traffic on ephemeral ports is not allowed back in', () => {
      const diagnosis = withNacl(
        nacl.out(100).allow.all().to('0.0.0.0/0'),
        nacl.in(100).allow.tcp(22).from('0.0.0.0/0'),
      );
      expect(diagnosis.brokenHop).toMatchObject({ step: 3, hop: 'nacl-return' });
      expect(diagnosis.brokenHop?.message).toContain('32768-65535');
      expect(diagnosis.steps[2]?.checks[1]?.evidence).toEqual([
        'acl-strict rule * (32767) deny all traffic from 0.0.0.0/0 (decides ports 32768-65535)',
      ]);
    });

    it('fails when part of the OS ephemeral range is not allowed back (Windows picks 49152-65535)', () => {
      const diagnosis = withNacl(
        nacl.out(100).allow.all().to('0.0.0.0/0'),
        nacl.in(100).allow.tcp(1024, 49151).from('0.0.0.0/0'),
      );
      expect(diagnosis.brokenHop?.hop).toBe('nacl-return');
      expect(diagnosis.brokenHop?.message).toContain('ports 49152-65535');
    });

    it('is not broken by an inbound deny of 3389 before the allow: no OS picks it as a source port', () => {
      const diagnosis = withNacl(
        nacl.out(100).allow.all().to('0.0.0.0/0'),
        nacl.in(90).deny.tcp(3389).from('0.0.0.0/0'),
        nacl.in(100).allow.tcp(1024, 65535).from('0.0.0.0/0'),
      );
      expect(diagnosis.verdict).toBe('works');
    });
  });

  describe('route table', () => {
    it('falls back to the main route table when the subnet has no association', () => {
      const net = new NetworkBuilder();
      const vpc = net.vpc({ id: 'vpc-main' });
      const igw = net.internetGateway({ vpc, id: 'igw-main' });
      net.addRoutes(net.mainRouteTable(vpc), toIgw(igw));
      const subnet = net.subnet({ vpc, id: 'subnet-unassociated' });
      const { eni } = net.instance({
        subnet,
        groups: [net.defaultSecurityGroup(vpc)],
        publicIp: '203.0.113.5',
      });
      const diagnosis = diagnoseInterface(net.snapshot(), eni.NetworkInterfaceId!);
      expect(diagnosis.verdict).toBe('works');
      expect(diagnosis.steps[3]?.checks[0]?.message).toContain('main route table of vpc-main');
    });

    it('reports a missing internet route in the main table the subnet falls back to', () => {
      const net = new NetworkBuilder();
      const vpc = net.vpc({ id: 'vpc-main' });
      net.internetGateway({ vpc, id: 'igw-main' });
      const subnet = net.subnet({ vpc, id: 'subnet-unassociated' });
      const { eni } = net.instance({
        subnet,
        groups: [net.defaultSecurityGroup(vpc)],
        publicIp: '203.0.113.5',
      });
      const diagnosis = diagnoseInterface(net.snapshot(), eni.NetworkInterfaceId!);
      expect(diagnosis.brokenHop).toMatchObject({ step: 4, hop: 'no-route' });
      expect(diagnosis.brokenHop?.fix).toContain('0.0.0.0/0 -> igw-main');
    });

    it('names a blackhole route and its dead target', () => {
      const net = new NetworkBuilder();
      const vpc = net.vpc();
      const subnet = net.subnet({
        vpc,
        id: 'subnet-db',
        routes: [blackhole({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-gone', State: 'active' })],
      });
      const { eni } = net.instance({ subnet, groups: [net.defaultSecurityGroup(vpc)] });
      const diagnosis = diagnoseInterface(net.snapshot(), eni.NetworkInterfaceId!);
      expect(diagnosis.brokenHop).toMatchObject({ step: 4, hop: 'blackhole-route' });
      expect(diagnosis.brokenHop?.message).toContain('0.0.0.0/0 -> nat-gone (blackhole)');
    });

    it('uses the longest prefix: a more specific blackhole beats a working default route', () => {
      const { net, eni, subnet } = publicInstance();
      const table = net.data.routeTables.find((t) =>
        t.Associations?.some((a) => a.SubnetId === subnet.SubnetId),
      )!;
      net.addRoutes(
        table,
        blackhole({ DestinationCidrBlock: '8.0.0.0/8', GatewayId: 'igw-old', State: 'active' }),
      );
      expect(diagnoseInterface(net.snapshot(), eni.NetworkInterfaceId!).brokenHop?.hop).toBe(
        'blackhole-route',
      );
    });

    it('reports a route to a peering connection as leaving the VPC, not verifiable', () => {
      const net = new NetworkBuilder();
      const vpc = net.vpc();
      const other = net.vpc({ cidr: '10.9.0.0/16' });
      const pcx = net.peering({ requester: vpc, accepter: other, id: 'pcx-hub' });
      const subnet = net.subnet({ vpc, routes: [toPeering(pcx, '0.0.0.0/0')] });
      const { eni } = net.instance({ subnet, groups: [net.defaultSecurityGroup(vpc)] });
      const diagnosis = diagnoseInterface(net.snapshot(), eni.NetworkInterfaceId!);
      expect(diagnosis.verdict).toBe('unverifiable');
      expect(diagnosis.steps[4]?.checks[0]?.message).toBe(
        'leaves the VPC via pcx-hub (pcx), not verifiable from this snapshot',
      );
    });
  });

  describe('internet gateway and public address', () => {
    it('fails when the route points at an internet gateway attached to another VPC', () => {
      const net = new NetworkBuilder();
      const vpc = net.vpc({ id: 'vpc-a' });
      const elsewhere = net.vpc({ id: 'vpc-b', cidr: '10.1.0.0/16' });
      const igw = net.internetGateway({ vpc: elsewhere, id: 'igw-b' });
      const subnet = net.subnet({ vpc, routes: [toIgw(igw)] });
      const { eni } = net.instance({
        subnet,
        groups: [net.defaultSecurityGroup(vpc)],
        publicIp: '203.0.113.5',
      });
      const diagnosis = diagnoseInterface(net.snapshot(), eni.NetworkInterfaceId!);
      expect(diagnosis.brokenHop).toMatchObject({ step: 5, hop: 'igw-not-attached' });
      expect(diagnosis.brokenHop?.message).toBe('igw-b is attached to vpc-b, not vpc-a');
    });

    it('fails at the public address when the instance has none behind an internet gateway', () => {
      const { net, eni } = publicInstance({ publicIp: null });
      const diagnosis = diagnoseInterface(net.snapshot(), eni.NetworkInterfaceId!);
      expect(diagnosis.brokenHop).toMatchObject({ step: 6, hop: 'no-public-ip' });
    });

    it('accepts an Elastic IP associated with the instance as its public address', () => {
      const { net, eni, instance } = publicInstance({ publicIp: null });
      net.address({ instanceId: instance.InstanceId!, publicIp: '198.51.100.77' });
      const diagnosis = diagnoseInterface(net.snapshot(), eni.NetworkInterfaceId!);
      expect(diagnosis.verdict).toBe('works');
      expect(diagnosis.steps[5]?.checks[0]?.message).toContain('198.51.100.77');
    });
  });

  describe('NAT gateway', () => {
    const privateBehindNat = (nat: {
      publicIp?: string | null;
      state?: string;
      natSubnetPublic?: boolean;
    }) => {
      const net = new NetworkBuilder();
      const vpc = net.vpc({ id: 'vpc-data' });
      const igw = net.internetGateway({ vpc, id: 'igw-data' });
      const natSubnet = net.subnet({
        vpc,
        id: 'subnet-nat',
        cidr: '10.0.0.0/24',
        routes: nat.natSubnetPublic === false ? [] : [toIgw(igw)],
      });
      const gateway = net.natGateway({
        subnet: natSubnet,
        id: 'nat-data',
        ...(nat.state ? { state: nat.state } : {}),
        ...(nat.publicIp !== undefined ? { publicIp: nat.publicIp } : {}),
      });
      const subnet = net.subnet({ vpc, id: 'subnet-db', cidr: '10.0.2.0/24', routes: [toNat(gateway)] });
      const { eni } = net.instance({ subnet, groups: [net.defaultSecurityGroup(vpc)] });
      return diagnoseInterface(net.snapshot(), eni.NetworkInterfaceId!);
    };

    it('works through an available public NAT gateway with an Elastic IP in a public subnet', () => {
      const diagnosis = privateBehindNat({});
      expect(diagnosis.verdict).toBe('works');
      expect(diagnosis.steps[5]?.checks[0]?.message).toBe(
        "traffic leaves with nat-data's address 198.51.100.1",
      );
    });

    it('fails on a NAT gateway without an Elastic IP', () => {
      expect(privateBehindNat({ publicIp: null }).brokenHop).toMatchObject({ step: 5, hop: 'nat-no-eip' });
    });

    it('fails on a NAT gateway in a subnet without an internet route', () => {
      const diagnosis = privateBehindNat({ natSubnetPublic: false });
      expect(diagnosis.brokenHop).toMatchObject({ step: 5, hop: 'nat-no-internet-route' });
      expect(diagnosis.brokenHop?.message).toContain('subnet-nat');
    });

    it('fails on a NAT gateway that is not available', () => {
      expect(privateBehindNat({ state: 'failed' }).brokenHop?.message).toBe(
        'nat-data is failed, not available',
      );
    });
  });
});
