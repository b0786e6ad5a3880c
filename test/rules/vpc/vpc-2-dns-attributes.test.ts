import { vpcDnsAttributesDisabled as rule } from '../../../lambda/rules/vpc/vpc-2-dns-attributes';
import { NetworkBuilder, toIgw } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('VPC.2 VPC DNS attributes disabled', () => {
  /** vpc-1, optionally with a public subnet (default route to an attached IGW). */
  const build = (o: { dnsSupport?: boolean; dnsHostnames?: boolean; publicSubnet?: boolean } = {}) => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-1', dnsSupport: o.dnsSupport, dnsHostnames: o.dnsHostnames });
    const igw = net.internetGateway({ vpc });
    net.subnet({ vpc, id: 'subnet-priv' });
    if (o.publicSubnet) net.subnet({ vpc, id: 'subnet-pub', cidr: '10.0.2.0/24', routes: [toIgw(igw)] });
    return net;
  };
  const verdict = (net: NetworkBuilder) => resultFor(runRule(rule, net.snapshot()), 'vpc-1');

  it('fails when DNS resolution is disabled', () => {
    const result = verdict(build({ dnsSupport: false }));
    expect(result.status).toBe('FAILED');
    expect(result.message).toBe('vpc-1: enableDnsSupport is false');
  });

  it('fails when DNS hostnames are disabled in a VPC with a public subnet, naming it', () => {
    const result = verdict(build({ dnsHostnames: false, publicSubnet: true }));
    expect(result.status).toBe('FAILED');
    expect(result.message).toBe('vpc-1: enableDnsHostnames is false with public subnets subnet-pub');
  });

  it('passes when DNS hostnames are disabled in a VPC with only private subnets', () => {
    const result = verdict(build({ dnsHostnames: false }));
    expect(result.status).toBe('PASSED');
    expect(result.message).toBe('DNS resolution is enabled and the VPC has no public subnet');
  });

  it('passes when both attributes are enabled', () => {
    expect(verdict(build({ publicSubnet: true })).status).toBe('PASSED');
  });

  it('treats a subnet on a main route table with an IGW route as public', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-1', dnsHostnames: false });
    const igw = net.internetGateway({ vpc });
    net.addRoutes(net.mainRouteTable(vpc), toIgw(igw));
    net.subnet({ vpc, id: 'subnet-main' });
    expect(verdict(net).message).toContain('with public subnets subnet-main');
  });

  it('is NOT_EVALUATED, never PASSED, when DescribeVpcAttribute failed for that VPC', () => {
    const net = build();
    net.vpc({ id: 'vpc-2' });
    net.error({ api: 'DescribeVpcAttribute', code: 'AccessDenied', message: 'denied', vpcId: 'vpc-1' });
    const results = runRule(rule, net.snapshot());
    expect(resultFor(results, 'vpc-1').status).toBe('NOT_EVALUATED');
    expect(resultFor(results, 'vpc-1').message).toBe(
      'Not evaluated: vpcAttributes could not be collected for vpc-1 (DescribeVpcAttribute: AccessDenied)',
    );
    expect(resultFor(results, 'vpc-2').status).toBe('PASSED');
  });

  it('is NOT_EVALUATED when the snapshot has no attributes for the VPC', () => {
    const net = build();
    delete net.data.vpcAttributes['vpc-1'];
    const result = verdict(net);
    expect(result.status).toBe('NOT_EVALUATED');
    expect(result.message).toContain('no DNS attributes for vpc-1');
  });

  it('is NOT_EVALUATED when hostnames are off and the routing of that VPC is unknown', () => {
    const net = build({ dnsHostnames: false, publicSubnet: true });
    net.error({ api: 'DescribeRouteTables', code: 'Throttling', message: 'slow', vpcId: 'vpc-1' });
    const result = verdict(net);
    expect(result.status).toBe('NOT_EVALUATED');
    expect(result.message).toContain('routeTables could not be collected for vpc-1');
  });

  it('still fails on DNS resolution off when the routing is unknown', () => {
    const net = build({ dnsSupport: false });
    net.error({ api: 'DescribeRouteTables', code: 'Throttling', message: 'slow', vpcId: 'vpc-1' });
    expect(verdict(net).status).toBe('FAILED');
  });

  it('is NOT_EVALUATED for every VPC when DescribeVpcAttribute failed region-wide', () => {
    const net = build();
    net.error({ api: 'DescribeVpcAttribute', code: 'AccessDenied', message: 'denied' });
    expect(verdict(net).status).toBe('NOT_EVALUATED');
  });
});
