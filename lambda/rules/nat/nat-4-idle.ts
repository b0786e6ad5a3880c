import { defineRule, failed, notEvaluated, passed } from '../../engine/rule';
import { describeRoute } from '../../engine/snapshot-index';
import { notCollected } from '../rt/route-facts';
import { listSome } from '../text';
import { natGatewayMonthlyCost } from './cost';

export const idleNatGateway = defineRule({
  id: 'NAT.4',
  title: 'Available NAT gateway is the target of no route',
  description:
    'A NAT gateway is billed by the hour whether or not it carries traffic. One that no route targets (or ' +
    'only routes in tables no subnet uses) serves nothing: it is left over from a migration or was never ' +
    'wired up, and the subnets meant to use it may have no egress.',
  severity: 'LOW',
  resourceType: 'AwsEc2NatGateway',
  category: 'cost',
  requires: ['natGateways', 'routeTables', 'subnets'],
  remediation: {
    text:
      'If the NAT gateway is not needed, delete it and release its Elastic IP. If it is, add a 0.0.0.0/0 route to ' +
      'it in the route table of the private subnets of its Availability Zone.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-working-with.html',
  },
  references: [],
  evaluate(index, config) {
    return index.snapshot.natGateways.map((nat) => {
      const id = nat.NatGatewayId!;
      if (nat.State !== 'available')
        return passed(id, `${id} is ${nat.State ?? 'unknown'}, not billed as idle`);
      const gap = notCollected(index, ['routeTables', 'subnets'], [nat.VpcId]);
      if (gap) return notEvaluated(id, gap);
      const routes = index.routesToNatGateway(id);
      const cost = natGatewayMonthlyCost(config, index.region);
      if (routes.length === 0) {
        return failed(id, `${id} is available but no route targets it; it ${cost}`, {
          evidence: { monthlyCost: cost },
        });
      }
      const serving = routes.filter(({ table }) => index.subnetsRoutedBy(table).length > 0);
      if (serving.length > 0) {
        const used = serving.map(({ table, route }) => `${table.RouteTableId}: ${describeRoute(route)}`);
        return passed(id, `${id} is the target of ${listSome(used)}`);
      }
      const unused = routes.map(({ table, route }) => `${table.RouteTableId}: ${describeRoute(route)}`);
      return failed(
        id,
        `${id} is available but only route tables used by no subnet target it (${listSome(unused)}); it ${cost}`,
        { evidence: { monthlyCost: cost, routes: unused } },
      );
    });
  },
});
