import { detachedInternetGateway as rule } from '../../../lambda/rules/nat/igw-1-detached';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('IGW.1 internet gateway attached to no VPC', () => {
  it('fails a gateway with no attachment', () => {
    const net = new NetworkBuilder();
    net.internetGateway({ id: 'igw-loose' });
    const result = resultFor(runRule(rule, net.snapshot()), 'igw-loose');
    expect(result.status).toBe('FAILED');
    expect(result.resourceType).toBe('AwsEc2InternetGateway');
    expect(result.message).toBe('igw-loose is attached to no VPC');
  });

  it('fails a gateway whose only attachment is detached, naming it', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-old' });
    net.internetGateway({ vpc, id: 'igw-1', state: 'detached' });
    expect(resultFor(runRule(rule, net.snapshot()), 'igw-1').message).toBe(
      'igw-1 is attached to no VPC (attachments: vpc-old (detached))',
    );
  });

  it.each(['available', 'attached', 'attaching'])('passes a gateway whose attachment is %s', (state) => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-1' });
    net.internetGateway({ vpc, id: 'igw-1', state });
    const result = resultFor(runRule(rule, net.snapshot()), 'igw-1');
    expect(result.status).toBe('PASSED');
    expect(result.message).toBe(`igw-1 is attached to vpc-1 (${state})`);
  });

  it('is NOT_EVALUATED when internet gateways could not be collected', () => {
    const net = new NetworkBuilder();
    net.error({ api: 'DescribeInternetGateways', code: 'AccessDenied', message: 'denied' });
    expect(runRule(rule, net.snapshot()).map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });
});
