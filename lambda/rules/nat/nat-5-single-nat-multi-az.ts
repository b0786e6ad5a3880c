import type { Subnet } from '@aws-sdk/client-ec2';
import { defineRule, failed, notEvaluated, passed } from '../../engine/rule';
import type { SnapshotIndex } from '../../engine/snapshot-index';
import { notCollected } from '../rt/route-facts';
import { listSome } from '../text';
import { isRegionalNat } from './nat-facts';

/** Subnets whose IPv4 default route (explicit table or main-table fallback) targets each NAT gateway. */
function dependents(index: SnapshotIndex): Map<string, Subnet[]> {
  const out = new Map<string, Subnet[]>();
  for (const subnet of index.snapshot.subnets) {
    const table = index.routeTableOf(subnet.SubnetId!);
    const natId = table ? index.defaultRouteOf(table)?.NatGatewayId : undefined;
    if (!natId) continue;
    out.set(natId, [...(out.get(natId) ?? []), subnet]);
  }
  return out;
}

export const singleNatForManyZones = defineRule({
  id: 'NAT.5',
  title: 'Private subnets in several Availability Zones depend on one NAT gateway',
  description:
    'A NAT gateway is redundant only within its own Availability Zone. When private subnets in two or more ' +
    'zones send their default route to the same NAT gateway, an outage of that one zone takes internet ' +
    'egress down for all of them, and the other zones pay cross-AZ data transfer every day.',
  severity: 'LOW',
  resourceType: 'AwsEc2NatGateway',
  category: 'connectivity',
  requires: ['natGateways', 'subnets', 'routeTables'],
  remediation: {
    text:
      'Create one NAT gateway per Availability Zone, and give each zone its own private route table whose ' +
      '0.0.0.0/0 route targets the NAT gateway in the same zone.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html',
  },
  references: [],
  evaluate(index) {
    const byNat = dependents(index);
    return index.snapshot.natGateways.map((nat) => {
      const id = nat.NatGatewayId!;
      const gap = notCollected(index, ['subnets', 'routeTables'], [nat.VpcId]);
      if (gap) return notEvaluated(id, gap);
      const subnets = byNat.get(id) ?? [];
      if (isRegionalNat(nat)) {
        return passed(id, `${id} is a regional NAT gateway: it serves each zone from that zone`);
      }
      const zones = new Map<string, string[]>();
      for (const s of subnets) {
        const zone = s.AvailabilityZone ?? s.AvailabilityZoneId ?? '?';
        zones.set(zone, [...(zones.get(zone) ?? []), s.SubnetId!]);
      }
      if (zones.size < 2) {
        const where = zones.size === 1 ? ` (all in ${[...zones.keys()][0]})` : '';
        return passed(id, `${id} serves ${subnets.length} subnet(s) in fewer than two zones${where}`);
      }
      const home = nat.SubnetId ? index.subnets.get(nat.SubnetId)?.AvailabilityZone : undefined;
      const list = [...zones.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([zone, ids]) => `${zone} (${listSome(ids.sort(), 3)})`);
      return failed(
        id,
        `${id}${home ? ` in ${home}` : ''} is the only egress for private subnets in ${zones.size} zones: ${list.join(', ')}`,
        { evidence: { zones: [...zones.keys()].sort(), subnets: subnets.map((s) => s.SubnetId!).sort() } },
      );
    });
  },
});
