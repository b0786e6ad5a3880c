import { failedOrDeletedNatStillRouted as rule } from '../../../lambda/rules/nat/nat-2-failed-or-deleted';
import { blackhole, NetworkBuilder, toNat } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('NAT.2 NAT gateway failed, or deleted while still routed', () => {
  const build = (state: string, routed = true) => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const subnet = net.subnet({ vpc, cidr: '10.0.0.0/24' });
    const nat = net.natGateway({ subnet, id: 'nat-1', state });
    if (routed) net.routeTable({ vpc, id: 'rtb-private', routes: [blackhole(toNat(nat))] });
    return net;
  };

  it('fails a deleted NAT gateway that routes still point to, naming each route', () => {
    // The incident: the NAT gateway was deleted and the private subnets silently lost egress.
    const result = resultFor(runRule(rule, build('deleted').snapshot()), 'nat-1');
    expect(result.status).toBe('FAILED');
    expect(result.message).toBe(
      'nat-1 is deleted; routes still pointing to it: rtb-private: 0.0.0.0/0 -> nat-1 (blackhole)',
    );
  });

  it('fails a deleting NAT gateway that routes still point to', () => {
    expect(resultFor(runRule(rule, build('deleting').snapshot()), 'nat-1').status).toBe('FAILED');
  });

  it('fails a failed NAT gateway with its failure code and message, routed or not', () => {
    const net = build('failed', false);
    Object.assign(net.data.natGateways[0]!, {
      FailureCode: 'InvalidAllocationID.NotFound',
      FailureMessage: "Elastic IP address 'eipalloc-1' could not be associated with this NAT gateway",
    });
    const result = resultFor(runRule(rule, net.snapshot()), 'nat-1');
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('nat-1 is failed (InvalidAllocationID.NotFound: Elastic IP address');
  });

  it('passes a deleted NAT gateway no route points to, and an available or pending one', () => {
    expect(resultFor(runRule(rule, build('deleted', false).snapshot()), 'nat-1').message).toBe(
      'nat-1 is deleted and no route points to it',
    );
    expect(resultFor(runRule(rule, build('available').snapshot()), 'nat-1').status).toBe('PASSED');
    expect(resultFor(runRule(rule, build('pending').snapshot()), 'nat-1').status).toBe('PASSED');
  });

  it('is NOT_EVALUATED for a deleted NAT gateway when the VPC route tables could not be collected', () => {
    const net = build('deleted', false);
    net.error({ api: 'DescribeRouteTables', code: 'AccessDenied', message: 'denied', vpcId: 'vpc-1' });
    expect(resultFor(runRule(rule, net.snapshot()), 'nat-1').status).toBe('NOT_EVALUATED');
  });
});
