import fc from 'fast-check';
import { naclAdminPortsOpenToInternet as rule } from '../../../lambda/rules/nacl/nacl-1-admin-ports';
import { NetworkBuilder } from '../../support/network-builder';
import { nacl } from '../../support/permissions';
import { failedIds, resultFor, runRule } from '../../support/run-rule';
import { arbitraryEntries, oneAcl } from './nacl-fixtures';

describe('NACL.1 network ACL admits the internet to an admin port', () => {
  const verdict = (...entries: Parameters<typeof oneAcl>[0]) =>
    resultFor(runRule(rule, oneAcl(entries).snapshot), 'acl-test');

  it('fails on an inbound allow of SSH from 0.0.0.0/0 and names the entry and port', () => {
    const result = verdict(nacl.in(100).allow.tcp(22).from('0.0.0.0/0'));
    expect(result.status).toBe('FAILED');
    expect(result.severity).toBe('MEDIUM');
    expect(result.resourceType).toBe('AwsEc2NetworkAcl');
    expect(result.message).toContain('rule 100 allow TCP 22 from 0.0.0.0/0 (admits TCP 22)');
    expect(result.references).toEqual(['FSBP EC2.21', 'CIS 3.0 5.1']);
  });

  it('fails on the default network ACL, which allows all traffic from the internet', () => {
    const net = new NetworkBuilder();
    net.vpc();
    const [result] = runRule(rule, net.snapshot());
    expect(result?.status).toBe('FAILED');
    expect(result?.message).toContain('rule 100 allow all traffic from 0.0.0.0/0 (admits TCP 22, 3389)');
  });

  it('passes when a lower-numbered entry denies the internet first (deny before allow)', () => {
    const result = verdict(
      nacl.in(50).deny.all().from('0.0.0.0/0'),
      nacl.in(100).allow.tcp(22).from('0.0.0.0/0'),
    );
    expect(result.status).toBe('PASSED');
  });

  it('fails when the deny comes after the allow (first match wins)', () => {
    const result = verdict(
      nacl.in(100).allow.tcp(22).from('0.0.0.0/0'),
      nacl.in(200).deny.tcp(22).from('0.0.0.0/0'),
    );
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('rule 100 allow TCP 22');
    expect(result.message).not.toContain('rule 200');
  });

  it('names only the ports a partial deny leaves open in a port range', () => {
    const result = verdict(
      nacl.in(90).deny.tcp(22).from('0.0.0.0/0'),
      nacl.in(100).allow.tcp(0, 65535).from('0.0.0.0/0'),
    );
    expect(result.message).toContain('rule 100 allow TCP all from 0.0.0.0/0 (admits TCP 3389)');
  });

  it('checks IPv6 separately: an IPv4 deny does not stop ::/0', () => {
    const result = verdict(
      nacl.in(50).deny.all().from('0.0.0.0/0'),
      nacl.in(100).allow.tcp(3389).from('::/0'),
    );
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('rule 100 allow TCP 3389 from ::/0 (admits TCP 3389)');
    expect(
      verdict(nacl.in(50).deny.all().from('::/0'), nacl.in(100).allow.tcp(3389).from('::/0')).status,
    ).toBe('PASSED');
  });

  it('treats protocol -1 as every protocol and port', () => {
    expect(verdict(nacl.in(100).allow.all().from('::/0')).message).toContain('(admits TCP 22, 3389)');
  });

  it('distinguishes TCP from UDP', () => {
    expect(verdict(nacl.in(100).allow.udp(22).from('0.0.0.0/0')).status).toBe('PASSED');
    const snapshot = oneAcl([
      nacl.in(100).allow.udp(161).from('0.0.0.0/0'),
      nacl.in(110).allow.tcp(22).from('0.0.0.0/0'),
    ]).snapshot;
    const result = resultFor(runRule(rule, snapshot, { adminPorts: ['udp:161'] }), 'acl-test');
    expect(result.message).toContain('rule 100 allow UDP 161 from 0.0.0.0/0 (admits UDP 161)');
    expect(result.message).not.toContain('rule 110');
  });

  it('fails on a port range covering an admin port and passes on one between them', () => {
    expect(verdict(nacl.in(100).allow.tcp(0, 1024).from('0.0.0.0/0')).status).toBe('FAILED');
    expect(verdict(nacl.in(100).allow.tcp(23, 3388).from('0.0.0.0/0')).status).toBe('PASSED');
  });

  it('passes on SSH from a private CIDR (not the internet)', () => {
    expect(verdict(nacl.in(100).allow.tcp(22).from('192.168.1.0/24')).status).toBe('PASSED');
  });

  it('passes on an outbound allow to port 22', () => {
    expect(verdict(nacl.out(100).allow.tcp(22).to('0.0.0.0/0')).status).toBe('PASSED');
  });

  it('is NOT_EVALUATED when network ACLs could not be collected', () => {
    const net = new NetworkBuilder();
    net.vpc();
    net.error({ api: 'DescribeNetworkAcls', code: 'AccessDenied', message: 'denied' });
    expect(runRule(rule, net.snapshot()).map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });

  it('is NOT_EVALUATED only for the VPC whose network ACLs could not be collected', () => {
    const net = new NetworkBuilder();
    net.vpc({ id: 'vpc-a' });
    net.vpc({ id: 'vpc-b' });
    net.error({ api: 'DescribeNetworkAcls', code: 'Throttling', message: 'slow down', vpcId: 'vpc-b' });
    const results = runRule(rule, net.snapshot());
    expect(results.map((r) => [r.vpcId, r.status])).toEqual([
      ['vpc-a', 'FAILED'],
      ['vpc-b', 'NOT_EVALUATED'],
    ]);
    expect(results[1]?.message).toContain('networkAcls could not be collected for vpc-b');
  });

  it('property: a lowest-numbered deny of all traffic from the internet never lets it fail', () => {
    fc.assert(
      fc.property(arbitraryEntries(3), (entries) => {
        const snapshot = oneAcl([
          nacl.in(1).deny.all().from('0.0.0.0/0'),
          nacl.in(2).deny.all().from('::/0'),
          ...entries,
        ]).snapshot;
        expect(failedIds(runRule(rule, snapshot))).toEqual([]);
      }),
    );
  });
});
