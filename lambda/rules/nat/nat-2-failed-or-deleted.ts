import { defineRule, failed, notEvaluated, passed } from '../../engine/rule';
import { describeRoute } from '../../engine/snapshot-index';
import { notCollected } from '../rt/route-facts';
import { listSome } from '../text';
import { natState } from './nat-facts';

export const failedOrDeletedNatStillRouted = defineRule({
  id: 'NAT.2',
  title: 'NAT gateway failed, or is deleted while routes still point to it',
  description:
    'A NAT gateway in state failed never carried traffic; one that is deleting or deleted stops carrying ' +
    'it. Routes still pointing at it become blackholes: the private subnets behind them silently lose ' +
    'internet egress (the database that suddenly cannot reach the internet).',
  severity: 'HIGH',
  resourceType: 'AwsEc2NatGateway',
  category: 'connectivity',
  requires: ['natGateways', 'routeTables'],
  remediation: {
    text:
      'For a failed NAT gateway, read its FailureMessage, fix the cause (Elastic IP, subnet, limits) and create ' +
      'a new one. Point every route that targets the old gateway at an available NAT gateway in the same ' +
      'Availability Zone (`aws ec2 replace-route`), or delete the routes.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html',
  },
  references: [],
  evaluate(index) {
    return index.snapshot.natGateways.map((nat) => {
      const id = nat.NatGatewayId!;
      const state = natState(nat);
      const gone = state === 'deleting' || state === 'deleted';
      // Only a gone gateway's verdict depends on the routes; a failed one fails either way.
      const gap = notCollected(index, ['routeTables'], [nat.VpcId]);
      if (gap && gone) return notEvaluated(id, gap);
      const routes = index
        .routesToNatGateway(id)
        .map(({ table, route }) => `${table.RouteTableId}: ${describeRoute(route)}`);
      const routed = routes.length > 0 ? `; routes still pointing to it: ${listSome(routes)}` : '';
      if (state === 'failed') {
        const why = [nat.FailureCode, nat.FailureMessage].filter(Boolean).join(': ');
        return failed(id, `${id} is failed${why ? ` (${why})` : ''}${routed}`, {
          evidence: { state, routes },
        });
      }
      if (gone && routes.length > 0) {
        return failed(id, `${id} is ${state}${routed}`, { evidence: { state, routes } });
      }
      return passed(id, `${id} is ${state}${gone ? ' and no route points to it' : ''}`);
    });
  },
});
