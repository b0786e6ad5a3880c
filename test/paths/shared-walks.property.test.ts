import fc from 'fast-check';
import type { IpPermission, NetworkAclEntry, Route } from '@aws-sdk/client-ec2';
import { SnapshotIndex } from '../../lambda/engine/snapshot-index';
import { answerPath } from '../../lambda/paths/explain';
import type { IpVersion, PathAnswer } from '../../lambda/paths/types';
import { WalkMemo, type WalkQuestion } from '../../lambda/paths/walk-memo';
import { internetExposure } from '../../lambda/rules/net/net-1-internet-exposure';
import type { Snapshot } from '../../lambda/snapshot/types';
import { blackhole, NetworkBuilder, toIgw, toInstance, toNat } from '../support/network-builder';
import { all, nacl, tcp, udp } from '../support/permissions';

/*
 * The shared walks of NET.1-NET.3 against the path engine itself. On random networks (instances sharing
 * subnets and groups, NACL entries and routes that single out one host of a subnet, Windows and Linux,
 * IPv6, NAT gateways and a NAT instance):
 *  - every instance's memoised walk to the internet equals a fresh `explain` of it, hop text included;
 *  - NET.1 says port p is exposed on an interface exactly when the internet reaches it on p.
 */

const V4 = [
  '0.0.0.0/0',
  '0.0.0.0/1',
  '128.0.0.0/1',
  '10.0.0.0/16',
  '10.0.1.0/24',
  '10.0.1.8/29',
  '10.0.1.11/32',
  '10.0.2.12/32',
  '203.0.113.0/24',
];
const V6 = ['::/0', '2001:db8:1:1::/64', '2001:db8:1:1::11/128'];
const PORTS: [number, number][] = [
  [22, 22],
  [443, 443],
  [80, 80],
  [0, 65535],
  [1024, 65535],
  [32768, 60999],
  [49152, 65535],
  [3000, 4000],
];
const SUBNETS = ['subnet-pub', 'subnet-a', 'subnet-b'];

const rule = fc.record({
  udp: fc.boolean(),
  ports: fc.nat(PORTS.length - 1),
  cidr: fc.nat(V4.length + V6.length - 1),
});
/** NACL entries lean to what tells hosts apart: blocks inside a subnet and ephemeral port ranges. */
const NACL_CIDRS = [4, 5, 6, 0, 0, 1, V4.length, V4.length + 2];
const NACL_PORTS = [5, 6, 4, 1, 3, 0, 7, 2];
const entry = fc.record({
  egress: fc.boolean(),
  allow: fc.boolean(),
  rule: fc.record({
    udp: fc.boolean(),
    ports: fc.constantFrom(...NACL_PORTS),
    cidr: fc.constantFrom(...NACL_CIDRS),
  }),
});
const plan = fc.record({
  igw: fc.boolean(),
  eigw: fc.boolean(),
  routes: fc.array(fc.constantFrom('igw', 'nat', 'blackhole', 'nat-instance', 'none'), {
    minLength: 3,
    maxLength: 3,
  }),
  v6Routes: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  hostRoute: fc.boolean(),
  nacls: fc.array(fc.array(entry, { maxLength: 4 }), { minLength: 3, maxLength: 3 }),
  groups: fc.array(
    fc.record({
      ingress: fc.array(rule, { maxLength: 3 }),
      egress: fc.array(rule, { maxLength: 2 }),
      openEgress: fc.boolean(),
    }),
    { minLength: 3, maxLength: 3 },
  ),
  instances: fc.array(
    fc.record({
      subnet: fc.nat(2),
      groups: fc.constantFrom([0], [1], [0, 1], [2]),
      publicIp: fc.boolean(),
      ipv6: fc.boolean(),
      windows: fc.boolean(),
      running: fc.integer({ min: 0, max: 5 }),
      // Addresses beyond the primary one: their texts name more than the interface's plain ids.
      extra: fc.constantFrom('none', 'none', 'secondary', 'secondary-eip', 'eip-by-instance'),
    }),
    { minLength: 3, maxLength: 9 },
  ),
});

