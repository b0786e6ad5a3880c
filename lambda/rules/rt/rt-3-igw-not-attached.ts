import { defineRule, failed, notEvaluated, passed } from '../../engine/rule';
import { describeRoute, routeTarget } from '../../engine/snapshot-index';
import { igwAttachmentProblem, notCollected } from './route-facts';
import { listSome } from '../text';

export const routeToDetachedInternetGateway = defineRule({
  id: 'RT.3',
  title: "Route targets an internet gateway that is not attached to the route table's VPC",
  description:
    'A route can only use an internet gateway attached to its own VPC. A route to a gateway that was ' +
    'detached, deleted, or is attached to another VPC sends nothing anywhere: the subnets using the table ' +
    'have no internet access even though the route table looks right at a glance.',
  severity: 'HIGH',
  resourceType: 'AwsEc2RouteTable',
  category: 'connectivity',
  requires: ['routeTables', 'internetGateways'],
  remediation: {
    text:
      'Point the route at the internet gateway attached to this VPC (`aws ec2 replace-route --gateway-id`), or ' +
      'attach the gateway to the VPC (`aws ec2 attach-internet-gateway`) if it is detached. A VPC can have only ' +
      'one internet gateway attached.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html',
  },
  references: [],
  evaluate(index) {
    return index.snapshot.routeTables.map((table) => {
      const id = table.RouteTableId!;
      const vpcId = table.VpcId!;
      const gap = notCollected(index, ['routeTables', 'internetGateways'], [vpcId]);
      if (gap) return notEvaluated(id, gap);
      const problems: string[] = [];
      for (const route of table.Routes ?? []) {
        const target = routeTarget(route);
        if (target.kind !== 'igw') continue;
        const problem = igwAttachmentProblem(index, target.id, vpcId);
        if (problem) problems.push(`${describeRoute(route)}: ${problem}`);
      }
      if (problems.length === 0) {
        return passed(id, `Every internet gateway route of ${id} targets a gateway attached to ${vpcId}`);
      }
      return failed(
        id,
        `${id} (${vpcId}) routes to an internet gateway it cannot use: ${listSome(problems)}`,
        {
          evidence: { routes: problems },
        },
      );
    });
  },
});
