import type { IpPermission } from '@aws-sdk/client-ec2';
import { unauthorizedPortsOpenToInternet as rule } from '../../../lambda/rules/sg/sg-4-unauthorized-ports';
import type { ConfigFile } from '../../../lambda/config/config';
import { all, icmp, tcp, udp } from '../../support/permissions';
import { resultFor, runRule } from '../../support/run-rule';
import { oneGroup, withCollectionError } from './fixtures';

const run = (ingress: IpPermission[], config: ConfigFile = {}) =>
  resultFor(runRule(rule, oneGroup(ingress), config), 'sg-web');

describe('SG.4 port outside the authorized ports open to the internet', () => {
  it('passes on a web server open on TCP 80 and 443 to 0.0.0.0/0 and ::/0', () => {
    const result = run([tcp(80).from('0.0.0.0/0', '::/0'), tcp(443).from('0.0.0.0/0', '::/0')]);
    expect(result.status).toBe('PASSED');
    expect(result.message).toContain('authorized: TCP 80, 443');
  });

  it('fails on SSH from the internet, at MEDIUM', () => {
    const result = run([tcp(22).from('0.0.0.0/0')]);
    expect(result.status).toBe('FAILED');
    expect(result.severity).toBe('MEDIUM');
    expect(result.message).toContain('TCP 22 from 0.0.0.0/0 (opens TCP 22)');
  });

  it('names only the unauthorized part of a range that spans the authorized ports', () => {
    expect(run([tcp(80, 443).from('::/0')]).message).toContain('TCP 80-443 from ::/0 (opens TCP 81-442)');
  });

  it('fails on UDP 443: authorized ports are per protocol', () => {
    expect(run([udp(443).from('0.0.0.0/0')]).message).toContain('(opens UDP 443)');
  });

  it('fails on protocol -1, naming every unauthorized port and the other protocols', () => {
    expect(run([all().from('0.0.0.0/0')]).message).toContain(
      'all traffic from 0.0.0.0/0 (opens TCP 0-79, 81-442, 444-65535, UDP 0-65535, every other protocol)',
    );
  });

  it('fails on protocol -1 even when every TCP and UDP port is authorized', () => {
    const config = { authorizedPorts: ['tcp:0-65535', 'udp:0-65535'] };
    expect(run([all().from('::/0')], config).message).toContain('(opens every other protocol)');
    expect(run([tcp(0, 65535).from('::/0')], config).status).toBe('PASSED');
  });

  it('counts a whole protocol such as ESP (50) as unauthorized, but not ICMP or ICMPv6', () => {
    const esp: IpPermission = { IpProtocol: '50', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
    const icmpv6: IpPermission = { IpProtocol: 'icmpv6', Ipv6Ranges: [{ CidrIpv6: '::/0' }] };
    expect(run([esp]).message).toContain('(opens all PROTO-50 traffic)');
    expect(run([icmp().from('0.0.0.0/0'), icmpv6]).status).toBe('PASSED');
  });

  it('uses the configured authorized ports', () => {
    const ingress = [udp(53).from('0.0.0.0/0'), tcp(8443).from('0.0.0.0/0')];
    expect(run(ingress).status).toBe('FAILED');
    expect(run(ingress, { authorizedPorts: ['udp:53', 'tcp:8443'] }).status).toBe('PASSED');
  });

  it('ignores sources that are not the internet', () => {
    expect(run([tcp(22).from('203.0.113.0/24'), all().fromGroup('sg-admin')]).status).toBe('PASSED');
  });

  it('is NOT_EVALUATED when security groups could not be collected', () => {
    expect(runRule(rule, withCollectionError('DescribeSecurityGroups')).map((r) => r.status)).toEqual([
      'NOT_EVALUATED',
    ]);
  });
});
