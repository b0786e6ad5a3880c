import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { countsOf, generateSnapshot, mulberry32, SIZES, type SizeSpec } from '../../bench/generate';
import { ON_PREMISES_PREFIXES } from '../../bench/generate-hybrid';
import { loadSnapshotFile } from '../../lambda/snapshot/load';
import type { Snapshot } from '../../lambda/snapshot/types';
import { validateSnapshot } from '../../lambda/snapshot/validate';

/** Few interfaces, many VPCs: the hybrid network of an M or L region without its 100,000 interfaces. */
const wide = (vpcs: number): SizeSpec => ({
  interfaces: 10 * vpcs,
  groups: 3 * vpcs,
  rules: 30 * vpcs,
  vpcs,
});

/** Every reference of the hybrid lists that points at nothing, as readable lines (empty when consistent). */
function danglingReferences(s: Snapshot): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const subnets = new Map(s.subnets.map((x) => [x.SubnetId!, x]));
  const vpcs = new Set(s.vpcs.map((v) => v.VpcId));
  const tgws = new Set((s.transitGateways ?? []).map((t) => t.TransitGatewayId));
  const attachments = new Map(
    (s.transitGatewayAttachments ?? []).map((a) => [a.TransitGatewayAttachmentId!, a]),
  );
  const tables = new Map((s.transitGatewayRouteTables ?? []).map((t) => [t.TransitGatewayRouteTableId!, t]));
  const vgws = new Set((s.vpnGateways ?? []).map((g) => g.VpnGatewayId));
  const cgws = new Set((s.customerGateways ?? []).map((g) => g.CustomerGatewayId));
  const vpns = new Set((s.vpnConnections ?? []).map((c) => c.VpnConnectionId));
  const dxgws = new Set((s.directConnectGateways ?? []).map((g) => g.directConnectGatewayId));

  for (const a of s.transitGatewayVpcAttachments ?? []) {
    const id = a.TransitGatewayAttachmentId!;
    expect(vpcs.has(a.VpcId), `${id}: VPC ${a.VpcId} does not exist`);
    expect(tgws.has(a.TransitGatewayId), `${id}: transit gateway ${a.TransitGatewayId} does not exist`);
    expect(attachments.get(id)?.ResourceId === a.VpcId, `${id}: no transitGatewayAttachments entry for it`);
    const zones = (a.SubnetIds ?? []).map((sid) => subnets.get(sid));
    expect(zones.length > 0, `${id}: no subnet`);
    for (const [k, subnet] of zones.entries()) {
      expect(subnet?.VpcId === a.VpcId, `${id}: subnet ${a.SubnetIds![k]} is not in ${a.VpcId}`);
    }
    const names = zones.map((x) => x?.AvailabilityZone);
    expect(new Set(names).size === names.length, `${id}: two subnets in one zone`);
  }
  for (const [id, a] of attachments) {
    expect(tgws.has(a.TransitGatewayId), `${id}: transit gateway ${a.TransitGatewayId} does not exist`);
    const table = tables.get(a.Association?.TransitGatewayRouteTableId ?? '');
    expect(
      table?.Associations?.some((x) => x.TransitGatewayAttachmentId === id) === true,
      `${id}: associated with ${a.Association?.TransitGatewayRouteTableId}, which does not list it`,
    );
    if (a.ResourceType === 'vpn') expect(vpns.has(a.ResourceId), `${id}: VPN ${a.ResourceId} does not exist`);
  }
  for (const [id, t] of tables) {
    expect(tgws.has(t.TransitGatewayId), `${id}: transit gateway ${t.TransitGatewayId} does not exist`);
    for (const x of [...(t.Associations ?? []), ...(t.Propagations ?? [])]) {
      const a = attachments.get(x.TransitGatewayAttachmentId ?? '');
      expect(
        a?.TransitGatewayId === t.TransitGatewayId,
        `${id}: attachment ${x.TransitGatewayAttachmentId} unknown`,
      );
    }
    for (const r of t.Routes ?? []) {
      const to = (r.TransitGatewayAttachments ?? []).map((x) => x.TransitGatewayAttachmentId);
      if (r.State === 'blackhole') continue;
      expect(to.length > 0, `${id}: active route ${r.DestinationCidrBlock} goes nowhere`);
      for (const a of to)
        expect(attachments.has(a!), `${id}: route ${r.DestinationCidrBlock} to unknown ${a}`);
    }
  }
  for (const t of s.routeTables) {
    for (const r of t.Routes ?? []) {
      if (r.TransitGatewayId)
        expect(tgws.has(r.TransitGatewayId), `${t.RouteTableId}: unknown ${r.TransitGatewayId}`);
      if (r.GatewayId?.startsWith('vgw-'))
        expect(vgws.has(r.GatewayId), `${t.RouteTableId}: unknown ${r.GatewayId}`);
    }
    for (const p of t.PropagatingVgws ?? [])
      expect(vgws.has(p.GatewayId), `${t.RouteTableId}: unknown ${p.GatewayId}`);
  }
  for (const c of s.vpnConnections ?? []) {
    const id = c.VpnConnectionId!;
    expect(cgws.has(c.CustomerGatewayId), `${id}: customer gateway ${c.CustomerGatewayId} does not exist`);
    expect(
      c.VpnGatewayId ? vgws.has(c.VpnGatewayId) : tgws.has(c.TransitGatewayId),
      `${id}: its gateway does not exist`,
    );
  }
  for (const g of s.vpnGateways ?? []) {
    for (const a of g.VpcAttachments ?? [])
      expect(vpcs.has(a.VpcId), `${g.VpnGatewayId}: VPC ${a.VpcId} unknown`);
  }
  for (const a of s.directConnectGatewayAssociations ?? []) {
    expect(dxgws.has(a.directConnectGatewayId), `${a.associationId}: unknown ${a.directConnectGatewayId}`);
    expect(vgws.has(a.associatedGateway?.id), `${a.associationId}: unknown ${a.associatedGateway?.id}`);
  }
  for (const v of s.virtualInterfaces ?? []) {
    expect(
      dxgws.has(v.directConnectGatewayId),
      `${v.virtualInterfaceId}: unknown ${v.directConnectGatewayId}`,
    );
  }
  return problems;
}

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

