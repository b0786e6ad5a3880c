import type { Subnet } from '@aws-sdk/client-ec2';
import { defineRule, failed, notEvaluated, passed, type Outcome } from '../../engine/rule';
import { describeRoute, type SnapshotIndex } from '../../engine/snapshot-index';
import { isRegionalNat } from '../nat/nat-facts';
import { notCollected, tableOfSubnetLabel } from './route-facts';

/** Zone ids (use1-az1) name the same physical zone in every account; names are the fallback. */
function zoneOf(subnet: Subnet): string | undefined {
  return subnet.AvailabilityZone ?? subnet.AvailabilityZoneId;
}

function sameZone(a: Subnet, b: Subnet): boolean {
  if (a.AvailabilityZoneId && b.AvailabilityZoneId) return a.AvailabilityZoneId === b.AvailabilityZoneId;
  return zoneOf(a) === zoneOf(b);
}

function judge(index: SnapshotIndex, subnet: Subnet): Outcome {
  const id = subnet.SubnetId!;
  const gap = notCollected(index, ['routeTables', 'natGateways'], [subnet.VpcId]);
  if (gap) return notEvaluated(id, gap);
  const table = index.routeTableOf(id);
  const route = table ? index.defaultRouteOf(table) : undefined;
  const natId = route?.NatGatewayId;
  if (!table || !route || !natId) return passed(id, `${id}'s default route does not go to a NAT gateway`);
  const nat = index.natGateways.get(natId);
  // A regional NAT gateway has a presence in every zone it serves, so there is no cross-zone hop.
  if (nat && isRegionalNat(nat)) {
    return passed(id, `${id}'s default route goes to ${natId}, a regional NAT gateway present in every zone`);
  }
  const natSubnet = nat?.SubnetId ? index.subnets.get(nat.SubnetId) : undefined;
  if (!nat || !natSubnet) {
    // The NAT gateway is gone (RT.4 reports the broken route): there is no zone to compare.
    return passed(id, `${id}'s default route targets ${natId}, which is not in the snapshot (see RT.4)`);
  }
  if (sameZone(subnet, natSubnet)) {
    return passed(id, `${id} and its NAT gateway ${natId} are both in ${zoneOf(subnet)}`);
  }
  return failed(
    id,
    `${id} in ${zoneOf(subnet)} sends its default route ${describeRoute(route)} (route table ` +
      `${tableOfSubnetLabel(index, id, table)}) to ${natId} in ${zoneOf(natSubnet)} (${natSubnet.SubnetId}): ` +
      `cross-AZ data charges, and an outage of ${zoneOf(natSubnet)} takes this subnet's egress down`,
    {
      evidence: {
        natGatewayId: natId,
        subnetZone: zoneOf(subnet) ?? '?',
        natZone: zoneOf(natSubnet) ?? '?',
        routeTableId: table.RouteTableId!,
      },
    },
  );
}

export const crossZoneNatRoute = defineRule({
  id: 'RT.8',
  title: "Subnet's default route goes to a NAT gateway in another Availability Zone",
  description:
    'A NAT gateway lives in one Availability Zone. Subnets in other zones that route through it pay ' +
    'cross-AZ data transfer on every byte and lose internet egress when that zone fails, which defeats ' +
    'the point of spreading the workload across zones.',
  severity: 'LOW',
  resourceType: 'AwsEc2Subnet',
  category: 'cost',
  requires: ['subnets', 'routeTables', 'natGateways'],
  remediation: {
    text:
      "Create a NAT gateway in each Availability Zone and give each zone's private subnets a route table whose " +
      '0.0.0.0/0 route targets the NAT gateway of the same zone.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html',
  },
  references: [],
  evaluate(index) {
    return index.snapshot.subnets.map((subnet) => judge(index, subnet));
  },
});
