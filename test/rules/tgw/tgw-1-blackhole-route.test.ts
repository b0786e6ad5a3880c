import { transitGatewayBlackholeRoute as rule } from '../../../lambda/rules/tgw/tgw-1-blackhole-route';
import { tgwRoute, tgwRouteTable } from '../../support/hybrid';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('TGW.1 transit gateway route table blackhole route', () => {
  it('fails a table with a blackhole route, naming it', () => {
    const s = new NetworkBuilder().snapshot();
    tgwRouteTable(s, {
      id: 'tgw-rtb-1',
      routes: [
        tgwRoute('10.1.0.0/16', 'tgw-attach-a'),
        tgwRoute('10.2.0.0/16', undefined, { state: 'blackhole', type: 'static' }),
      ],
    });
    const result = resultFor(runRule(rule, s), 'tgw-rtb-1');
    expect(result.status).toBe('FAILED');
    expect(result.resourceType).toBe('AwsEc2TransitGatewayRouteTable');
    expect(result.message).toBe('tgw-rtb-1 has 1 blackhole route(s): 10.2.0.0/16 (static)');
  });

  it('passes a table whose routes are all active', () => {
    const s = new NetworkBuilder().snapshot();
    tgwRouteTable(s, { id: 'tgw-rtb-1', routes: [tgwRoute('10.1.0.0/16', 'tgw-attach-a')] });
    expect(resultFor(runRule(rule, s), 'tgw-rtb-1').status).toBe('PASSED');
  });

  it('is NOT_EVALUATED when the route tables were not collected', () => {
    const s = new NetworkBuilder().snapshot();
    delete s.transitGatewayRouteTables;
    expect(runRule(rule, s).map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });

  it('is NOT_EVALUATED, for the whole account, when searching the routes failed', () => {
    const net = new NetworkBuilder();
    net.error({ api: 'SearchTransitGatewayRoutes', code: 'Throttling', message: 'rate exceeded' });
    const s = net.snapshot();
    tgwRouteTable(s, { id: 'tgw-rtb-1' });
    expect(runRule(rule, s).map((r) => [r.resourceId, r.status])).toEqual([
      ['123456789012', 'NOT_EVALUATED'],
    ]);
  });
});
