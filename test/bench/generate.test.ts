import { countsOf, generateSnapshot, mulberry32, SIZES } from '../../bench/generate';
import { validateSnapshot } from '../../lambda/snapshot/validate';

describe('bench generator', () => {
  it('mulberry32 is deterministic and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(xs[0]);
  });

  it('gives the same snapshot for the same seed, and another for another seed', () => {
    const one = JSON.stringify(generateSnapshot('S', { seed: 7 }));
    expect(JSON.stringify(generateSnapshot('S', { seed: 7 }))).toBe(one);
    expect(JSON.stringify(generateSnapshot('S', { seed: 8 }))).not.toBe(one);
  });

  it('generates the requested counts of interfaces, groups and rules', () => {
    const counts = countsOf(generateSnapshot('S'));
    expect(counts.networkInterfaces).toBe(SIZES.S.interfaces);
    expect(counts.securityGroups).toBe(SIZES.S.groups);
    expect(counts.securityGroupRules).toBe(SIZES.S.rules);
    expect(counts.vpcs).toBe(SIZES.S.vpcs);
  });

  it('keeps the requested counts at another scale (one M-shaped VPC slice)', () => {
    const spec = { interfaces: 2_000, groups: 500, rules: 5_000, vpcs: 4 };
    const counts = countsOf(generateSnapshot(spec));
    expect([counts.networkInterfaces, counts.securityGroups, counts.securityGroupRules]).toEqual([
      2_000, 500, 5_000,
    ]);
  });

  it('produces a snapshot that validates, with unique ids and the EC2 shapes rules read', () => {
    const snapshot = generateSnapshot('S');
    const valid = validateSnapshot(JSON.parse(JSON.stringify(snapshot)));
    const enis = valid.networkInterfaces.map((e) => e.NetworkInterfaceId);
    expect(new Set(enis).size).toBe(enis.length);
    const groups = new Set(valid.securityGroups.map((g) => g.GroupId));
    // Cross-group references point at groups that exist.
    const refs = valid.securityGroups.flatMap((g) =>
      (g.IpPermissions ?? []).flatMap((p) => (p.UserIdGroupPairs ?? []).map((u) => u.GroupId)),
    );
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every((id) => groups.has(id))).toBe(true);
    // Public and private subnets, NAT routes, IPv6 sources, NACL denies, stopped instances, spare EIPs.
    const routes = valid.routeTables.flatMap((t) => t.Routes ?? []);
    expect(routes.some((r) => r.GatewayId?.startsWith('igw-'))).toBe(true);
    expect(routes.some((r) => r.NatGatewayId)).toBe(true);
    const permissions = valid.securityGroups.flatMap((g) => g.IpPermissions ?? []);
    expect(permissions.some((p) => p.Ipv6Ranges?.some((r) => r.CidrIpv6 === '::/0'))).toBe(true);
    expect(permissions.some((p) => p.IpRanges?.some((r) => r.CidrIp === '0.0.0.0/0'))).toBe(true);
    expect(valid.networkAcls.some((a) => (a.Entries ?? []).length >= 20)).toBe(true);
    expect(valid.instances.some((i) => i.State?.Name === 'stopped')).toBe(true);
    expect(valid.addresses.some((a) => !a.AssociationId)).toBe(true);
    expect(valid.vpcPeeringConnections.length).toBeGreaterThan(0);
  });
});
