import { endpointRejectsVpcHttps } from '../../../lambda/rules/vpce/vpce-1-https-from-vpc';
import { privateDnsWithoutVpcDns } from '../../../lambda/rules/vpce/vpce-2-private-dns-without-vpc-dns';
import { NetworkBuilder } from '../../support/network-builder';
import { tcp } from '../../support/permissions';
import type { IpPermission } from '@aws-sdk/client-ec2';
import { resultFor, runRule } from '../../support/run-rule';

/** An SSM interface endpoint `vpce-ssm` in vpc-1 (10.0.0.0/16 plus 10.1.0.0/16), guarded by sg-vpce. */
function endpoint(ingress: IpPermission[], o: { dnsSupport?: boolean; dnsHostnames?: boolean } = {}) {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-1', cidr: '10.0.0.0/16', ...o });
  vpc.CidrBlockAssociationSet = [
    { CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } },
    { CidrBlock: '10.1.0.0/16', CidrBlockState: { State: 'associated' } },
  ];
  const group = net.securityGroup({ vpc, id: 'sg-vpce', ingress });
  net.vpcEndpoint({ vpc, id: 'vpce-ssm', groups: [group] });
  net.vpcEndpoint({ vpc, id: 'vpce-s3', type: 'Gateway' });
  return net;
}

describe('VPCE.1 interface endpoint security groups admit HTTPS from the VPC', () => {
  const verdict = (net: NetworkBuilder) =>
    resultFor(runRule(endpointRejectsVpcHttps, net.snapshot()), 'vpce-ssm');

  it('passes when TCP 443 is admitted from every CIDR block of the VPC, and ignores gateway endpoints', () => {
    const net = endpoint([tcp(443).from('10.0.0.0/16', '10.1.0.0/16')]);
    expect(runRule(endpointRejectsVpcHttps, net.snapshot()).map((r) => [r.resourceId, r.status])).toEqual([
      ['vpce-ssm', 'PASSED'],
    ]);
  });

  it('fails when a secondary CIDR block is left out, naming it', () => {
    const result = verdict(endpoint([tcp(443).from('10.0.0.0/16')]));
    expect(result.status).toBe('FAILED');
    expect(result.resourceType).toBe('AwsEc2VpcEndpoint');
    expect(result.message).toContain('do not admit TCP 443 from 10.1.0.0/16 of vpc-1');
  });

  it('does not count other ports or group references as admitting the VPC', () => {
    expect(verdict(endpoint([tcp(80).from('10.0.0.0/8'), tcp(443).fromGroup('sg-app')])).status).toBe(
      'FAILED',
    );
  });

  it('reads prefix lists, and is NOT_EVALUATED when one cannot be resolved', () => {
    const net = endpoint([tcp(443).fromPrefixList('pl-vpc')]);
    net.prefixList({ id: 'pl-vpc', cidrs: ['10.0.0.0/15'] });
    expect(verdict(net).status).toBe('PASSED');
    expect(verdict(endpoint([tcp(443).fromPrefixList('pl-gone')])).status).toBe('NOT_EVALUATED');
  });

  it('is NOT_EVALUATED when the endpoints were not collected', () => {
    const net = endpoint([]);
    delete net.data.vpcEndpoints;
    expect(runRule(endpointRejectsVpcHttps, net.snapshot()).every((r) => r.status === 'NOT_EVALUATED')).toBe(
      true,
    );
  });
});

describe('VPCE.2 private DNS on in a VPC without DNS support or hostnames', () => {
  const verdict = (net: NetworkBuilder) =>
    resultFor(runRule(privateDnsWithoutVpcDns, net.snapshot()), 'vpce-ssm');

  it('fails when enableDnsHostnames (or enableDnsSupport) is off, naming the attribute', () => {
    const result = verdict(endpoint([], { dnsHostnames: false }));
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('vpc-1 has enableDnsHostnames off');
    expect(verdict(endpoint([], { dnsSupport: false })).message).toContain('enableDnsSupport off');
  });

  it('passes with both attributes on, or with private DNS off', () => {
    expect(verdict(endpoint([])).status).toBe('PASSED');
    const net = endpoint([], { dnsSupport: false });
    net.data.vpcEndpoints![0]!.PrivateDnsEnabled = false;
    expect(verdict(net).status).toBe('PASSED');
  });

  it('is NOT_EVALUATED when the VPC attributes could not be collected for its VPC', () => {
    const net = endpoint([], { dnsHostnames: false });
    net.error({ api: 'DescribeVpcAttribute', code: 'AccessDenied', message: 'denied', vpcId: 'vpc-1' });
    delete net.data.vpcAttributes['vpc-1'];
    expect(verdict(net).status).toBe('NOT_EVALUATED');
  });
});
