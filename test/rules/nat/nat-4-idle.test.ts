import { idleNatGateway as rule } from '../../../lambda/rules/nat/nat-4-idle';
import { NetworkBuilder, toIgw, toNat } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('NAT.4 available NAT gateway that no route targets', () => {
  const build = () => {
    const net = new NetworkBuilder({ region: 'eu-west-1' });
    const vpc = net.vpc();
    const igw = net.internetGateway({ vpc });
    const pub = net.subnet({ vpc, cidr: '10.0.0.0/24', routes: [toIgw(igw)] });
    const nat = net.natGateway({ subnet: pub, id: 'nat-1' });
    return { net, vpc, nat };
  };

  it('fails an idle NAT gateway and states its monthly cost from the default price', () => {
    const result = resultFor(runRule(rule, build().net.snapshot()), 'nat-1');
    expect(result.status).toBe('FAILED');
    expect(result.message).toBe(
      'nat-1 is available but no route targets it; it costs about US$32.85 a month',
    );
  });

  it("uses the region's own price when the config has one", () => {
    const config = { costs: { regions: { 'eu-west-1': { natGatewayHourly: 0.048 } } } };
    expect(resultFor(runRule(rule, build().net.snapshot(), config), 'nat-1').message).toContain(
      'costs about US$35.04 a month',
    );
  });

  it('passes when a subnet route table targets it, directly or through the main table', () => {
    const explicit = build();
    explicit.net.subnet({ vpc: explicit.vpc, cidr: '10.0.1.0/24', routes: [toNat(explicit.nat)] });
    expect(resultFor(runRule(rule, explicit.net.snapshot()), 'nat-1').status).toBe('PASSED');

    const fallback = build();
    fallback.net.addRoutes(fallback.net.mainRouteTable(fallback.vpc), toNat(fallback.nat));
    fallback.net.subnet({ vpc: fallback.vpc, cidr: '10.0.1.0/24' });
    expect(resultFor(runRule(rule, fallback.net.snapshot()), 'nat-1').status).toBe('PASSED');
  });

  it('fails when only a route table that no subnet uses targets it', () => {
    const { net, vpc, nat } = build();
    net.routeTable({ vpc, id: 'rtb-orphan', routes: [toNat(nat)] });
    const result = resultFor(runRule(rule, net.snapshot()), 'nat-1');
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain(
      'only route tables used by no subnet target it (rtb-orphan: 0.0.0.0/0 -> nat-1',
    );
  });

  it('does not report a NAT gateway that is not available (NAT.2 and RT.4 cover those)', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    net.natGateway({ subnet: net.subnet({ vpc }), id: 'nat-1', state: 'pending' });
    expect(resultFor(runRule(rule, net.snapshot()), 'nat-1').status).toBe('PASSED');
  });

  it('is NOT_EVALUATED when route tables could not be collected', () => {
    const { net } = build();
    net.error({ api: 'DescribeRouteTables', code: 'AccessDenied', message: 'denied' });
    expect(resultFor(runRule(rule, net.snapshot()), 'nat-1').status).toBe('NOT_EVALUATED');
  });
});
