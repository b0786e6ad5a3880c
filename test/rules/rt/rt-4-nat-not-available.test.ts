import { routeToUnavailableNatGateway as rule } from '../../../lambda/rules/rt/rt-4-nat-not-available';
import { NetworkBuilder, toNat } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('RT.4 route to a NAT gateway that is not available', () => {
  const build = (state?: string) => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const pub = net.subnet({ vpc, cidr: '10.0.0.0/24' });
    const nat = net.natGateway({ subnet: pub, id: 'nat-1', ...(state ? { state } : {}) });
    net.routeTable({ vpc, id: 'rtb-private', routes: [toNat(nat)] });
    return net;
  };

  it.each(['pending', 'failed', 'deleting', 'deleted'])(
    'fails on a route to a NAT gateway in state %s',
    (state) => {
      const result = resultFor(runRule(rule, build(state).snapshot()), 'rtb-private');
      expect(result.status).toBe('FAILED');
      expect(result.message).toContain(`0.0.0.0/0 -> nat-1 (active): nat-1 is ${state}`);
    },
  );

  it('fails on a route to a NAT gateway that no longer exists', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    net.routeTable({ vpc, id: 'rtb-private', routes: [toNat({ NatGatewayId: 'nat-vanished' })] });
    expect(resultFor(runRule(rule, net.snapshot()), 'rtb-private').message).toContain(
      'nat-vanished is gone (not found)',
    );
  });

  it('passes on a route to an available NAT gateway', () => {
    expect(resultFor(runRule(rule, build().snapshot()), 'rtb-private').status).toBe('PASSED');
  });

  it('is NOT_EVALUATED when NAT gateways could not be collected for the VPC', () => {
    const net = build();
    net.error({ api: 'DescribeNatGateways', code: 'AccessDenied', message: 'denied', vpcId: 'vpc-1' });
    expect(resultFor(runRule(rule, net.snapshot()), 'rtb-private').status).toBe('NOT_EVALUATED');
  });
});
