import { defineRule, failed, notEvaluated, passed } from '../../engine/rule';
import { internetRouteGap, notCollected, tableOfSubnetLabel } from '../rt/route-facts';
import { isLiveNat, isPublicNat, isRegionalNat, natState } from './nat-facts';

export const publicNatInPrivateSubnet = defineRule({
  id: 'NAT.3',
  title: 'Public NAT gateway sits in a subnet without a route to an internet gateway',
  description:
    'A public NAT gateway forwards traffic through the internet gateway of its own subnet. Placed in a ' +
    'private subnet (whose route table, or the VPC main table it falls back to, has no working 0.0.0.0/0 ' +
    'route to an attached internet gateway), its traffic goes nowhere and every subnet routed through it ' +
    'has no internet egress.',
  severity: 'HIGH',
  resourceType: 'AwsEc2NatGateway',
  category: 'connectivity',
  requires: ['natGateways', 'subnets', 'routeTables', 'internetGateways'],
  remediation: {
    text:
      'Create the NAT gateway in a public subnet (one whose route table sends 0.0.0.0/0 to the attached internet ' +
      'gateway) and move the private routes to it, or add that route to the table of the subnet the NAT ' +
      'gateway is in if the subnet is meant to be public.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-scenarios.html',
  },
  references: [],
  evaluate(index) {
    return index.snapshot.natGateways.map((nat) => {
      const id = nat.NatGatewayId!;
      if (!isPublicNat(nat))
        return passed(id, `${id} is a private NAT gateway and needs no internet gateway`);
      if (!isLiveNat(nat)) return passed(id, `${id} is ${natState(nat)}; its placement no longer matters`);
      const gap = notCollected(index, ['subnets', 'routeTables', 'internetGateways'], [nat.VpcId]);
      if (gap) return notEvaluated(id, gap);
      if (isRegionalNat(nat)) {
        // A regional NAT gateway sits in no subnet: it needs an internet gateway on its VPC.
        const igws = nat.VpcId ? index.internetGatewaysOfVpc(nat.VpcId) : [];
        return igws.length > 0
          ? passed(
              id,
              `${id} is regional and ${nat.VpcId} has the attached internet gateway ${igws[0]!.InternetGatewayId}`,
            )
          : failed(
              id,
              `${id} is a regional public NAT gateway but ${nat.VpcId} has no attached internet gateway`,
            );
      }
      const subnetId = nat.SubnetId;
      if (!subnetId || !index.subnets.has(subnetId)) {
        return notEvaluated(
          id,
          `Not evaluated: the subnet ${subnetId ?? '(none)'} of ${id} is not in the snapshot`,
        );
      }
      const table = index.routeTableOf(subnetId);
      if (!table) return failed(id, `${id} is in ${subnetId}, which has no route table`);
      const label = tableOfSubnetLabel(index, subnetId, table);
      const problem = internetRouteGap(index, table);
      if (!problem)
        return passed(
          id,
          `${id} is in ${subnetId}, whose route table ${label} reaches an attached internet gateway`,
        );
      return failed(
        id,
        `${id} is in ${subnetId}, whose route table ${label} ${problem}: its traffic goes nowhere`,
        {
          evidence: {
            subnetId,
            routeTableId: table.RouteTableId!,
            mainRouteTableFallback: index.usesMainRouteTable(subnetId),
          },
        },
      );
    });
  },
});