describe('bench generator: transit gateways, VPN and Direct Connect', () => {
  it('writes a file the loader accepts, with every hybrid list filled', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netaudit-generate-'));
    try {
      const file = join(dir, 'S.json');
      writeFileSync(file, JSON.stringify(generateSnapshot('S')));

      const loaded = loadSnapshotFile(file);

      for (const list of [
        loaded.transitGateways,
        loaded.transitGatewayAttachments,
        loaded.transitGatewayVpcAttachments,
        loaded.transitGatewayRouteTables,
        loaded.vpnGateways,
        loaded.vpnConnections,
        loaded.customerGateways,
        loaded.directConnectGateways,
        loaded.directConnectGatewayAssociations,
        loaded.virtualInterfaces,
      ]) {
        expect(list?.length).toBeGreaterThan(0);
      }
      expect(danglingReferences(loaded)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps every reference pointing at something, whatever the seed and the number of VPCs (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 1, max: 60 }), (seed, vpcs) => {
        expect(danglingReferences(generateSnapshot(wide(vpcs), { seed }))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('has the proportions of an enterprise region: most VPCs attached, one subnet per zone, one or two transit gateways', () => {
    for (const [vpcs, gateways] of [
      [SIZES.S.vpcs, 1],
      [SIZES.M.vpcs, 2],
      [SIZES.L.vpcs, 2],
    ] as const) {
      const s = generateSnapshot(wide(vpcs));
      const attached = new Set((s.transitGatewayVpcAttachments ?? []).map((a) => a.VpcId));
      expect(s.transitGateways).toHaveLength(gateways);
      expect(attached.size / vpcs).toBeGreaterThanOrEqual(0.6);
      expect(s.transitGatewayRouteTables).toHaveLength(2 * gateways);
      expect((s.vpnConnections ?? []).filter((c) => c.TransitGatewayId)).toHaveLength(gateways);
      // Attachment subnets are small dedicated ones, one per zone.
      const subnets = new Map(s.subnets.map((x) => [x.SubnetId, x]));
      for (const a of s.transitGatewayVpcAttachments ?? []) {
        for (const id of a.SubnetIds ?? []) expect(subnets.get(id)?.CidrBlock).toMatch(/\/28$/);
      }
    }
  });

  it('routes the on-premises prefixes from subnets to the transit gateway or a virtual private gateway', () => {
    const s = generateSnapshot('S');
    const routes = s.routeTables.flatMap((t) => t.Routes ?? []);
    for (const cidr of ON_PREMISES_PREFIXES) {
      expect(routes.some((r) => r.DestinationCidrBlock === cidr && r.TransitGatewayId)).toBe(true);
      expect(routes.some((r) => r.DestinationCidrBlock === cidr && r.GatewayId?.startsWith('vgw-'))).toBe(
        true,
      );
    }
    expect(s.routeTables.some((t) => (t.PropagatingVgws ?? []).length > 0)).toBe(true);
    const tgwRoutes = (s.transitGatewayRouteTables ?? []).flatMap((t) => t.Routes ?? []);
    expect(
      tgwRoutes.some(
        (r) => r.Type === 'propagated' && ON_PREMISES_PREFIXES.includes(r.DestinationCidrBlock!),
      ),
    ).toBe(true);
    expect(tgwRoutes.some((r) => r.DestinationCidrBlock === '0.0.0.0/0' && r.Type === 'static')).toBe(true);
    expect(tgwRoutes.filter((r) => r.State === 'blackhole').length).toBeGreaterThan(0);
  });

  it('has mostly healthy tunnels and BGP sessions, a few with one tunnel down, rarely both down', () => {
    const s = generateSnapshot(wide(SIZES.L.vpcs));
    const down = (s.vpnConnections ?? []).map(
      (c) => (c.VgwTelemetry ?? []).filter((t) => t.Status === 'DOWN').length,
    );
    const share = (n: number) => down.filter((d) => d === n).length / down.length;
    expect(down.every((_, i) => s.vpnConnections![i]!.VgwTelemetry!.length === 2)).toBe(true);
    expect(share(0)).toBeGreaterThan(0.5);
    expect(share(1)).toBeGreaterThan(0);
    expect(share(2)).toBeGreaterThan(0);
    expect(share(2)).toBeLessThan(share(1));
    const vifs = s.virtualInterfaces ?? [];
    const up = vifs.filter(
      (v) => v.virtualInterfaceState === 'available' && v.bgpPeers!.every((p) => p.bgpStatus === 'up'),
    );
    expect(up.length).toBeGreaterThan(vifs.length / 2);
    expect(up.length).toBeLessThan(vifs.length);
  });
});
