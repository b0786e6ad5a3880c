import { defaultConfig } from '../../../lambda/config/config';
import { evaluate } from '../../../lambda/engine/evaluate';
import type { IpPermission } from '@aws-sdk/client-ec2';
import { allTrafficFromInternet as rule } from '../../../lambda/rules/sg/sg-3-all-traffic';
import { all, icmp, tcp, udp } from '../../support/permissions';
import { resultFor, runRule } from '../../support/run-rule';
import { oneGroup, withCollectionError } from './fixtures';

const statusOf = (...ingress: IpPermission[]) => resultFor(runRule(rule, oneGroup(ingress)), 'sg-web').status;

describe('SG.3 all traffic or all ports open to the internet', () => {
  it('fails on protocol -1 from 0.0.0.0/0, at CRITICAL', () => {
    const result = resultFor(runRule(rule, oneGroup([all().from('0.0.0.0/0')])), 'sg-web');
    expect(result.status).toBe('FAILED');
    expect(result.severity).toBe('CRITICAL');
    expect(result.message).toContain('all traffic from 0.0.0.0/0');
  });

  it('fails on all TCP ports from ::/0 (IPv6)', () => {
    const result = resultFor(runRule(rule, oneGroup([tcp(0, 65535).from('::/0')])), 'sg-web');
    expect(result.message).toContain('TCP 0-65535 from ::/0');
  });

  it('reads missing and -1 port bounds, and numeric protocols, as all ports', () => {
    const noBounds: IpPermission = { IpProtocol: 'udp', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
    const minusOne: IpPermission = {
      IpProtocol: '6',
      FromPort: -1,
      ToPort: -1,
      Ipv6Ranges: [{ CidrIpv6: '::/0' }],
    };
    // Loading refuses -1 bounds on a TCP rule (docs/reliability.md); the rule still reads them as all ports.
    const results = evaluate(oneGroup([noBounds, minusOne]), defaultConfig(), [rule]).results;
    expect(resultFor(results, 'sg-web').message).toContain(
      'UDP 0-65535 from 0.0.0.0/0; TCP 0-65535 from ::/0',
    );
  });

  it('passes on a range that misses one port, on a private source, and on ICMP from the internet', () => {
    expect(statusOf(tcp(1, 65535).from('0.0.0.0/0'))).toBe('PASSED');
    expect(statusOf(udp(0, 65534).from('::/0'))).toBe('PASSED');
    expect(statusOf(all().from('10.0.0.0/8'), tcp(0, 65535).fromGroup('sg-lb'))).toBe('PASSED');
    expect(statusOf(icmp().from('0.0.0.0/0'))).toBe('PASSED');
  });

  it('fails when several rules together open every port to one internet address family', () => {
    const result = resultFor(
      runRule(rule, oneGroup([tcp(0, 32767).from('0.0.0.0/0'), tcp(32768, 65535).from('0.0.0.0/0', '::/0')])),
      'sg-web',
    );
    expect(result.message).toContain(
      'TCP 0-65535 from 0.0.0.0/0 through 2 rules (TCP 0-32767, TCP 32768-65535)',
    );
    expect(result.message).not.toContain('from ::/0');
  });

  it('passes when the ranges that cover every port are split between IPv4 and IPv6', () => {
    expect(statusOf(udp(0, 1000).from('0.0.0.0/0'), udp(1001, 65535).from('::/0'))).toBe('PASSED');
  });

  it('names every wide-open permission in one outcome', () => {
    const results = runRule(rule, oneGroup([all().from('::/0'), udp(0, 65535).from('0.0.0.0/0', '::/0')]));
    expect(results).toHaveLength(1);
    expect(results[0]!.message).toContain('all traffic from ::/0; UDP 0-65535 from 0.0.0.0/0, ::/0');
  });

  it('is NOT_EVALUATED when security groups could not be collected', () => {
    expect(runRule(rule, withCollectionError('DescribeSecurityGroups')).map((r) => r.status)).toEqual([
      'NOT_EVALUATED',
    ]);
  });
});
