import { elasticIpOnStoppedInstance as rule } from '../../../lambda/rules/nat/eip-2-stopped-instance';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('EIP.2 Elastic IP associated with a stopped instance', () => {
  const build = (state: 'running' | 'stopped') => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const subnet = net.subnet({ vpc });
    const { eni } = net.instance({ subnet, id: 'i-app', state });
    return { net, subnet, eni };
  };

  it('fails an address on a stopped instance, with its monthly cost', () => {
    const { net } = build('stopped');
    net.address({ allocationId: 'eipalloc-1', publicIp: '203.0.113.5', instanceId: 'i-app' });
    const result = resultFor(runRule(rule, net.snapshot()), 'eipalloc-1');
    expect(result.status).toBe('FAILED');
    expect(result.message).toBe(
      'Elastic IP 203.0.113.5 (eipalloc-1) is associated with the stopped instance i-app; it costs about US$3.65 a month',
    );
  });

  it("fails an address on a stopped instance's interface (no InstanceId on the address)", () => {
    const { net, eni } = build('stopped');
    net.address({ allocationId: 'eipalloc-1', networkInterfaceId: eni.NetworkInterfaceId! });
    const result = resultFor(runRule(rule, net.snapshot()), 'eipalloc-1');
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain(`stopped instance i-app through ${eni.NetworkInterfaceId}`);
  });

  it('passes an address on a running instance, on an interface without instance, and an unassociated one', () => {
    const { net, subnet } = build('running');
    const loose = net.networkInterface({ subnet, id: 'eni-loose' });
    net.address({ allocationId: 'eipalloc-run', instanceId: 'i-app' });
    net.address({ allocationId: 'eipalloc-eni', networkInterfaceId: loose.NetworkInterfaceId! });
    net.address({ allocationId: 'eipalloc-idle' });
    const results = runRule(rule, net.snapshot());
    expect(results.every((r) => r.status === 'PASSED')).toBe(true);
    expect(resultFor(results, 'eipalloc-eni').message).toContain(
      'eni-loose, which is attached to no instance',
    );
  });

  it('is NOT_EVALUATED when the instance is not in the snapshot', () => {
    const net = new NetworkBuilder();
    net.address({ allocationId: 'eipalloc-1', instanceId: 'i-elsewhere' });
    const result = resultFor(runRule(rule, net.snapshot()), 'eipalloc-1');
    expect(result.status).toBe('NOT_EVALUATED');
    expect(result.message).toContain('i-elsewhere');
  });

  it('is NOT_EVALUATED when instances could not be collected', () => {
    const { net } = build('stopped');
    net.address({ allocationId: 'eipalloc-1', instanceId: 'i-app' });
    net.error({ api: 'DescribeInstances', code: 'AccessDenied', message: 'denied' });
    expect(resultFor(runRule(rule, net.snapshot()), 'eipalloc-1').status).toBe('NOT_EVALUATED');
  });
});
