import type { IpPermission, NetworkAclEntry, Route } from '@aws-sdk/client-ec2';
import fc from 'fast-check';
import { diagnose, internetExposure, type PathQuery, type PortsByVersion } from '../../lambda/reachability';
import { brokenPath, leavesVpcCheck, pathVerdict } from '../../lambda/reachability/diagnose';
import { reachabilityRules } from '../../lambda/rules/net';
import type { Snapshot } from '../../lambda/snapshot/types';
import { NetworkBuilder, blackhole, toIgw, toNat } from '../support/network-builder';
import { engineFor, withIpv6 } from '../support/reachability';
import { runRule } from '../support/run-rule';

/*
 * Random small VPCs: one VPC with an IGW (attached or not), a NAT gateway (state, EIP and its subnet's
 * route varying), an app subnet whose route is one of igw / nat / blackhole / none, a random NACL, random
 * groups and a few instances with or without public IPv4 and IPv6 addresses. Every route is a /0 route,
 * as AWS allows one per destination, so removing a route can only remove a path.
 */

const PORTS = [0, 21, 22, 53, 80, 443, 1023, 1024, 3306, 32768, 65535];
const port = fc.constantFrom(...PORTS);
const range = fc.tuple(port, port).map(([a, b]) => (a <= b ? [a, b] : [b, a]) as [number, number]);
const cidr = fc.constantFrom('0.0.0.0/0', '0.0.0.0/0', '::/0', '10.0.0.0/8');
const protocol = fc.constantFrom('tcp', 'udp', '-1');

const permission: fc.Arbitrary<IpPermission> = fc.tuple(protocol, range, cidr).map(([p, [from, to], c]) => ({
  IpProtocol: p,
  ...(p === '-1' ? {} : { FromPort: from, ToPort: to }),
  IpRanges: c.includes(':') ? [] : [{ CidrIp: c }],
  Ipv6Ranges: c.includes(':') ? [{ CidrIpv6: c }] : [],
  UserIdGroupPairs: [],
  PrefixListIds: [],
}));

const naclEntry: fc.Arbitrary<NetworkAclEntry> = fc
  .record({
    egress: fc.boolean(),
    number: fc.integer({ min: 1, max: 300 }),
    allow: fc.boolean(),
    protocol: fc.constantFrom('6', '17', '-1'),
    ports: range,
    cidr,
  })
  .map((e) => ({
    RuleNumber: e.number,
    Egress: e.egress,
    RuleAction: e.allow ? 'allow' : 'deny',
    Protocol: e.protocol,
    ...(e.protocol === '-1' ? {} : { PortRange: { From: e.ports[0], To: e.ports[1] } }),
    ...(e.cidr.includes(':') ? { Ipv6CidrBlock: e.cidr } : { CidrBlock: e.cidr }),
  }));

