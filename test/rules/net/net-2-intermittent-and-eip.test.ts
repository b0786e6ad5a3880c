import { brokenInternetEgress } from '../../../lambda/rules/net/net-2-egress-broken';
import { privateBehindNat } from '../../support/paths';
import { nacl } from '../../support/permissions';
import { publicInstance } from '../../support/reachability';
import { resultFor, runRule } from '../../support/run-rule';

describe('NET.2 answers the path engine corrected', () => {
  it('does not call a NAT gateway subnet with the FSBP hardening (deny 3389 in) broken for every instance', () => {
    const { net, vpc, publicSubnet } = privateBehindNat();
    net.networkAcl({
      vpc,
      id: 'acl-nat',
      subnets: [publicSubnet],
      entries: [
        nacl.in(50).deny.tcp(22).from('0.0.0.0/0'),
        nacl.in(60).deny.tcp(3389).from('0.0.0.0/0'),
        nacl.in(100).allow.all().from('0.0.0.0/0'),
        nacl.out(100).allow.all().to('0.0.0.0/0'),
      ],
    });
    expect(resultFor(runRule(brokenInternetEgress, net.snapshot()), 'i-db').status).toBe('PASSED');
  });

  it('still fails when the NAT subnet NACL loses more than 1% of the replies', () => {
    const { net, vpc, publicSubnet } = privateBehindNat();
    net.networkAcl({
      vpc,
      id: 'acl-nat',
      subnets: [publicSubnet],
      entries: [
        nacl.in(100).allow.tcp(32768, 65535).from('0.0.0.0/0'),
        nacl.out(100).allow.all().to('0.0.0.0/0'),
      ],
    });
    expect(resultFor(runRule(brokenInternetEgress, net.snapshot()), 'i-db').status).toBe('FAILED');
  });

  it('does not let an Elastic IP of a secondary private IP carry the primary address out', () => {
    const { net, eni } = publicInstance({ publicIp: null });
    eni.PrivateIpAddresses = [
      { PrivateIpAddress: '10.0.1.10', Primary: true },
      { PrivateIpAddress: '10.0.1.11', Primary: false, Association: { PublicIp: '203.0.113.99' } },
    ];
    net.address({ publicIp: '203.0.113.99', networkInterfaceId: eni.NetworkInterfaceId! }).PrivateIpAddress =
      '10.0.1.11';
    const result = resultFor(runRule(brokenInternetEgress, net.snapshot()), 'i-app');
    expect(result.status).toBe('FAILED');
    expect(result.evidence).toMatchObject({ hop: 'public-address', resource: 'eni-1' });
  });
});
