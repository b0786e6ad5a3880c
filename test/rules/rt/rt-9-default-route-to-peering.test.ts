import { defaultRouteToPeering as rule } from '../../../lambda/rules/rt/rt-9-default-route-to-peering';
import { NetworkBuilder, toIgw, toPeering } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('RT.9 default route through a VPC peering connection', () => {
  function peeredVpcs() {
    const net = new NetworkBuilder();
    const app = net.vpc({ id: 'vpc-app', cidr: '10.0.0.0/16' });
    const egress = net.vpc({ id: 'vpc-egress', cidr: '10.1.0.0/16' });
    net.internetGateway({ vpc: egress });
    const pcx = net.peering({ requester: app, accepter: egress, id: 'pcx-1' });
    return { net, app, pcx };
  }

  it('fails on 0.0.0.0/0 and ::/0 to a peering, naming the routes, even when the peer has an internet gateway', () => {
    const { net, app, pcx } = peeredVpcs();
    net.routeTable({
      vpc: app,
      id: 'rtb-app',
      routes: [toPeering(pcx, '0.0.0.0/0'), toPeering(pcx, '::/0')],
    });
    const result = resultFor(runRule(rule, net.snapshot()), 'rtb-app');
    expect(result.status).toBe('FAILED');
    expect(result.severity).toBe('HIGH');
    expect(result.evidence?.routes).toEqual(['0.0.0.0/0 -> pcx-1 (active)', '::/0 -> pcx-1 (active)']);
  });

  it("passes a peering route to the peer's CIDR and a default route to an internet gateway", () => {
    const { net, app, pcx } = peeredVpcs();
    const igw = net.internetGateway({ vpc: app });
    net.routeTable({ vpc: app, id: 'rtb-app', routes: [toPeering(pcx, '10.1.0.0/16'), toIgw(igw)] });
    expect(resultFor(runRule(rule, net.snapshot()), 'rtb-app').status).toBe('PASSED');
  });

  it('is NOT_EVALUATED when the route tables could not be collected', () => {
    const { net } = peeredVpcs();
    net.error({ api: 'DescribeRouteTables', code: 'AccessDenied', message: 'denied' });
    expect(runRule(rule, net.snapshot()).every((r) => r.status === 'NOT_EVALUATED')).toBe(true);
  });
});