type Rule = { udp: boolean; ports: number; cidr: number };
const cidrOf = (r: Rule) => (r.cidr < V4.length ? V4[r.cidr]! : V6[r.cidr - V4.length]!);
const permissionOf = (r: Rule): IpPermission => {
  const [from, to] = PORTS[r.ports]!;
  return (r.udp ? udp(from, to) : tcp(from, to)).from(cidrOf(r));
};

type Plan = typeof plan extends fc.Arbitrary<infer T> ? T : never;

function build(p: Plan): Snapshot {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-1', cidr: '10.0.0.0/16', ipv6Cidr: '2001:db8:1::/56' });
  const igw = p.igw ? net.internetGateway({ vpc, id: 'igw-1' }) : undefined;
  net.data.egressOnlyInternetGateways = [
    {
      EgressOnlyInternetGatewayId: 'eigw-1',
      Attachments: p.eigw ? [{ VpcId: 'vpc-1', State: 'attached' }] : [],
    },
  ];
  const subnets = SUBNETS.map((id, i) => {
    const subnet = net.subnet({ vpc, id, cidr: `10.0.${i}.0/24` });
    subnet.Ipv6CidrBlockAssociationSet = [{ Ipv6CidrBlock: `2001:db8:1:${i}::/64` }];
    return subnet;
  });
  const natGw = net.natGateway({ subnet: subnets[0]!, id: 'nat-1' });
  const groups = p.groups.map((g, i) =>
    net.securityGroup({
      vpc,
      id: `sg-${i}`,
      ingress: g.ingress.map(permissionOf),
      egress: g.openEgress ? [all().from('0.0.0.0/0', '::/0')] : g.egress.map(permissionOf),
    }),
  );
  // A NAT instance in the public subnet: running, source/destination check off, its own public address.
  const natBox = net.instance({ subnet: subnets[0]!, id: 'i-nat', groups, publicIp: '203.0.113.200' });
  natBox.eni.PrivateIpAddress = '10.0.0.6';
  net.sourceDestCheck(natBox.instance, false);
  const states = ['running', 'running', 'running', 'running', 'stopped', 'terminated'] as const;
  p.instances.forEach((plan, i) => {
    const { instance, eni } = net.instance({
      subnet: subnets[plan.subnet]!,
      id: `i-${i}`,
      groups: plan.groups.map((g) => groups[g]!),
      ...(plan.publicIp ? { publicIp: `203.0.113.${10 + i}` } : {}),
      state: states[plan.running]!,
    });
    eni.PrivateIpAddress = `10.0.${plan.subnet}.${10 + i}`;
    instance.PrivateIpAddress = eni.PrivateIpAddress;
    if (plan.ipv6) eni.Ipv6Addresses = [{ Ipv6Address: `2001:db8:1:${plan.subnet}::${10 + i}` }];
    if (plan.windows) net.windows(instance);
    if (plan.extra === 'secondary' || plan.extra === 'secondary-eip') {
      const secondary = `10.0.${plan.subnet}.${100 + i}`;
      eni.PrivateIpAddresses = [
        { Primary: true, PrivateIpAddress: eni.PrivateIpAddress },
        { Primary: false, PrivateIpAddress: secondary },
      ];
      if (plan.extra === 'secondary-eip') {
        const eip = net.address({
          networkInterfaceId: eni.NetworkInterfaceId!,
          publicIp: `198.51.100.${10 + i}`,
        });
        eip.PrivateIpAddress = secondary;
      }
    }
    if (plan.extra === 'eip-by-instance')
      net.address({ instanceId: instance.InstanceId!, publicIp: `198.51.100.${50 + i}` });
  });
  subnets.forEach((subnet, i) => {
    const routes: Route[] = [];
    const choice = p.routes[i];
    if (choice === 'igw' && igw) routes.push(toIgw(igw));
    if (choice === 'nat' && i > 0) routes.push(toNat(natGw));
    if (choice === 'blackhole') routes.push(blackhole(toNat(natGw)));
    if (choice === 'nat-instance' && i > 0) routes.push(toInstance(natBox.instance));
    if (p.v6Routes[i]) {
      routes.push({
        DestinationIpv6CidrBlock: '::/0',
        EgressOnlyInternetGatewayId: 'eigw-1',
        State: 'active',
      });
    }
    // One host of subnet-a gets a route of its own: its subnet is no longer uniform.
    if (p.hostRoute && i === 0 && igw) routes.push(toIgw(igw, '10.0.1.11/32'));
    net.routeTable({ vpc, id: `rtb-${i}`, routes, subnets: [subnet] });
    const entries: NetworkAclEntry[] = p.nacls[i]!.map((e, n) => {
      const side = e.egress ? nacl.out(10 + n) : nacl.in(10 + n);
      const action = e.allow ? side.allow : side.deny;
      const [from, to] = PORTS[e.rule.ports]!;
      const traffic = e.rule.udp ? action.udp(from, to) : action.tcp(from, to);
      return e.egress ? traffic.to(cidrOf(e.rule)) : traffic.from(cidrOf(e.rule));
    });
    net.networkAcl({
      vpc,
      id: `acl-${i}`,
      subnets: [subnet],
      entries: [
        ...entries,
        nacl.in(100).allow.all().from('0.0.0.0/0'),
        nacl.out(100).allow.all().to('0.0.0.0/0'),
        nacl.in(101).allow.all().from('::/0'),
        nacl.out(101).allow.all().to('::/0'),
      ],
    });
  });
  return net.snapshot();
}

