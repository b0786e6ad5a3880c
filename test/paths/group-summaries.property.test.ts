import fc from 'fast-check';
import type { IpPermission } from '@aws-sdk/client-ec2';
import { SnapshotIndex } from '../../lambda/engine/snapshot-index';
import {
  internetPortStatus,
  securityGroupHop,
  securityGroupStatus,
  statusByRules,
} from '../../lambda/paths/hops/security-groups';
import { INTERNET } from '../../lambda/paths/peer';
import { PortSet } from '../../lambda/net/ports';
import { NetworkBuilder } from '../support/network-builder';
import { all, tcp, udp } from '../support/permissions';

/*
 * NET.1-NET.3 and the walker decide "do these groups admit the internet on this port?" from each group's
 * summary (its internet-wide ports, its unresolved ones, how many addresses its narrower ranges hold)
 * instead of reading every rule. Whenever the summaries give a verdict, it must be the verdict of every rule
 * read in full: ranges that add up to the internet (two /1 blocks), prefix lists resolved or not, protocol
 * -1, port ranges, both directions and both IP versions.
 */

const RANGES = [
  '0.0.0.0/0',
  '0.0.0.0/1',
  '128.0.0.0/1',
  '10.0.0.0/8',
  '198.51.100.7/32',
  '::/0',
  '::/1',
  '8000::/1',
  '2001:db8::/32',
];
const LISTS = ['internet', 'narrow', 'half', 'unresolved'] as const;
const PORTS = [22, 443, 3389, 5432];

interface RulePlan {
  protocol: 'tcp' | 'udp' | 'all';
  ports: [number, number];
  ranges: number[];
  list: number | undefined;
}

const rulePlan: fc.Arbitrary<RulePlan> = fc.record({
  protocol: fc.constantFrom('tcp' as const, 'udp' as const, 'all' as const),
  ports: fc.tuple(fc.nat(PORTS.length - 1), fc.nat(PORTS.length - 1)),
  ranges: fc.array(fc.nat(RANGES.length - 1), { maxLength: 2 }),
  list: fc.option(fc.nat(LISTS.length - 1), { nil: undefined }),
});

interface Plan {
  groups: { ingress: RulePlan[]; egress: RulePlan[] }[];
  egress: boolean;
  protocol: 'tcp' | 'udp';
  port: number;
  version: 4 | 6;
}

const plan: fc.Arbitrary<Plan> = fc.record({
  groups: fc.array(
    fc.record({
      ingress: fc.array(rulePlan, { maxLength: 3 }),
      egress: fc.array(rulePlan, { maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  egress: fc.boolean(),
  protocol: fc.constantFrom('tcp' as const, 'udp' as const),
  port: fc.nat(PORTS.length - 1),
  version: fc.constantFrom(4 as const, 6 as const),
});

function build(p: Plan) {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ ipv6Cidr: '2600:1f18::/56' });
  const subnet = net.subnet({ vpc });
  const lists: Record<(typeof LISTS)[number], string> = {
    internet: net.prefixList({ cidrs: ['0.0.0.0/0', '::/0'] }).PrefixListId!,
    narrow: net.prefixList({ cidrs: ['203.0.113.0/24', '2001:db8::/48'] }).PrefixListId!,
    half: net.prefixList({ cidrs: ['0.0.0.0/1', '::/1'] }).PrefixListId!,
    unresolved: 'pl-0000000000notthere',
  };
  const permission = (rule: RulePlan): IpPermission => {
    const [a, b] = [PORTS[rule.ports[0]]!, PORTS[rule.ports[1]]!];
    let built =
      rule.protocol === 'all' ? all() : (rule.protocol === 'tcp' ? tcp : udp)(Math.min(a, b), Math.max(a, b));
    built = built.from(...rule.ranges.map((i) => RANGES[i]!));
    return rule.list === undefined ? built : built.fromPrefixList(lists[LISTS[rule.list]!]);
  };
  const groups = p.groups.map((g) =>
    net.securityGroup({ vpc, ingress: g.ingress.map(permission), egress: g.egress.map(permission) }),
  );
  const eni = net.networkInterface({ subnet, groups });
  return { index: new SnapshotIndex(net.snapshot()), eni };
}

describe('security group summaries', () => {
  it('give the verdict of every rule read in full, whenever they give one', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const { index, eni } = build(p);
        const port = PORTS[p.port]!;
        const traffic = { protocol: p.protocol, ports: PortSet.range(port) };
        const byRules = statusByRules(index, eni, p.egress, INTERNET, traffic, p.version);
        const summed = internetPortStatus(index, eni, p.egress, p.protocol, port, p.version);
        if (summed !== undefined) expect(summed).toBe(byRules);
        expect(securityGroupStatus(index, eni, p.egress, INTERNET, traffic, p.version)).toBe(byRules);
        expect(securityGroupHop(index, eni, p.egress, INTERNET, traffic, p.version).status).toBe(byRules);
      }),
      { numRuns: 400 },
    );
  });

  it('leave ranges that add up to the internet to the full reading', () => {
    // 512 /9 blocks, each narrower than the internet-wide /8, cover the whole IPv4 space between them.
    const ninths = Array.from({ length: 512 }, (_, i) => `${i >> 1}.${(i % 2) * 128}.0.0/9`);
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const subnet = net.subnet({ vpc });
    const halves = [
      net.securityGroup({ vpc, ingress: [tcp(443).from(...ninths.slice(0, 256))] }),
      net.securityGroup({ vpc, ingress: [tcp(443).from(...ninths.slice(256))] }),
    ];
    const eni = net.networkInterface({ subnet, groups: halves });
    const index = new SnapshotIndex(net.snapshot());
    expect(internetPortStatus(index, eni, false, 'tcp', 443, 4)).toBeUndefined();
    const https = { protocol: 'tcp' as const, ports: PortSet.range(443) };
    const ssh = { protocol: 'tcp' as const, ports: PortSet.range(22) };
    expect(securityGroupHop(index, eni, false, INTERNET, https, 4).status).toBe('PASS');
    expect(securityGroupHop(index, eni, false, INTERNET, ssh, 4).status).toBe('FAIL');
  });
});
