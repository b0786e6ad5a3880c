import { publicNatWithoutElasticIp as rule } from '../../../lambda/rules/nat/nat-1-no-elastic-ip';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('NAT.1 public NAT gateway without an Elastic IP', () => {
  const build = (
    o: Parameters<NetworkBuilder['natGateway']>[0] extends infer T ? Omit<T, 'subnet'> : never,
  ) => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const subnet = net.subnet({ vpc });
    net.natGateway({ subnet, id: 'nat-1', ...o });
    return net;
  };

  it('fails on an available public NAT gateway with no public IP', () => {
    const result = resultFor(runRule(rule, build({ publicIp: null }).snapshot()), 'nat-1');
    expect(result.status).toBe('FAILED');
    expect(result.message).toBe('nat-1 is a public NAT gateway (available) with no public IP address');
  });

  it('names an allocation whose association failed', () => {
    const net = build({ publicIp: null });
    net.data.natGateways[0]!.NatGatewayAddresses = [
      { AllocationId: 'eipalloc-9', PrivateIp: '10.0.1.5', Status: 'failed', FailureMessage: 'EIP in use' },
    ];
    expect(resultFor(runRule(rule, net.snapshot()), 'nat-1').message).toContain(
      'allocations without a public IP: eipalloc-9 (failed: EIP in use)',
    );
  });

  it('treats a NAT gateway without ConnectivityType as public (created before the field existed)', () => {
    const net = build({ publicIp: null });
    delete net.data.natGateways[0]!.ConnectivityType;
    expect(resultFor(runRule(rule, net.snapshot()), 'nat-1').status).toBe('FAILED');
  });

  it('passes a public NAT gateway with its Elastic IP, and a private NAT gateway without one', () => {
    expect(resultFor(runRule(rule, build({}).snapshot()), 'nat-1').message).toContain('198.51.100.1');
    const result = resultFor(runRule(rule, build({ connectivity: 'private' }).snapshot()), 'nat-1');
    expect(result.status).toBe('PASSED');
    expect(result.message).toContain('private NAT gateway');
  });

  it.each(['failed', 'deleting', 'deleted'])('leaves a %s NAT gateway to NAT.2', (state) => {
    expect(resultFor(runRule(rule, build({ state, publicIp: null }).snapshot()), 'nat-1').status).toBe(
      'PASSED',
    );
  });

  it('is NOT_EVALUATED when NAT gateways could not be collected', () => {
    const net = build({});
    net.error({ api: 'DescribeNatGateways', code: 'AccessDenied', message: 'denied' });
    expect(runRule(rule, net.snapshot()).map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });
});
