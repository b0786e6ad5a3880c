import { defineRule, failed, passed } from '../../engine/rule';
import { listSome } from '../text';

export const transitGatewayBlackholeRoute = defineRule({
  id: 'TGW.1',
  title: 'Transit gateway route table has a blackhole route',
  description:
    'A transit gateway route in state blackhole sends its destination to an attachment that was deleted, or ' +
    'is a static blackhole that was never removed. The transit gateway drops every packet that matches it, ' +
    'so every attachment associated with the table loses that destination.',
  severity: 'HIGH',
  resourceType: 'AwsEc2TransitGatewayRouteTable',
  category: 'connectivity',
  requires: ['transitGatewayRouteTables'],
  remediation: {
    text:
      'Replace each blackhole route with a static route to a working attachment ' +
      '(`aws ec2 replace-transit-gateway-route`), or delete it if the destination is no longer needed.',
    url: 'https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html',
  },
  references: [],
  evaluate(index) {
    return (index.snapshot.transitGatewayRouteTables ?? []).map((table) => {
      const id = table.TransitGatewayRouteTableId!;
      const dead = (table.Routes ?? []).filter((r) => r.State === 'blackhole');
      if (dead.length === 0) return passed(id, `${id} has no blackhole route`);
      const routes = dead.map(
        (r) => `${r.DestinationCidrBlock ?? r.PrefixListId ?? '?'} (${r.Type ?? 'route'})`,
      );
      return failed(id, `${id} has ${dead.length} blackhole route(s): ${listSome(routes)}`, {
        evidence: { routes, transitGatewayId: table.TransitGatewayId ?? '' },
      });
    });
  },
});
