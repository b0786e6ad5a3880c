import { defineRule, failed, notEvaluated, passed } from '../../engine/rule';
import { describeRoute, isDefaultRoute } from '../../engine/snapshot-index';
import { notCollected } from './route-facts';

export const defaultRouteToPeering = defineRule({
  id: 'RT.9',
  title: 'Default route targets a VPC peering connection',
  description:
    'VPC peering carries traffic only between the two VPCs: AWS does not support edge-to-edge routing, so ' +
    'a packet for the internet sent through a peering is dropped even when the peer VPC has an internet or ' +
    'NAT gateway. A 0.0.0.0/0 or ::/0 route to a pcx- looks like shared egress and gives the subnets using ' +
    'the table no internet access at all.',
  severity: 'HIGH',
  resourceType: 'AwsEc2RouteTable',
  category: 'connectivity',
  requires: ['routeTables'],
  remediation: {
    text:
      "Route the peer VPC's CIDRs (not 0.0.0.0/0 or ::/0) to the peering, and give this VPC its own way out: " +
      'a NAT gateway, or a transit gateway whose route tables send 0.0.0.0/0 to a central egress VPC.',
    url: 'https://docs.aws.amazon.com/vpc/latest/peering/invalid-peering-configurations.html',
  },
  references: [],
  evaluate(index) {
    return index.snapshot.routeTables.map((table) => {
      const id = table.RouteTableId!;
      const gap = notCollected(index, ['routeTables'], [table.VpcId]);
      if (gap) return notEvaluated(id, gap);
      const routes = (table.Routes ?? [])
        .filter((r) => isDefaultRoute(r) && r.VpcPeeringConnectionId)
        .map(describeRoute);
      if (routes.length === 0) return passed(id, `${id} sends no default route to a VPC peering connection`);
      return failed(
        id,
        `${id} sends internet traffic to a VPC peering connection, which never carries it (no edge-to-edge routing): ${routes.join(', ')}`,
        { evidence: { routes } },
      );
    });
  },
});
