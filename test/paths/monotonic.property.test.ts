import fc from 'fast-check';
import type { NetworkAclEntry, Route } from '@aws-sdk/client-ec2';
import { parseCidr, cidrsOverlap } from '../../lambda/net/cidr';
import type { Snapshot } from '../../lambda/snapshot/types';
import { NetworkBuilder, toIgw, toNat, toPeering } from '../support/network-builder';
import { ask } from '../support/paths';
import { tgwRouteTable, tgwVpcAttachment, toTgw, transitGateway } from '../support/hybrid';
import { all, nacl, tcp } from '../support/permissions';

/*
 * The path engine's invariant: allows and routes only ever open paths. Adding a security group rule, a NACL
 * allow entry, or a route where a table had none never turns `works` into `broken`; removing one never turns
 * `broken` into `works`. (A route that overlaps an existing one is not "added": it replaces that route's
 * traffic, and may well break it, as AWS would.)
 */

const CIDRS = [
  '0.0.0.0/0',
  '10.0.0.0/16',
  '10.1.0.0/16',
  '10.0.1.0/24',
  '10.1.1.0/24',
  '198.51.100.7/32',
  '0.0.0.0/1',
  '128.0.0.0/1',
];
const PORTS = [22, 443, 5432];

interface Plan {
  peered: boolean;
  /** A transit gateway attached to both VPCs through their public subnets, propagating both CIDRs. */
  tgw: boolean;
  igw: [boolean, boolean];
  routes: ('igw' | 'nat' | 'pcx' | 'tgw' | 'none')[];
  publicIps: boolean[];
  ingress: [number, number][];
  egressOpen: boolean[];
  naclEntries: [boolean, number, number, boolean][];
}

const plan: fc.Arbitrary<Plan> = fc.record({
  peered: fc.boolean(),
  tgw: fc.boolean(),
  igw: fc.tuple(fc.boolean(), fc.boolean()),
  routes: fc.array(
    fc.oneof(
      fc.constantFrom('igw' as const, 'nat' as const, 'pcx' as const, 'none' as const),
      fc.constant('tgw' as const),
    ),
    { minLength: 4, maxLength: 4 },
  ),
  publicIps: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  ingress: fc.array(fc.tuple(fc.nat(PORTS.length - 1), fc.nat(CIDRS.length - 1)), { maxLength: 4 }),
  egressOpen: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  naclEntries: fc.array(
    fc.tuple(fc.boolean(), fc.nat(PORTS.length - 1), fc.nat(CIDRS.length - 1), fc.boolean()),
    { maxLength: 3 },
  ),
});

