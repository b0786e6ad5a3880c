import { defineRule, failed, notEvaluated, passed } from '../../engine/rule';
import { describeRoute, routeTarget } from '../../engine/snapshot-index';
import { notCollected, targetKindName } from './route-facts';
import { listSome } from '../text';

export const blackholeRoute = defineRule({
  id: 'RT.1',
  title: 'Route table has a blackhole route',
  description:
    'A route in state blackhole points at a target that was deleted or detached (a NAT gateway, an ' +
    'instance, a network interface, a peering). AWS keeps the route and silently drops every packet that ' +
    'matches it, so the subnets using the table lose that destination, often their whole internet egress.',
  severity: 'HIGH',
  resourceType: 'AwsEc2RouteTable',
  category: 'connectivity',
  requires: ['routeTables'],
  remediation: {
    text:
      'Replace each blackhole route with one to a working target (e.g. `aws ec2 replace-route` to the new NAT ' +
      'gateway), or delete the route if the destination is no longer needed.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/WorkWithRouteTables.html',
  },
  references: [],
  evaluate(index) {
    return index.snapshot.routeTables.map((table) => {
      const id = table.RouteTableId!;
      const gap = notCollected(index, ['routeTables'], [table.VpcId]);
      if (gap) return notEvaluated(id, gap);
      const dead = (table.Routes ?? []).filter((r) => r.State === 'blackhole');
      if (dead.length === 0) return passed(id, `${id} has no blackhole route`);
      const routes = dead.map(describeRoute);
      const kinds = [...new Set(dead.map((r) => targetKindName(routeTarget(r).kind)))].join(', ');
      return failed(
        id,
        `${id} has ${dead.length} blackhole route(s) whose ${kinds} target is gone: ${listSome(routes)}`,
        { evidence: { routes } },
      );
    });
  },
});
