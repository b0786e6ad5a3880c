import { parseConfig, type ConfigFile } from '../../lambda/config/config';
import { compareRuleIds, evaluate, summarize } from '../../lambda/engine/evaluate';
import type { Result } from '../../lambda/engine/result';
import { defineRule, failed, notEvaluated, outcomesOf, passed, type Rule } from '../../lambda/engine/rule';
import { SnapshotIndex } from '../../lambda/engine/snapshot-index';
import type { Snapshot } from '../../lambda/snapshot/types';
import { NetworkBuilder } from '../support/network-builder';

/* Small fake rules, so these tests pin the engine and not the catalogue. */
const meta = {
  description: 'test rule',
  category: 'exposure' as const,
  remediation: { text: 'fix it', url: 'https://example.com/fix' },
  references: ['TEST 1'],
};

/** Fails every group whose name starts with "bad", passes the others. */
const groupRule = (id: string, extra: Partial<Rule> = {}): Rule =>
  defineRule({
    ...meta,
    id,
    title: `group rule ${id}`,
    severity: 'HIGH',
    resourceType: 'AwsEc2SecurityGroup',
    requires: ['securityGroups'],
    evaluate: (index) =>
      [...index.securityGroups.values()].map((g) =>
        g.GroupName?.startsWith('bad')
          ? failed(g.GroupId!, `${g.GroupId} is bad`)
          : passed(g.GroupId!, 'fine'),
      ),
    ...extra,
  });

/** Per-subnet rule that also needs route tables and NACLs. */
const subnetRule = defineRule({
  ...meta,
  id: 'RT.9',
  title: 'subnet rule',
  severity: 'MEDIUM',
  resourceType: 'AwsEc2Subnet',
  requires: ['subnets', 'routeTables', 'networkAcls'],
  evaluate: (index) => [...index.subnets.keys()].map((id) => failed(id, 'subnet fails')),
});

const RULE_IDS = ['SG.1', 'SG.2', 'SG.10', 'RT.9', 'NACL.1', 'VPC.1'];
const config = (c: ConfigFile = {}) => parseConfig(c, RULE_IDS);

function network(options: { region?: string; collectedAt?: string } = {}) {
  const net = new NetworkBuilder(options);
  const vpc = net.vpc({ id: 'vpc-1', bare: true });
  net.securityGroup({ vpc, id: 'sg-b', name: 'bad-b' });
  net.securityGroup({ vpc, id: 'sg-a', name: 'bad-a' });
  net.securityGroup({ vpc, id: 'sg-ok', name: 'good' });
  net.subnet({ vpc, id: 'subnet-1' });
  net.subnet({ vpc, id: 'subnet-2', cidr: '10.0.2.0/24' });
  return net;
}

