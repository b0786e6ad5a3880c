import type { IpPermission } from '@aws-sdk/client-ec2';
import fc from 'fast-check';
import { defaultConfig } from '../../../lambda/config/config';
import type { Rule, Status } from '../../../lambda/engine/rule';
import { SnapshotIndex } from '../../../lambda/engine/snapshot-index';
import { adminPortsOpenToInternet } from '../../../lambda/rules/sg/sg-1-admin-ports';
import { highRiskPortsOpenToInternet } from '../../../lambda/rules/sg/sg-2-high-risk-ports';
import { allTrafficFromInternet } from '../../../lambda/rules/sg/sg-3-all-traffic';
import { unauthorizedPortsOpenToInternet } from '../../../lambda/rules/sg/sg-4-unauthorized-ports';
import { oneGroup } from './fixtures';

const EXPOSURE_RULES: Rule[] = [
  adminPortsOpenToInternet,
  highRiskPortsOpenToInternet,
  allTrafficFromInternet,
  unauthorizedPortsOpenToInternet,
];
const config = defaultConfig();

const statusOf = (rule: Rule, ingress: IpPermission[]): Status => {
  const [outcome] = rule.evaluate(new SnapshotIndex(oneGroup(ingress)), config);
  return outcome!.status;
};

// RULES.md: a public range as wide as a /8 (IPv6 /16) or wider is the internet, 0.0.0.0/1 included.
const INTERNET = ['0.0.0.0/0', '::/0', '0.0.0.0/1', '52.0.0.0/8', '2600::/12'];
// Private however wide, or public but narrower than a /8 (/16), and never covering everything together.
const NOT_INTERNET = [
  '10.0.0.0/8',
  '192.168.1.0/24',
  '203.0.113.7/32',
  '52.0.0.0/9',
  '2001:db8::/32',
  'fd00::/8',
];

const bounds = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }))
    .map(([a, b]) => ({ FromPort: Math.min(a, b), ToPort: Math.max(a, b) })),
  fc.integer({ min: 0, max: 65535 }).map((p) => ({ FromPort: p, ToPort: p })),
  // Ports the rules name, so that passing groups with internet rules are common too.
  fc.constantFrom(22, 80, 443, 3306, 3389, 6379).map((p) => ({ FromPort: p, ToPort: p })),
  fc.constant({ FromPort: -1, ToPort: -1 }),
  fc.constant({}),
);

const permission = (sources: fc.Arbitrary<string[]>): fc.Arbitrary<IpPermission> =>
  fc
    .record({
      protocol: fc.constantFrom('tcp', 'udp', '-1', 'icmp', 'icmpv6', '6', '17', '50'),
      bounds,
      sources,
      groups: fc.subarray(['sg-lb', 'sg-bastion']),
    })
    .map(({ protocol, bounds, sources, groups }) => ({
      IpProtocol: protocol,
      ...bounds,
      IpRanges: sources.filter((c) => !c.includes(':')).map((CidrIp) => ({ CidrIp })),
      Ipv6Ranges: sources.filter((c) => c.includes(':')).map((CidrIpv6) => ({ CidrIpv6 })),
      UserIdGroupPairs: groups.map((GroupId) => ({ GroupId })),
    }));

const anyPermission = permission(fc.subarray([...INTERNET, ...NOT_INTERNET], { minLength: 1 }));
const privatePermission = permission(fc.subarray(NOT_INTERNET, { minLength: 1 }));
const internetPermission = permission(
  fc.tuple(fc.subarray(INTERNET, { minLength: 1 }), fc.subarray(NOT_INTERNET)).map(([a, b]) => [...a, ...b]),
);
const group = fc.array(anyPermission, { maxLength: 5 });

describe('SG.1-SG.4 exposure invariants', () => {
  it.each(EXPOSURE_RULES.map((rule) => [rule.id, rule] as const))(
    '%s: adding a permission from a non-internet source never changes the verdict',
    (_id, rule) => {
      fc.assert(
        fc.property(group, privatePermission, (ingress, extra) => {
          expect(statusOf(rule, [...ingress, extra])).toBe(statusOf(rule, ingress));
        }),
        { numRuns: 150 },
      );
    },
  );

  it.each(EXPOSURE_RULES.map((rule) => [rule.id, rule] as const))(
    '%s: removing an internet permission never turns PASSED into FAILED',
    (_id, rule) => {
      fc.assert(
        fc.property(group, internetPermission, fc.nat(), (ingress, exposed, at) => {
          const withIt = [...ingress];
          withIt.splice(at % (ingress.length + 1), 0, exposed);
          if (statusOf(rule, withIt) === 'PASSED') expect(statusOf(rule, ingress)).toBe('PASSED');
        }),
        { numRuns: 150 },
      );
    },
  );

  it('with the default ports, any SG.1, SG.2 or SG.3 failure is also an SG.4 failure', () => {
    fc.assert(
      fc.property(group, (ingress) => {
        const unauthorized = statusOf(unauthorizedPortsOpenToInternet, ingress);
        for (const rule of [adminPortsOpenToInternet, highRiskPortsOpenToInternet, allTrafficFromInternet]) {
          if (statusOf(rule, ingress) === 'FAILED') expect(unauthorized).toBe('FAILED');
        }
      }),
      { numRuns: 300 },
    );
  });
});
