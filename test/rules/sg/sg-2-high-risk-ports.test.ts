import { highRiskPortsOpenToInternet as rule } from '../../../lambda/rules/sg/sg-2-high-risk-ports';
import { all, tcp, udp } from '../../support/permissions';
import { failedIds, resultFor, runRule } from '../../support/run-rule';
import { oneGroup, withCollectionError } from './fixtures';

describe('SG.2 high-risk service port open to the internet', () => {
  it('fails on MySQL from 0.0.0.0/0 and names the permission', () => {
    const result = resultFor(runRule(rule, oneGroup([tcp(3306).from('0.0.0.0/0')])), 'sg-web');
    expect(result.status).toBe('FAILED');
    expect(result.severity).toBe('HIGH');
    expect(result.message).toContain('TCP 3306 from 0.0.0.0/0 (opens TCP 3306)');
  });

  it('fails on Redis from ::/0 (IPv6)', () => {
    const result = resultFor(runRule(rule, oneGroup([tcp(6379).from('::/0')])), 'sg-web');
    expect(result.message).toContain('TCP 6379 from ::/0');
  });

  it('names exactly the high-risk ports a wide range covers', () => {
    const result = resultFor(runRule(rule, oneGroup([tcp(3000, 3400).from('0.0.0.0/0')])), 'sg-web');
    expect(result.message).toContain('TCP 3000-3400 from 0.0.0.0/0 (opens TCP 3000, 3306, 3389)');
  });

  it('fails on protocol -1, which opens every high-risk port', () => {
    const result = resultFor(runRule(rule, oneGroup([all().from('0.0.0.0/0')])), 'sg-web');
    expect(result.message).toContain('all traffic from 0.0.0.0/0 (opens TCP 20-23, 25, 110');
  });

  it('reports several permissions in one outcome that names them all', () => {
    const results = runRule(rule, oneGroup([tcp(5432).from('0.0.0.0/0'), tcp(9200).from('::/0')]));
    expect(results).toHaveLength(1);
    expect(results[0]!.message).toContain('TCP 5432 from 0.0.0.0/0 (opens TCP 5432); TCP 9200 from ::/0');
    expect(results[0]!.evidence?.permissions).toHaveLength(2);
  });

  it('passes on UDP to a TCP high-risk port, a web port, and a high-risk port from a private CIDR', () => {
    const snapshot = oneGroup([
      udp(3306).from('0.0.0.0/0'),
      tcp(443).from('0.0.0.0/0'),
      tcp(5432).from('10.0.0.0/8', 'fd00::/8'),
    ]);
    expect(resultFor(runRule(rule, snapshot), 'sg-web').status).toBe('PASSED');
  });

  it('uses the configured high-risk ports, including UDP ones', () => {
    const snapshot = oneGroup([udp(161).from('0.0.0.0/0'), tcp(3306).from('0.0.0.0/0')]);
    const result = resultFor(runRule(rule, snapshot, { highRiskPorts: ['udp:161'] }), 'sg-web');
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('UDP 161 from 0.0.0.0/0 (opens UDP 161)');
    expect(result.message).not.toContain('3306');
  });

  it('is NOT_EVALUATED when security groups could not be collected', () => {
    const results = runRule(rule, withCollectionError('DescribeSecurityGroups'));
    expect(results.map((r) => r.status)).toEqual(['NOT_EVALUATED']);
    expect(failedIds(results)).toEqual([]);
  });
});