/** A result or report as it is serialized: what reports and findings are made of. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const statuses = (results: Result[]) => results.map((r) => `${r.ruleId} ${r.resourceId} ${r.status}`);

describe('evaluate', () => {
  it('stamps each result with account, region, partition, ARN, VPC and finding id', () => {
    const { results } = evaluate(network().snapshot(), config(), [groupRule('SG.1')]);
    const r = results.find((x) => x.resourceId === 'sg-a')!;
    expect(plain(r)).toEqual({
      ruleId: 'SG.1',
      title: 'group rule SG.1',
      status: 'FAILED',
      severity: 'HIGH',
      category: 'exposure',
      resourceType: 'AwsEc2SecurityGroup',
      resourceId: 'sg-a',
      resourceArn: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-a',
      vpcId: 'vpc-1',
      accountId: '123456789012',
      region: 'us-east-1',
      partition: 'aws',
      message: 'sg-a is bad',
      description: 'test rule',
      remediation: meta.remediation,
      references: ['TEST 1'],
      findingId: 'netaudit/us-east-1/123456789012/SG.1/sg-a',
    });
  });

  it.each([
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['eu-west-1', 'aws'],
  ])('writes ARNs in the partition of %s', (region, partition) => {
    const report = evaluate(network({ region }).snapshot(), config(), [groupRule('SG.1')]);
    expect(report.partition).toBe(partition);
    expect(report.results[0]?.resourceArn).toBe(
      `arn:${partition}:ec2:${region}:123456789012:security-group/sg-a`,
    );
    expect(report.results[0]?.partition).toBe(partition);
    expect(report.results[0]?.findingId).toBe(`netaudit/${region}/123456789012/SG.1/sg-a`);
  });

  describe('missing data', () => {
    it('is NOT_EVALUATED per resource when a required part other than the resource list failed', () => {
      const net = network();
      net.error({ api: 'DescribeNetworkAcls', code: 'AccessDenied', message: 'denied' });
      const { results, summary } = evaluate(net.snapshot(), config(), [subnetRule]);
      expect(statuses(results)).toEqual(['RT.9 subnet-1 NOT_EVALUATED', 'RT.9 subnet-2 NOT_EVALUATED']);
      expect(results[0]?.message).toBe('Not evaluated: networkAcls could not be collected');
      expect(results[0]?.resourceType).toBe('AwsEc2Subnet');
      expect(summary.notEvaluated).toBe(2);
      expect(summary.failed).toBe(0);
    });

    it('names every missing part', () => {
      const net = network();
      net.error({ api: 'DescribeNetworkAcls', code: 'AccessDenied', message: 'denied' });
      net.error({ api: 'DescribeRouteTables', code: 'Throttling', message: 'slow' });
      const { results } = evaluate(net.snapshot(), config(), [subnetRule]);
      expect(results[0]?.message).toBe(
        'Not evaluated: routeTables could not be collected; networkAcls could not be collected',
      );
    });

    it('gives one account-level result when the resource list itself failed', () => {
      const net = network({ region: 'cn-north-1' });
      net.error({ api: 'DescribeSecurityGroups', code: 'AccessDenied', message: 'denied' });
      const { results } = evaluate(net.snapshot(), config(), [groupRule('SG.1')]);
      expect(results).toHaveLength(1);
      expect(results[0]).toMatchObject({
        status: 'NOT_EVALUATED',
        resourceType: 'AwsAccount',
        resourceId: '123456789012',
        resourceArn: 'arn:aws-cn:iam::123456789012:root',
        findingId: 'netaudit/cn-north-1/123456789012/SG.1/123456789012',
      });
      expect(results[0]?.vpcId).toBeUndefined();
    });

    it('never passes a resource whose VPC lacks required data, but keeps what it saw failing', () => {
      const net = network();
      const other = net.vpc({ id: 'vpc-2', bare: true });
      net.securityGroup({ vpc: other, id: 'sg-other', name: 'good' });
      net.error({ api: 'DescribeSecurityGroups', code: 'AccessDenied', message: 'denied', vpcId: 'vpc-1' });
      const { results } = evaluate(net.snapshot(), config(), [groupRule('SG.1')]);
      expect(statuses(results)).toEqual([
        'SG.1 sg-a FAILED',
        'SG.1 sg-b FAILED',
        'SG.1 sg-ok NOT_EVALUATED',
        'SG.1 sg-other PASSED',
      ]);
      expect(results[2]?.message).toBe('Not evaluated: securityGroups could not be collected for vpc-1');
    });

    it('keepPassed: false counts passes without keeping them, and keeps a pass a gap turned NOT_EVALUATED', () => {
      const rules = [groupRule('SG.1'), groupRule('SG.2'), subnetRule];
      const full = evaluate(network().snapshot(), config(), rules);
      const lean = evaluate(network().snapshot(), config(), rules, undefined, { keepPassed: false });
      expect(lean.summary).toEqual(full.summary);
      expect(lean.summary.passed).toBe(2);
      expect(lean.results).toEqual(full.results.filter((r) => r.status !== 'PASSED'));

      const net = network();
      const other = net.vpc({ id: 'vpc-2', bare: true });
      net.securityGroup({ vpc: other, id: 'sg-other', name: 'good' });
      net.error({ api: 'DescribeSecurityGroups', code: 'AccessDenied', message: 'denied', vpcId: 'vpc-1' });
      const gap = evaluate(net.snapshot(), config(), [groupRule('SG.1')], undefined, { keepPassed: false });
      expect(statuses(gap.results)).toEqual([
        'SG.1 sg-a FAILED',
        'SG.1 sg-b FAILED',
        'SG.1 sg-ok NOT_EVALUATED',
      ]);
      expect(gap.summary).toMatchObject({ failed: 2, notEvaluated: 1, passed: 1 });
    });

    it("stamps a walked outcome with its own item's VPC, and looks up an outcome about another resource", () => {
      const net = network();
      const other = net.vpc({ id: 'vpc-2', bare: true });
      net.securityGroup({ vpc: other, id: 'sg-other', name: 'good' });
      // Each group's outcome names the next group (the last names itself), as a rule reporting on a neighbour.
      const walked = groupRule('SG.1', {
        evaluate: (index) =>
          outcomesOf(index.snapshot.securityGroups, (g) => {
            const list = index.snapshot.securityGroups;
            const next = list[list.indexOf(g) + 1] ?? g;
            return failed(g.GroupName === 'good' ? next.GroupId! : g.GroupId!, 'x');
          }),
      });
      const vpcs = evaluate(net.snapshot(), config(), [walked]).results.map(
        (r) => `${r.resourceId} ${r.vpcId}`,
      );
      expect(vpcs).toEqual(['sg-a vpc-1', 'sg-b vpc-1', 'sg-other vpc-2', 'sg-other vpc-2']);
      // A walk and a list give the same results.
      const listed = groupRule('SG.1', {
        evaluate: (index) => [...walked.evaluate(index, config())],
      });
      expect(plain(evaluate(net.snapshot(), config(), [listed]).results)).toEqual(
        plain(evaluate(net.snapshot(), config(), [walked]).results),
      );
    });

    it('stamps each copy of a group id listed twice with its own VPC', () => {
      const net = network();
      const other = net.vpc({ id: 'vpc-2', bare: true });
      net.securityGroup({ vpc: other, id: 'sg-a', name: 'bad-copy' });
      const walked = groupRule('SG.1', {
        evaluate: (index) =>
          outcomesOf(index.snapshot.securityGroups, (g) => failed(g.GroupId!, g.GroupName!)),
      });
      const copies = evaluate(net.snapshot(), config(), [walked]).results.filter(
        (r) => r.resourceId === 'sg-a',
      );
      expect(copies.map((r) => `${r.message} ${r.vpcId}`)).toEqual(['bad-a vpc-1', 'bad-copy vpc-2']);
    });

    it('runs the rule normally when only an unrelated part failed', () => {
      const net = network();
      net.error({ api: 'DescribeFlowLogs', code: 'AccessDenied', message: 'denied' });
      const { results, errors } = evaluate(net.snapshot(), config(), [groupRule('SG.1')]);
      expect(results.map((r) => r.status)).toEqual(['FAILED', 'FAILED', 'PASSED']);
      expect(errors).toEqual([{ api: 'DescribeFlowLogs', code: 'AccessDenied', message: 'denied' }]);
    });
  });

  describe('configuration', () => {
    it('applies severity overrides, also over a per-result severity', () => {
      const perResult = groupRule('SG.2', {
        evaluate: (index) =>
          [...index.securityGroups.keys()].map((id) => failed(id, 'x', { severity: 'CRITICAL' })),
      });
      const plain = evaluate(network().snapshot(), config(), [perResult]);
      expect(plain.results.every((r) => r.severity === 'CRITICAL')).toBe(true);
      const overridden = evaluate(network().snapshot(), config({ severityOverrides: { 'SG.2': 'LOW' } }), [
        perResult,
      ]);
      expect(overridden.results.every((r) => r.severity === 'LOW')).toBe(true);
      expect(overridden.summary.bySeverity).toMatchObject({ LOW: 3, CRITICAL: 0 });
    });

    it('skips disabled rules and leaves them out of ruleIds', () => {
      const report = evaluate(network().snapshot(), config({ disabledRules: ['SG.1'] }), [
        groupRule('SG.1'),
        groupRule('SG.2'),
      ]);
      expect(report.ruleIds).toEqual(['SG.2']);
      expect(new Set(report.results.map((r) => r.ruleId))).toEqual(new Set(['SG.2']));
    });
  });

  describe('suppressions', () => {
    const base = { ruleId: 'SG.1', reason: 'accepted risk', owner: 'team-net', expires: '2026-12-31' };

    it('suppresses a failure by resource id, keeping who and why', () => {
      const { results, summary } = evaluate(
        network().snapshot(),
        config({ suppressions: [{ ...base, resourceId: 'sg-a' }] }),
        [groupRule('SG.1')],
      );
      expect(statuses(results)).toEqual(['SG.1 sg-a SUPPRESSED', 'SG.1 sg-b FAILED', 'SG.1 sg-ok PASSED']);
      expect(results[0]?.suppression).toEqual({
        reason: 'accepted risk',
        owner: 'team-net',
        expires: '2026-12-31',
      });
      expect(summary).toMatchObject({ failed: 1, passed: 1, suppressed: 1, notEvaluated: 0 });
    });

    it('only suppresses the rule it names', () => {
      const { results } = evaluate(
        network().snapshot(),
        config({ suppressions: [{ ...base, ruleId: 'SG.2', resourceId: 'sg-a' }] }),
        [groupRule('SG.1')],
      );
      expect(results.find((r) => r.resourceId === 'sg-a')?.status).toBe('FAILED');
    });

    it('suppresses by tag key alone, and by key and value', () => {
      const net = network();
      net.data.securityGroups.find((g) => g.GroupId === 'sg-a')!.Tags = [
        { Key: 'netaudit:accept', Value: 'x' },
      ];
      net.data.securityGroups.find((g) => g.GroupId === 'sg-b')!.Tags = [{ Key: 'env', Value: 'sandbox' }];
      const byKey = evaluate(
        net.snapshot(),
        config({ suppressions: [{ ...base, tag: { key: 'netaudit:accept' } }] }),
        [groupRule('SG.1')],
      );
      expect(statuses(byKey.results)).toEqual([
        'SG.1 sg-a SUPPRESSED',
        'SG.1 sg-b FAILED',
        'SG.1 sg-ok PASSED',
      ]);

      const byValue = (value: string) =>
        evaluate(net.snapshot(), config({ suppressions: [{ ...base, tag: { key: 'env', value } }] }), [
          groupRule('SG.1'),
        ]).results.find((r) => r.resourceId === 'sg-b')?.status;
      expect(byValue('sandbox')).toBe('SUPPRESSED');
      expect(byValue('prod')).toBe('FAILED');
    });

    it('a tag key that happens to be an Object property name matches only resources that have that tag', () => {
      for (const key of ['constructor', 'toString', 'hasOwnProperty']) {
        const { results } = evaluate(
          network().snapshot(),
          config({ suppressions: [{ ...base, tag: { key } }] }),
          [groupRule('SG.1')],
        );
        expect(statuses(results)).toEqual(['SG.1 sg-a FAILED', 'SG.1 sg-b FAILED', 'SG.1 sg-ok PASSED']);
      }
    });

    it('an expired suppression keeps the failure and says so', () => {
      const net = network({ collectedAt: '2027-01-01T00:00:00Z' });
      const { results, summary } = evaluate(
        net.snapshot(),
        config({ suppressions: [{ ...base, resourceId: 'sg-a' }] }),
        [groupRule('SG.1')],
      );
      const r = results.find((x) => x.resourceId === 'sg-a')!;
      expect(r.status).toBe('FAILED');
      expect(r.suppression).toBeUndefined();
      expect(r.message).toBe('sg-a is bad (suppression by team-net expired on 2026-12-31: accepted risk)');
      expect(summary.suppressed).toBe(0);
    });

    it('a suppression is still valid on its expiry date (the snapshot’s date, not the clock)', () => {
      const net = network({ collectedAt: '2026-12-31T23:59:59Z' });
      const { results } = evaluate(
        net.snapshot(),
        config({ suppressions: [{ ...base, resourceId: 'sg-a' }] }),
        [groupRule('SG.1')],
      );
      expect(results.find((x) => x.resourceId === 'sg-a')?.status).toBe('SUPPRESSED');
    });

    it('never suppresses a pass or a NOT_EVALUATED', () => {
      const net = network();
      net.error({ api: 'DescribeNetworkAcls', code: 'AccessDenied', message: 'denied' });
      const { results } = evaluate(
        net.snapshot(),
        config({
          suppressions: [
            { ...base, resourceId: 'sg-ok' },
            { ...base, ruleId: 'RT.9', resourceId: 'subnet-1' },
          ],
        }),
        [groupRule('SG.1'), subnetRule],
      );
      expect(results.find((r) => r.resourceId === 'sg-ok')?.status).toBe('PASSED');
      expect(results.find((r) => r.resourceId === 'subnet-1')?.status).toBe('NOT_EVALUATED');
    });
  });

  describe('order and determinism', () => {
    const rules = [groupRule('SG.10'), subnetRule, groupRule('SG.2'), groupRule('NACL.1'), groupRule('SG.1')];

    it('orders by rule family, then rule number (SG.2 before SG.10), then resource id', () => {
      const report = evaluate(network().snapshot(), config(), rules);
      expect(report.ruleIds).toEqual(['NACL.1', 'RT.9', 'SG.1', 'SG.2', 'SG.10']);
      const order = report.results.map((r) => `${r.ruleId}/${r.resourceId}`);
      expect(order.slice(0, 5)).toEqual([
        'NACL.1/sg-a',
        'NACL.1/sg-b',
        'NACL.1/sg-ok',
        'RT.9/subnet-1',
        'RT.9/subnet-2',
      ]);
      expect(order.slice(-6)).toEqual([
        'SG.2/sg-a',
        'SG.2/sg-b',
        'SG.2/sg-ok',
        'SG.10/sg-a',
        'SG.10/sg-b',
        'SG.10/sg-ok',
      ]);
    });

    it('gives byte-identical output for the same input, whatever the order of rules and lists', () => {
      const snapshot = network().snapshot();
      const shuffled: Snapshot = {
        ...structuredClone(snapshot),
        securityGroups: [...snapshot.securityGroups].reverse(),
        subnets: [...snapshot.subnets].reverse(),
      };
      const a = JSON.stringify(evaluate(snapshot, config(), rules));
      const b = JSON.stringify(evaluate(structuredClone(snapshot), config(), rules));
      const c = JSON.stringify(evaluate(shuffled, config(), [...rules].reverse()));
      expect(b).toBe(a);
      expect(JSON.parse(c).results).toEqual(JSON.parse(a).results);
    });

    it('accepts a prebuilt index', () => {
      const snapshot = network().snapshot();
      const index = new SnapshotIndex(snapshot);
      expect(plain(evaluate(snapshot, config(), [groupRule('SG.1')], index))).toEqual(
        plain(evaluate(snapshot, config(), [groupRule('SG.1')])),
      );
    });
  });

  describe('report', () => {
    it('carries the snapshot header, scope, errors and summary', () => {
      const net = network({ collectedAt: '2026-11-28T12:00:00Z' });
      net.data.scope = { vpcIds: ['vpc-1'] };
      net.error({ api: 'DescribeFlowLogs', code: 'AccessDenied', message: 'denied' });
      const report = evaluate(net.snapshot(), config(), [groupRule('SG.1'), subnetRule]);
      expect(report).toMatchObject({
        accountId: '123456789012',
        region: 'us-east-1',
        partition: 'aws',
        collectedAt: '2026-11-28T12:00:00Z',
        scope: { vpcIds: ['vpc-1'] },
        ruleIds: ['RT.9', 'SG.1'],
        summary: {
          failed: 4,
          passed: 1,
          notEvaluated: 0,
          suppressed: 0,
          bySeverity: { CRITICAL: 0, HIGH: 2, MEDIUM: 2, LOW: 0, INFORMATIONAL: 0 },
        },
      });
      expect(report.errors).toHaveLength(1);
      expect('scope' in evaluate(network().snapshot(), config(), [])).toBe(false);
    });

    it('keeps evidence and a second resource type from the outcome', () => {
      const rule = groupRule('VPC.1', {
        resourceType: 'AwsEc2Vpc',
        requires: ['vpcs'],
        evaluate: () => [
          notEvaluated('vpc-1', 'attributes missing', { evidence: { api: 'DescribeVpcAttribute' } }),
          failed('subnet-1', 'other type', { resourceType: 'AwsEc2Subnet' }),
        ],
      });
      const { results } = evaluate(network().snapshot(), config(), [rule]);
      expect(results[0]).toMatchObject({
        resourceId: 'subnet-1',
        resourceType: 'AwsEc2Subnet',
        resourceArn: 'arn:aws:ec2:us-east-1:123456789012:subnet/subnet-1',
        vpcId: 'vpc-1',
      });
      expect(results[1]).toMatchObject({
        resourceId: 'vpc-1',
        vpcId: 'vpc-1',
        status: 'NOT_EVALUATED',
        evidence: { api: 'DescribeVpcAttribute' },
      });
      expect(results[0]?.evidence).toBeUndefined();
    });
  });
});

describe('compareRuleIds', () => {
  it('sorts by family, then numerically', () => {
    expect(['SG.10', 'SG.2', 'NET.1', 'NAT.5', 'SG.1', 'NACL.3'].sort(compareRuleIds)).toEqual([
      'NACL.3',
      'NAT.5',
      'NET.1',
      'SG.1',
      'SG.2',
      'SG.10',
    ]);
  });
});

describe('summarize', () => {
  it('counts each status once and failures per severity', () => {
    const r = (status: Result['status'], severity: Result['severity']) => ({ status, severity }) as Result;
    expect(
      summarize([
        r('FAILED', 'HIGH'),
        r('FAILED', 'HIGH'),
        r('FAILED', 'LOW'),
        r('PASSED', 'HIGH'),
        r('SUPPRESSED', 'CRITICAL'),
        r('NOT_EVALUATED', 'MEDIUM'),
      ]),
    ).toEqual({
      failed: 3,
      passed: 1,
      notEvaluated: 1,
      suppressed: 1,
      bySeverity: { CRITICAL: 0, HIGH: 2, MEDIUM: 0, LOW: 1, INFORMATIONAL: 0 },
    });
  });
});