const vpcSpec = fc.record({
  // Weighted towards working paths, so that breaking one is what the properties exercise.
  igwAttached: fc.constantFrom(true, true, true, false),
  appRoute: fc.constantFrom('igw', 'igw', 'nat', 'nat', 'blackhole', 'none', 'tgw'),
  ipv6Route: fc.boolean(),
  nat: fc.record({
    eip: fc.constantFrom(true, true, false),
    available: fc.constantFrom(true, true, false),
    subnetRouted: fc.constantFrom(true, true, false),
  }),
  nacl: fc.array(naclEntry, { maxLength: 5 }),
  // Most real NACLs end in allow-all entries; without them random entries almost never let a path through.
  naclAllowsRest: fc.constantFrom(true, true, true, false),
  groups: fc.array(
    fc.record({
      ingress: fc.array(permission, { maxLength: 3 }),
      // undefined: the builder's (and AWS's) default egress rule, all traffic to 0.0.0.0/0.
      egress: fc.option(fc.array(permission, { maxLength: 3 }), { nil: undefined, freq: 1 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  instances: fc.array(fc.record({ publicIp: fc.boolean(), ipv6: fc.boolean(), group: fc.nat() }), {
    minLength: 1,
    maxLength: 3,
  }),
});

type VpcSpec = typeof vpcSpec extends fc.Arbitrary<infer T> ? T : never;

function buildVpc(spec: VpcSpec): Snapshot {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-r', ipv6Cidr: '2001:db8::/56', bare: true });
  net.routeTable({ vpc, main: true });
  const igw = net.internetGateway(spec.igwAttached ? { vpc, id: 'igw-r' } : { id: 'igw-r' });
  const natSubnet = net.subnet({
    vpc,
    id: 'subnet-nat',
    cidr: '10.0.0.0/24',
    routes: spec.nat.subnetRouted ? [toIgw(igw)] : [],
  });
  const nat = net.natGateway({
    subnet: natSubnet,
    id: 'nat-r',
    state: spec.nat.available ? 'available' : 'failed',
    publicIp: spec.nat.eip ? '198.51.100.1' : null,
  });
  const seen = new Set<string>();
  const entries = spec.nacl.filter((e) => {
    const key = `${e.Egress}|${e.RuleNumber}`;
    return !seen.has(key) && seen.add(key);
  });
  const rest = ['0.0.0.0/0', '::/0'].flatMap((c, i) =>
    [false, true].map((egress): NetworkAclEntry => ({
      RuleNumber: 1000 + i,
      Egress: egress,
      RuleAction: 'allow',
      Protocol: '-1',
      ...(c.includes(':') ? { Ipv6CidrBlock: c } : { CidrBlock: c }),
    })),
  );
  const acl = net.networkAcl({
    vpc,
    id: 'acl-r',
    isDefault: true,
    entries: [...entries, ...(spec.naclAllowsRest ? rest : [])],
  });
  net.associateNacl(acl, natSubnet);
  const v4Routes: Record<string, Route[]> = {
    igw: [toIgw(igw)],
    nat: [toNat(nat)],
    blackhole: [blackhole(toNat(nat))],
    none: [],
    // Leaves the VPC: the path cannot be verified from this snapshot.
    tgw: [
      {
        DestinationCidrBlock: '0.0.0.0/0',
        TransitGatewayId: 'tgw-r',
        Origin: 'CreateRoute',
        State: 'active',
      },
    ],
  };
  const v4Route = v4Routes[spec.appRoute] ?? [];
  const v6Route = spec.ipv6Route
    ? [{ ...toIgw(igw), DestinationCidrBlock: undefined, DestinationIpv6CidrBlock: '::/0' }]
    : [];
  const subnet = net.subnet({ vpc, id: 'subnet-app', routes: [...v4Route, ...v6Route], nacl: acl });
  const groups = spec.groups.map((g, i) =>
    net.securityGroup({ vpc, id: `sg-${i}`, ingress: g.ingress, ...(g.egress ? { egress: g.egress } : {}) }),
  );
  spec.instances.forEach((inst, i) => {
    const { eni } = net.instance({
      subnet,
      id: `i-${i}`,
      groups: [groups[inst.group % groups.length]!],
      ...(inst.publicIp ? { publicIp: `203.0.113.${i + 1}` } : {}),
    });
    if (inst.ipv6) withIpv6(eni, `2001:db8::${i + 1}`);
  });
  return net.snapshot();
}

const EGRESS_QUERIES: PathQuery[] = [
  { direction: 'egress', protocol: 'tcp', port: 443, ipVersion: 4 },
  { direction: 'egress', protocol: 'udp', port: 53, ipVersion: 4 },
  { direction: 'egress', protocol: 'tcp', port: 443, ipVersion: 6 },
];

interface Reach {
  exposure: PortsByVersion;
  egress: boolean[];
}

function measure(snapshot: Snapshot): Map<string, Reach> {
  const engine = engineFor(snapshot);
  const out = new Map<string, Reach>();
  for (const eni of snapshot.networkInterfaces) {
    out.set(eni.NetworkInterfaceId!, {
      exposure: internetExposure(engine, eni),
      egress: EGRESS_QUERIES.map((q) => diagnose(engine, eni, q).verdict === 'works'),
    });
  }
  return out;
}

/** Nothing in `after` is reachable that was not reachable in `before`. */
function expectNoMoreReachable(before: Map<string, Reach>, after: Map<string, Reach>): void {
  for (const [id, now] of after) {
    const was = before.get(id)!;
    for (const v of [4, 6] as const) {
      for (const p of ['tcp', 'udp'] as const) {
        const gained = now.exposure[v][p].subtract(was.exposure[v][p]);
        expect({ id, v, p, gained: gained.toString() }).toEqual({ id, v, p, gained: 'none' });
      }
    }
    now.egress.forEach((works, i) => {
      if (works) expect({ id, query: i, before: was.egress[i] }).toEqual({ id, query: i, before: true });
    });
  }
}

const pick = <T>(items: T[], n: number): number => (items.length === 0 ? -1 : n % items.length);

describe('reachability properties on random small VPCs', () => {
  it('removing a security group rule never makes anything more reachable', () => {
    fc.assert(
      fc.property(vpcSpec, fc.nat(), fc.boolean(), (spec, n, egress) => {
        const snapshot = buildVpc(spec);
        const before = measure(snapshot);
        const rules = snapshot.securityGroups.flatMap((g) =>
          (egress ? g.IpPermissionsEgress! : g.IpPermissions!).map((_, i) => ({ g, i })),
        );
        const at = pick(rules, n);
        if (at < 0) return;
        const { g, i } = rules[at]!;
        (egress ? g.IpPermissionsEgress! : g.IpPermissions!).splice(i, 1);
        expectNoMoreReachable(before, measure(snapshot));
      }),
      { numRuns: 200 },
    );
  });

  it('removing a NACL allow never makes anything more reachable', () => {
    fc.assert(
      fc.property(vpcSpec, fc.nat(), (spec, n) => {
        const snapshot = buildVpc(spec);
        const before = measure(snapshot);
        const acl = snapshot.networkAcls[0]!;
        const allows = acl.Entries!.map((e, i) => ({ e, i })).filter(({ e }) => e.RuleAction === 'allow');
        const at = pick(allows, n);
        if (at < 0) return;
        acl.Entries!.splice(allows[at]!.i, 1);
        expectNoMoreReachable(before, measure(snapshot));
      }),
      { numRuns: 200 },
    );
  });

  it('removing a route never makes anything more reachable', () => {
    fc.assert(
      fc.property(vpcSpec, fc.nat(), (spec, n) => {
        const snapshot = buildVpc(spec);
        const before = measure(snapshot);
        const routes = snapshot.routeTables.flatMap((t) =>
          t.Routes!.map((r, i) => ({ t, r, i })).filter(({ r }) => r.GatewayId !== 'local'),
        );
        const at = pick(routes, n);
        if (at < 0) return;
        const { t, i } = routes[at]!;
        t.Routes!.splice(i, 1);
        expectNoMoreReachable(before, measure(snapshot));
      }),
      { numRuns: 200 },
    );
  });

  it('adding a NACL deny never makes anything more reachable', () => {
    fc.assert(
      fc.property(vpcSpec, naclEntry, (spec, entry) => {
        const snapshot = buildVpc(spec);
        const before = measure(snapshot);
        const acl = snapshot.networkAcls[0]!;
        const taken = new Set(acl.Entries!.filter((e) => e.Egress === entry.Egress).map((e) => e.RuleNumber));
        if (taken.has(entry.RuleNumber)) return;
        acl.Entries!.push({ ...entry, RuleAction: 'deny' });
        expectNoMoreReachable(before, measure(snapshot));
      }),
      { numRuns: 200 },
    );
  });

  it('the ingress diagnosis of a port agrees with the exposure NET.1 reports', () => {
    fc.assert(
      fc.property(vpcSpec, port, fc.constantFrom('tcp' as const, 'udp' as const), (spec, p, proto) => {
        const snapshot = buildVpc(spec);
        const engine = engineFor(snapshot);
        for (const eni of snapshot.networkInterfaces) {
          const exposure = internetExposure(engine, eni);
          for (const ipVersion of [4, 6] as const) {
            const query: PathQuery = { direction: 'ingress', protocol: proto, port: p, ipVersion };
            const works = diagnose(engine, eni, query).verdict === 'works';
            expect({ ipVersion, works }).toEqual({ ipVersion, works: exposure[ipVersion][proto].has(p) });
          }
        }
      }),
    );
  });

  it('the quick verdict and broken hop NET.2 and NET.3 use are always the full diagnosis ones', () => {
    const queries: PathQuery[] = [
      ...EGRESS_QUERIES,
      { direction: 'egress', protocol: 'tcp', port: 22, ipVersion: 4 },
      { direction: 'ingress', protocol: 'tcp', port: 22, ipVersion: 4 },
      { direction: 'ingress', protocol: 'udp', port: 53, ipVersion: 6 },
    ];
    fc.assert(
      fc.property(vpcSpec, fc.boolean(), (spec, allGroups) => {
        const snapshot = buildVpc(spec);
        // Interfaces with several groups: the verdict must take the union of their allows.
        if (allGroups) {
          const refs = snapshot.securityGroups.map((g) => ({ GroupId: g.GroupId, GroupName: g.GroupName }));
          for (const eni of snapshot.networkInterfaces) eni.Groups = refs;
        }
        const engine = engineFor(snapshot);
        for (const eni of snapshot.networkInterfaces) {
          for (const query of queries) {
            const diagnosis = diagnose(engine, eni, query);
            const full = diagnosis.verdict;
            expect({ eni: eni.NetworkInterfaceId, query, verdict: pathVerdict(engine, eni, query) }).toEqual({
              eni: eni.NetworkInterfaceId,
              query,
              verdict: full,
            });
            // The first broken hop NET.2 and NET.3 report, found without building the passing steps.
            const broken = diagnosis.brokenHop && {
              interfaceId: diagnosis.interfaceId,
              subnetId: diagnosis.subnetId,
              brokenHop: diagnosis.brokenHop,
            };
            expect({ eni: eni.NetworkInterfaceId, query, broken: brokenPath(engine, eni, query) }).toEqual({
              eni: eni.NetworkInterfaceId,
              query,
              broken,
            });
            if (full === 'unverifiable') {
              const leaves = diagnosis.steps.flatMap((s) => s.checks).find((c) => c.hop === 'leaves-vpc');
              expect(leavesVpcCheck(engine, eni, query)).toEqual(leaves);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same snapshot, or its lists in another order, gives the same NET results', () => {
    fc.assert(
      fc.property(vpcSpec, (spec) => {
        const snapshot = buildVpc(spec);
        const reversed: Snapshot = {
          ...structuredClone(snapshot),
          securityGroups: [...snapshot.securityGroups].reverse(),
          networkInterfaces: [...snapshot.networkInterfaces].reverse(),
          instances: [...snapshot.instances].reverse(),
          networkAcls: snapshot.networkAcls.map((a) => ({ ...a, Entries: [...(a.Entries ?? [])].reverse() })),
        };
        const run = (s: Snapshot) => JSON.stringify(reachabilityRules.flatMap((rule) => runRule(rule, s)));
        const first = run(snapshot);
        expect(run(structuredClone(snapshot))).toBe(first);
        expect(run(reversed)).toBe(first);
      }),
      { numRuns: 50 },
    );
  });
});
