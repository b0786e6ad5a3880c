import { defineRule, failed, notEvaluated, passed } from '../../engine/rule';
import { describeRoute, isDefaultRoute, routeTarget } from '../../engine/snapshot-index';
import { isMainTable, notCollected } from './route-facts';
import { listSome } from '../text';

export const mainTableRoutesToInternet = defineRule({
  id: 'RT.7',
  title: "VPC's main route table has a default route to an internet gateway",
  description:
    'Every subnet without an explicit route table association uses the main route table. When that table ' +
    'sends 0.0.0.0/0 or ::/0 to an internet gateway, every new subnet is silently public: an instance ' +
    'launched with a public IP there is reachable from the internet as soon as a security group allows it.',
  severity: 'MEDIUM',
  resourceType: 'AwsEc2RouteTable',
  category: 'exposure',
  requires: ['routeTables', 'subnets'],
  remediation: {
    text:
      'Keep the main route table private (local routes, or a default route to a NAT gateway). Create a ' +
      'separate public route table with the internet gateway route and associate it explicitly with the ' +
      'public subnets, then remove the internet gateway route from the main table.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html',
  },
  references: [],
  evaluate(index) {
    return index.snapshot.routeTables.map((table) => {
      const id = table.RouteTableId!;
      // Reporting non-main tables as passing resolves the finding when the main table is switched.
      if (!isMainTable(table)) return passed(id, `${id} is not the main route table of ${table.VpcId}`);
      const gap = notCollected(index, ['routeTables', 'subnets'], [table.VpcId]);
      if (gap) return notEvaluated(id, gap);
      // A blackhole route carries nothing, so it makes no subnet public (RT.1 reports it).
      const open = (table.Routes ?? []).filter(
        (r) => isDefaultRoute(r) && r.State !== 'blackhole' && routeTarget(r).kind === 'igw',
      );
      if (open.length === 0) {
        return passed(
          id,
          `${id}, the main route table of ${table.VpcId}, has no default route to an internet gateway`,
        );
      }
      const implicit = index
        .subnetsRoutedBy(table)
        .filter((s) => index.usesMainRouteTable(s.SubnetId!))
        .map((s) => s.SubnetId!);
      const who =
        implicit.length > 0
          ? `${implicit.length} subnet(s) use it implicitly: ${listSome(implicit)}`
          : 'no subnet uses it implicitly yet, but every new subnet will';
      const routes = open.map(describeRoute);
      return failed(
        id,
        `${id}, the main route table of ${table.VpcId}, routes ${routes.join(', ')}; ${who}`,
        {
          evidence: { routes, implicitSubnets: implicit },
        },
      );
    });
  },
});