const decisive = (a: Pick<PathAnswer, 'verdict' | 'brokenHop' | 'unverifiableHop'>) => ({
  verdict: a.verdict,
  brokenHop: a.brokenHop,
  unverifiableHop: a.unverifiableHop,
});

const egress = (ipVersion: IpVersion): WalkQuestion => ({
  direction: 'egress',
  protocol: 'tcp',
  port: 443,
  ipVersion,
});
const QUESTIONS = { 4: egress(4), 6: egress(6) };
const INBOUND = {
  4: { ...egress(4), direction: 'ingress' as const, port: 22 },
  6: { ...egress(6), direction: 'ingress' as const, port: 22 },
};

describe('shared walks (NET.1-NET.3) against fresh walks of the path engine', () => {
  it('gives every instance the answer a fresh walk gives it, hop text included', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const snapshot = build(p);
        const index = new SnapshotIndex(snapshot);
        const memo = WalkMemo.for(index);
        // Fresh walks read their own copy, so nothing the shared walks decided can leak into them.
        const fresh = new SnapshotIndex(structuredClone(snapshot));
        for (const eni of snapshot.networkInterfaces) {
          const instance = index.instances.get(eni.Attachment?.InstanceId ?? '');
          for (const version of [4, 6] as const) {
            if (version === 6 && !eni.Ipv6Addresses?.length) continue;
            const question = {
              source: eni.NetworkInterfaceId!,
              destination: 'internet',
              protocol: 'tcp' as const,
            };
            const expected = answerPath(fresh, { ...question, port: 443, ipVersion: version }, [], {
              skipDns: true,
            });
            expect(decisive(memo.outcome(eni, instance, QUESTIONS[version]))).toEqual(decisive(expected));
            const inbound = answerPath(
              fresh,
              {
                source: 'internet',
                destination: eni.NetworkInterfaceId!,
                protocol: 'tcp',
                port: 22,
                ipVersion: version,
              },
              [],
              { skipDns: true },
            );
            expect(decisive(memo.outcome(eni, instance, INBOUND[version]))).toEqual(decisive(inbound));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('NET.1 exposes port p on an interface exactly when the internet reaches it on p', () => {
    const sampled = [0, 21, 22, 23, 80, 443, 1023, 1024, 3000, 3500, 4000, 32767, 32768, 49152, 60999, 65535];
    fc.assert(
      fc.property(plan, fc.subarray(sampled, { minLength: 3, maxLength: 6 }), (p, ports) => {
        const snapshot = build(p);
        const index = new SnapshotIndex(snapshot);
        const fresh = new SnapshotIndex(structuredClone(snapshot));
        for (const eni of snapshot.networkInterfaces) {
          const instance = index.instances.get(eni.Attachment?.InstanceId ?? '');
          if (instance && instance.State?.Name !== 'running') continue;
          const exposure = internetExposure(index, eni, instance);
          for (const version of [4, 6] as const) {
            for (const protocol of ['tcp', 'udp'] as const) {
              for (const port of ports) {
                const exposed = exposure.ports[version][protocol].has(port);
                if (version === 6 && !eni.Ipv6Addresses?.length) {
                  expect(exposed).toBe(false);
                  continue;
                }
                const walked = answerPath(fresh, {
                  source: 'internet',
                  destination: eni.NetworkInterfaceId!,
                  protocol,
                  port,
                  ipVersion: version,
                });
                expect({ eni: eni.NetworkInterfaceId, version, protocol, port, exposed }).toEqual({
                  eni: eni.NetworkInterfaceId,
                  version,
                  protocol,
                  port,
                  exposed: walked.verdict === 'works',
                });
                if (walked.verdict === 'unverifiable') expect(exposure.unverifiable).toBeDefined();
              }
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('when the address counts (a non-uniform subnet)', () => {
  it('walks apart two instances that share subnet and groups when a NACL entry names one of them', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-1', cidr: '10.0.0.0/16' });
    const igw = net.internetGateway({ vpc, id: 'igw-1' });
    const pub = net.subnet({ vpc, id: 'subnet-pub', cidr: '10.0.0.0/24', routes: [toIgw(igw)] });
    const natGw = net.natGateway({ subnet: pub, id: 'nat-1' });
    const priv = net.subnet({ vpc, id: 'subnet-a', cidr: '10.0.1.0/24', routes: [toNat(natGw)] });
    const group = net.securityGroup({ vpc, id: 'sg-1' });
    for (const [id, address] of [
      ['i-ok', '10.0.1.10'],
      ['i-denied', '10.0.1.11'],
    ] as const) {
      net.instance({ subnet: priv, id, groups: [group] }).eni.PrivateIpAddress = address;
    }
    net.networkAcl({
      vpc,
      id: 'acl-nat',
      subnets: [pub],
      entries: [
        nacl.in(10).deny.all().from('10.0.1.11/32'),
        nacl.in(100).allow.all().from('0.0.0.0/0'),
        nacl.out(100).allow.all().to('0.0.0.0/0'),
      ],
    });
    const index = new SnapshotIndex(net.snapshot());
    const memo = WalkMemo.for(index);
    const verdictOf = (id: string) =>
      memo.outcome(index.interfacesOfInstance(id)[0]!, index.instances.get(id), QUESTIONS[4]).verdict;
    expect([verdictOf('i-ok'), verdictOf('i-denied')]).toEqual(['works', 'broken']);
  });

  it('walks apart two instances behind a NAT instance whose group admits only one of them', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-1', cidr: '10.0.0.0/16' });
    const igw = net.internetGateway({ vpc, id: 'igw-1' });
    const pub = net.subnet({ vpc, id: 'subnet-pub', cidr: '10.0.0.0/24', routes: [toIgw(igw)] });
    const natGroup = net.securityGroup({ vpc, id: 'sg-nat', ingress: [tcp(443).from('10.0.1.10/32')] });
    const nat = net.instance({ subnet: pub, id: 'i-nat', groups: [natGroup], publicIp: '203.0.113.5' });
    nat.eni.PrivateIpAddress = '10.0.0.6';
    net.sourceDestCheck(nat.instance, false);
    const priv = net.subnet({ vpc, id: 'subnet-a', cidr: '10.0.1.0/24', routes: [toInstance(nat.instance)] });
    const group = net.securityGroup({ vpc, id: 'sg-1' });
    for (const [id, address] of [
      ['i-admitted', '10.0.1.10'],
      ['i-refused', '10.0.1.11'],
    ] as const) {
      net.instance({ subnet: priv, id, groups: [group] }).eni.PrivateIpAddress = address;
    }
    const index = new SnapshotIndex(net.snapshot());
    const memo = WalkMemo.for(index);
    const verdictOf = (id: string) =>
      memo.outcome(index.interfacesOfInstance(id)[0]!, index.instances.get(id), QUESTIONS[4]).verdict;
    expect([verdictOf('i-admitted'), verdictOf('i-refused')]).toEqual(['works', 'broken']);
  });
});
