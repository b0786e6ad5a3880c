import { subnetAssignsPublicIp as rule } from '../../../lambda/rules/vpc/vpc-3-public-ip-on-launch';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('VPC.3 subnet assigns public IPv4 addresses on launch', () => {
  const build = () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-1', bare: true });
    net.subnet({ vpc, id: 'subnet-auto', mapPublicIp: true });
    net.subnet({ vpc, id: 'subnet-off', cidr: '10.0.2.0/24' });
    return net;
  };

  it('fails on a subnet that maps public IPs on launch, naming it', () => {
    const result = resultFor(runRule(rule, build().snapshot()), 'subnet-auto');
    expect(result.status).toBe('FAILED');
    expect(result.resourceType).toBe('AwsEc2Subnet');
    expect(result.message).toBe(
      'subnet-auto (10.0.1.0/24, vpc-1, us-east-1a) assigns a public IPv4 address to every instance launched in it',
    );
    expect(result.references).toEqual(['FSBP EC2.15']);
  });

  it('passes on a subnet that does not', () => {
    expect(resultFor(runRule(rule, build().snapshot()), 'subnet-off').status).toBe('PASSED');
  });

  it('is NOT_EVALUATED when subnets could not be collected', () => {
    const net = build();
    net.error({ api: 'DescribeSubnets', code: 'AccessDenied', message: 'denied' });
    expect(runRule(rule, net.snapshot()).map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });
});