/** Two VPCs of two subnets each (a public one with a NAT gateway, a private one), one instance per subnet. */
function build(p: Plan): Snapshot {
  const net = new NetworkBuilder();
  const vpcs = [net.vpc({ id: 'vpc-a', cidr: '10.0.0.0/16' }), net.vpc({ id: 'vpc-b', cidr: '10.1.0.0/16' })];
  const igws = vpcs.map((vpc, i) => (p.igw[i] ? net.internetGateway({ vpc, id: `igw-${i}` }) : undefined));
  const pcx = p.peered ? net.peering({ requester: vpcs[0]!, accepter: vpcs[1]!, id: 'pcx-1' }) : undefined;
  for (let v = 0; v < 2; v++) {
    const vpc = vpcs[v]!;
    const igw = igws[v];
    const pub = net.subnet({
      vpc,
      id: `subnet-${v}-pub`,
      cidr: `10.${v}.0.0/24`,
      routes: [
        ...(igw ? [toIgw(igw)] : []),
        ...(p.tgw && !p.peered ? [toTgw('tgw-1', v === 0 ? '10.1.0.0/16' : '10.0.0.0/16')] : []),
      ],
    });
    const natGw = net.natGateway({ subnet: pub, id: `nat-${v}` });
    natGw.NatGatewayAddresses![0]!.PrivateIp = `10.${v}.0.5`;
    for (let s = 0; s < 2; s++) {
      const k = v * 2 + s;
      const routes: Route[] = [];
      const choice = p.routes[k];
      if (choice === 'igw' && igw) routes.push(toIgw(igw));
      if (choice === 'nat') routes.push(toNat(natGw));
      if (choice === 'tgw') routes.push(toTgw('tgw-1', '0.0.0.0/0'));
      if (pcx) routes.push(toPeering(pcx, v === 0 ? '10.1.0.0/16' : '10.0.0.0/16'));
      else if (p.tgw) routes.push(toTgw('tgw-1', v === 0 ? '10.1.0.0/16' : '10.0.0.0/16'));
      const subnet =
        s === 0 ? pub : net.subnet({ vpc, id: `subnet-${v}-priv`, cidr: `10.${v}.1.0/24`, routes });
      if (s === 0 && choice === 'pcx' && pcx)
        net.addRoutes(
          net.data.routeTables.find((t) => t.Associations?.some((a) => a.SubnetId === pub.SubnetId))!,
          toPeering(pcx, v === 0 ? '10.1.0.0/16' : '10.0.0.0/16'),
        );
      const group = net.securityGroup({
        vpc,
        id: `sg-${k}`,
        ingress: [
          ...p.ingress.map(([port, cidr]) => tcp(PORTS[port]!).from(CIDRS[cidr]!)),
          // VPCs joined by a transit gateway usually admit each other: paths across it then work often.
          ...(p.tgw ? [all().from(v === 0 ? '10.1.0.0/16' : '10.0.0.0/16')] : []),
        ],
        egress: p.egressOpen[k] ? [all().from('0.0.0.0/0')] : [tcp(443).from('0.0.0.0/0')],
      });
      const { eni } = net.instance({
        subnet,
        id: `i-${k}`,
        groups: [group],
        ...(p.publicIps[k] ? { publicIp: `203.0.113.${k + 10}` } : {}),
      });
      eni.PrivateIpAddress = `10.${v}.${s}.${10 + k}`;
    }
    const entries: NetworkAclEntry[] = p.naclEntries.map(([egress, port, cidr, allow], i) => {
      const side = egress ? nacl.out(10 + i) : nacl.in(10 + i);
      const action = allow ? side.allow : side.deny;
      return egress ? action.tcp(PORTS[port]!).to(CIDRS[cidr]!) : action.tcp(PORTS[port]!).from(CIDRS[cidr]!);
    });
    net.networkAcl({
      vpc,
      id: `acl-${v}`,
      subnets: [pub],
      entries: [
        ...entries,
        nacl.in(100).allow.all().from('0.0.0.0/0'),
        nacl.out(100).allow.all().to('0.0.0.0/0'),
      ],
    });
  }
  const s = net.snapshot();
  if (p.tgw) {
    transitGateway(s, { id: 'tgw-1' });
    for (let v = 0; v < 2; v++) {
      tgwVpcAttachment(s, {
        id: `tgw-attach-${v}`,
        tgw: 'tgw-1',
        vpc: vpcs[v]!,
        subnets: [s.subnets.find((x) => x.SubnetId === `subnet-${v}-pub`)!],
      });
    }
    tgwRouteTable(s, {
      id: 'tgw-rtb-1',
      associations: ['tgw-attach-0', 'tgw-attach-1'],
      routes: [0, 1].map((v) => ({
        DestinationCidrBlock: `10.${v}.0.0/16`,
        State: 'active' as const,
        Type: 'propagated' as const,
        TransitGatewayAttachments: [
          {
            TransitGatewayAttachmentId: `tgw-attach-${v}`,
            ResourceType: 'vpc' as const,
            ResourceId: `vpc-${'ab'[v]}`,
          },
        ],
      })),
    });
  }
  return s;
}

type Change = (s: Snapshot) => Snapshot;

const ENDS = ['internet', 'i-0', 'i-1', 'i-2', 'i-3', '198.51.100.7'];

const question = fc.record({
  from: fc.constantFrom(...ENDS),
  to: fc.constantFrom(...ENDS),
  port: fc.constantFrom(...PORTS),
});

/** Verdicts of paths that crossed the transit gateway, so the property is shown to cover it. */
const throughTgw = new Set<string>();

