import { unassociatedElasticIp as rule } from '../../../lambda/rules/nat/eip-1-unassociated';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('EIP.1 Elastic IP associated with nothing (Security Hub EC2.12)', () => {
  it('fails an unassociated Elastic IP, with its monthly cost and the FSBP reference', () => {
    const net = new NetworkBuilder();
    net.address({ allocationId: 'eipalloc-idle', publicIp: '203.0.113.50' });
    const result = resultFor(runRule(rule, net.snapshot()), 'eipalloc-idle');
    expect(result.status).toBe('FAILED');
    expect(result.resourceType).toBe('AwsEc2Eip');
    expect(result.message).toBe(
      'Elastic IP 203.0.113.50 (eipalloc-idle) is associated with no instance or network interface; it costs about US$3.65 a month',
    );
    expect(result.references).toEqual(['Security Hub EC2.12']);
  });

  it('passes an address associated with an instance or a network interface (e.g. a NAT gateway)', () => {
    const net = new NetworkBuilder();
    net.address({ allocationId: 'eipalloc-i', instanceId: 'i-1' });
    net.address({ allocationId: 'eipalloc-eni', networkInterfaceId: 'eni-nat' });
    const results = runRule(rule, net.snapshot());
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['eipalloc-eni', 'PASSED'],
      ['eipalloc-i', 'PASSED'],
    ]);
  });

  it('reports an address without an allocation id by its public IP', () => {
    const net = new NetworkBuilder();
    const address = net.address({ publicIp: '198.51.100.77' });
    delete address.AllocationId;
    expect(resultFor(runRule(rule, net.snapshot()), '198.51.100.77').status).toBe('FAILED');
  });

  it('is NOT_EVALUATED when addresses could not be collected', () => {
    const net = new NetworkBuilder();
    net.error({ api: 'DescribeAddresses', code: 'AccessDenied', message: 'denied' });
    expect(runRule(rule, net.snapshot()).map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });
});
