import type { Rule } from '../../../lambda/engine/rule';
import { NetworkBuilder, toIgw, toNat, toPeering } from '../../support/network-builder';
import { runRule } from '../../support/run-rule';

/** The metadata and behaviour every rule of a family owes the catalogue (RULES.md, STYLE.md). */
export function describeFamilyContract(family: string, rules: readonly Rule[], ids: readonly string[]): void {
  describe(`${family} family contract`, () => {
    it('lists exactly the catalogue ids, in order', () => {
      expect(rules.map((r) => r.id)).toEqual(ids);
    });

    it.each(rules.map((r) => [r.id, r] as const))('%s has complete metadata', (_id, rule) => {
      expect(rule.title).not.toMatch(/^Ensure/i);
      expect(rule.title.length).toBeLessThanOrEqual(256);
      expect(rule.description.length).toBeGreaterThan(40);
      expect(rule.remediation.text.length).toBeGreaterThan(0);
      expect(rule.remediation.text.length).toBeLessThanOrEqual(512);
      expect(rule.remediation.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(rule.requires.length).toBeGreaterThan(0);
    });

    it.each(rules.map((r) => [r.id, r] as const))(
      '%s finds nothing wrong in an empty snapshot',
      (_id, rule) => {
        const results = runRule(rule, new NetworkBuilder().snapshot());
        expect(results.filter((r) => r.status !== 'PASSED')).toEqual([]);
      },
    );

    it.each(rules.map((r) => [r.id, r] as const))(
      '%s is NOT_EVALUATED, never PASSED, without its data',
      (_id, rule) => {
        for (const part of rule.requires) {
          const net = aSmallNetwork();
          net.error({ api: apiOf(part), code: 'AccessDenied', message: 'denied' });
          const results = runRule(rule, net.snapshot());
          expect([part, results.length > 0]).toEqual([part, true]);
          expect(results.every((r) => r.status === 'NOT_EVALUATED')).toBe(true);
        }
      },
    );
  });
}

/** One of everything the route and NAT rules look at, so every rule has resources to report on. */
function aSmallNetwork(): NetworkBuilder {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ cidr: '10.0.0.0/16' });
  const peer = net.vpc({ cidr: '10.1.0.0/16' });
  const igw = net.internetGateway({ vpc });
  const pub = net.subnet({ vpc, cidr: '10.0.0.0/24', routes: [toIgw(igw)] });
  const nat = net.natGateway({ subnet: pub });
  const pcx = net.peering({ requester: vpc, accepter: peer });
  net.subnet({ vpc, cidr: '10.0.1.0/24', routes: [toNat(nat), toPeering(pcx, '10.1.0.0/16')] });
  const { instance } = net.instance({ subnet: pub, publicIp: '203.0.113.9' });
  net.address({ instanceId: instance.InstanceId! });
  return net;
}

const API: Record<string, string> = {
  vpcs: 'DescribeVpcs',
  subnets: 'DescribeSubnets',
  routeTables: 'DescribeRouteTables',
  internetGateways: 'DescribeInternetGateways',
  natGateways: 'DescribeNatGateways',
  addresses: 'DescribeAddresses',
  networkInterfaces: 'DescribeNetworkInterfaces',
  instances: 'DescribeInstances',
  vpcPeeringConnections: 'DescribeVpcPeeringConnections',
};

function apiOf(part: string): string {
  const api = API[part];
  if (!api) throw new Error(`no API known for ${part}`);
  return api;
}