function verdict(s: Snapshot, q: { from: string; to: string; port: number }): string {
  try {
    const answer = ask(s, q.from, { destination: q.to, port: q.port });
    if (answer.hops.some((h) => h.kind === 'transit-gateway-route-table')) throughTgw.add(answer.verdict);
    return answer.verdict;
  } catch {
    return 'not-a-question';
  }
}

const copy = (s: Snapshot): Snapshot => structuredClone(s);

const addAllow: fc.Arbitrary<Change> = fc
  .tuple(fc.nat(3), fc.boolean(), fc.nat(PORTS.length - 1), fc.nat(CIDRS.length - 1), fc.boolean())
  .map(([group, egress, port, cidr, inNacl]) => (s: Snapshot) => {
    const next = copy(s);
    if (inNacl) {
      const acl = next.networkAcls.find((a) => a.NetworkAclId === `acl-${group % 2}`)!;
      const used = new Set((acl.Entries ?? []).map((e) => `${e.Egress}/${e.RuleNumber}`));
      let number = 50 + port;
      while (used.has(`${egress}/${number}`)) number++;
      const side = egress ? nacl.out(number) : nacl.in(number);
      acl.Entries!.push(
        egress
          ? side.allow.tcp(PORTS[port]!).to(CIDRS[cidr]!)
          : side.allow.tcp(PORTS[port]!).from(CIDRS[cidr]!),
      );
    } else {
      const sg = next.securityGroups.find((g) => g.GroupId === `sg-${group}`)!;
      const rule = {
        IpProtocol: 'tcp',
        FromPort: PORTS[port],
        ToPort: PORTS[port],
        IpRanges: [{ CidrIp: CIDRS[cidr]! }],
      };
      (egress ? (sg.IpPermissionsEgress ??= []) : (sg.IpPermissions ??= [])).push(rule);
    }
    return next;
  });

const addRoute: fc.Arbitrary<Change> = fc
  .tuple(
    fc.nat(20),
    fc.constantFrom('0.0.0.0/0', '10.1.0.0/16', '10.0.0.0/16', '198.51.100.0/24'),
    fc.constantFrom('igw-0', 'igw-1', 'nat-0', 'nat-1', 'pcx-1', 'tgw-1'),
  )
  .map(([table, destination, target]) => (s: Snapshot) => {
    const next = copy(s);
    const t = next.routeTables[table % next.routeTables.length]!;
    const cidr = parseCidr(destination)!;
    const overlaps = (t.Routes ?? []).some((r) => {
      const other = r.DestinationCidrBlock ? parseCidr(r.DestinationCidrBlock) : undefined;
      return !other || cidrsOverlap(cidr, other);
    });
    if (overlaps) return next;
    const route: Route = target.startsWith('tgw')
      ? { DestinationCidrBlock: destination, TransitGatewayId: target, State: 'active' }
      : target.startsWith('igw')
        ? { DestinationCidrBlock: destination, GatewayId: target, State: 'active' }
        : target.startsWith('nat')
          ? { DestinationCidrBlock: destination, NatGatewayId: target, State: 'active' }
          : { DestinationCidrBlock: destination, VpcPeeringConnectionId: target, State: 'active' };
    t.Routes!.push(route);
    return next;
  });

describe('the path engine only opens paths when allows and routes are added', () => {
  it('adding an allow or a route never turns works into broken; removing it never turns broken into works', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(plan, question, fc.oneof(addAllow, addRoute), (p, q, change) => {
        const before = build(p);
        const after = change(before);
        const was = verdict(before, q);
        const now = verdict(after, q);
        // Adding: works stays works. Removing is the same change read from `after` back to `before`: a path
        // broken with the allow or route is not working without it, which is this same implication.
        if (was === 'works') expect(now).toBe('works');
        seen.add(was);
      }),
      // Seeded: CI must not depend on the draw that shows paths across the transit gateway both working and
      // broken (asserted below).
      { numRuns: 300, seed: 1203 },
    );
    // The generated networks give both verdicts, so the property is not vacuous.
    expect(seen).toContain('works');
    expect(seen).toContain('broken');
    expect(throughTgw).toContain('works');
    expect(throughTgw).toContain('broken');
  });
});
