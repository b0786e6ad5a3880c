import { defineRule, failed, notEvaluated, passed } from '../../engine/rule';
import { describeRoute } from '../../engine/snapshot-index';
import { notCollected } from './route-facts';
import { listSome } from '../text';

export const routeToUnavailableNatGateway = defineRule({
  id: 'RT.4',
  title: 'Route targets a NAT gateway that is not available',
  description:
    'Traffic routed to a NAT gateway that is pending, failed, deleting or deleted (or no longer exists) is ' +
    'dropped: the private subnets using the table lose internet egress, e.g. a database that can no longer ' +
    'download patches or reach an external API.',
  severity: 'HIGH',
  resourceType: 'AwsEc2RouteTable',
  category: 'connectivity',
  requires: ['routeTables', 'natGateways'],
  remediation: {
    text:
      'Replace the route with one to an available NAT gateway in the same Availability Zone ' +
      '(`aws ec2 replace-route --nat-gateway-id`). If the NAT gateway failed, read its FailureMessage, fix the ' +
      'cause (often the Elastic IP or a subnet without an internet route) and create a new one.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html',
  },
  references: [],
  evaluate(index) {
    return index.snapshot.routeTables.map((table) => {
      const id = table.RouteTableId!;
      const gap = notCollected(index, ['routeTables', 'natGateways'], [table.VpcId]);
      if (gap) return notEvaluated(id, gap);
      const problems: string[] = [];
      for (const route of table.Routes ?? []) {
        const natId = route.NatGatewayId;
        if (!natId) continue;
        const nat = index.natGateways.get(natId);
        // DescribeNatGateways forgets deleted gateways after about an hour: unknown means gone.
        const state = nat ? (nat.State ?? 'unknown') : 'gone (not found)';
        if (state !== 'available') problems.push(`${describeRoute(route)}: ${natId} is ${state}`);
      }
      if (problems.length === 0)
        return passed(id, `Every NAT gateway route of ${id} targets an available gateway`);
      return failed(id, `${id} routes to a NAT gateway that is not available: ${listSome(problems)}`, {
        evidence: { routes: problems },
      });
    });
  },
});
