import { InvalidAccessException } from '@aws-sdk/client-securityhub';
import type { AuditReport } from '../../lambda/engine/result';
import { PRODUCT_FIELD } from '../../lambda/findings/asff';
import {
  publishToSecurityHub,
  SecurityHubNotEnabledError,
  type PublishOptions,
} from '../../lambda/publish/security-hub';
import { expectValidAsff } from '../support/asff-validator';
import { FakeSecurityHub, fakeTime, type Fault } from './fake-security-hub';
import { aReport, aResult, manyFailures } from './fixtures';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2026-11-28T01:00:00Z');

describe('publishToSecurityHub: delta publishing', () => {
  let hub: FakeSecurityHub;
  let time: ReturnType<typeof fakeTime>;

  beforeEach(() => {
    hub = new FakeSecurityHub();
    time = fakeTime();
  });

  const publish = (report: AuditReport, at = T0, extra: Partial<PublishOptions> = {}) =>
    publishToSecurityHub(hub.client, report, {
      now: new Date(at),
      refreshAgeDays: 7,
      sleep: time.sleep,
      clock: time.clock,
      ...extra,
    });

  afterEach(() => expectValidAsff(hub.importedFindings()));

  it('imports every failure on a first run, all new', async () => {
    const report = aReport([aResult({ resourceId: 'sg-1' }), aResult({ resourceId: 'sg-2' })]);

    const summary = await publish(report);

    expect(summary).toMatchObject({ imported: 2, archived: 0, unchanged: 0, failed: 0 });
    expect(summary.newOrReopened.map((r) => r.resourceId)).toEqual(['sg-1', 'sg-2']);
    // One read of everything NetAudit holds (archived findings too, for regressions): no per-id lookups.
    expect(hub.reads).toEqual([
      {
        Filters: {
          ProductArn: [
            {
              Value: 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default',
              Comparison: 'EQUALS',
            },
          ],
          Id: [{ Value: 'netaudit/us-east-1/123456789012/', Comparison: 'PREFIX' }],
        },
        MaxResults: 100,
      },
    ]);
    expect(hub.calls).toMatchObject({ get: 1, import: 1 });
    expect(hub.importedFindings().map((f) => [f.RecordState, f.UpdatedAt])).toEqual([
      ['ACTIVE', '2026-11-28T01:00:00.000Z'],
      ['ACTIVE', '2026-11-28T01:00:00.000Z'],
    ]);
  });

  it('imports nothing on a second identical run', async () => {
    const report = aReport([aResult({ resourceId: 'sg-1' }), aResult({ resourceId: 'sg-2' })]);
    await publish(report);
    hub.reset();

    const summary = await publish(report, T0 + 3600_000);

    expect(summary).toMatchObject({ imported: 0, archived: 0, unchanged: 2, failed: 0, newOrReopened: [] });
    expect(hub.calls.import).toBe(1);
    expect(hub.imports).toEqual([]);
  });

  it('archives one fixed finding as PASSED, with a later UpdatedAt', async () => {
    await publish(aReport([aResult({ resourceId: 'sg-1' }), aResult({ resourceId: 'sg-2' })]));
    hub.reset();

    const fixed = aReport([
      aResult({ resourceId: 'sg-1' }),
      aResult({ resourceId: 'sg-2', status: 'PASSED' }),
    ]);
    const summary = await publish(fixed, T0 + 3600_000);

    expect(summary).toMatchObject({ imported: 0, archived: 1, unchanged: 1, newOrReopened: [] });
    const [archived] = hub.importedFindings();
    expect(archived).toMatchObject({
      Id: 'netaudit/us-east-1/123456789012/SG.1/sg-2',
      RecordState: 'ARCHIVED',
      Compliance: { Status: 'PASSED' },
      CreatedAt: '2026-11-28T00:00:00Z',
      UpdatedAt: '2026-11-28T02:00:00.000Z',
    });
    expect(hub.store.get(archived!.Id!)!.RecordState).toBe('ARCHIVED');
  });

  it('re-imports a regression ACTIVE with a later UpdatedAt and its original CreatedAt', async () => {
    const failing = aReport([aResult({ resourceId: 'sg-1' })], { collectedAt: '2026-11-01T00:00:00Z' });
    await publish(failing, Date.parse('2026-11-01T01:00:00Z'));
    await publish(
      aReport([aResult({ resourceId: 'sg-1', status: 'PASSED' })], { collectedAt: '2026-11-10T00:00:00Z' }),
      Date.parse('2026-11-10T01:00:00Z'),
    );
    hub.reset();

    const summary = await publish(
      aReport([aResult({ resourceId: 'sg-1' })], { collectedAt: '2026-11-20T00:00:00Z' }),
      Date.parse('2026-11-20T01:00:00Z'),
    );

    expect(summary.imported).toBe(1);
    expect(summary.newOrReopened.map((r) => r.resourceId)).toEqual(['sg-1']);
    const [reopened] = hub.importedFindings();
    expect(reopened).toMatchObject({
      RecordState: 'ACTIVE',
      Compliance: { Status: 'FAILED' },
      CreatedAt: '2026-11-01T00:00:00Z',
      FirstObservedAt: '2026-11-01T00:00:00Z',
      LastObservedAt: '2026-11-20T00:00:00Z',
      UpdatedAt: '2026-11-20T01:00:00.000Z',
    });
    expect(hub.store.get(reopened!.Id!)!.RecordState).toBe('ACTIVE');
  });

  it('makes UpdatedAt strictly later than the stored one even when the clock is behind', async () => {
    await publish(aReport([aResult()]), T0);
    hub.reset();

    await publish(aReport([aResult({ severity: 'CRITICAL' })]), T0 - 60_000);

    expect(hub.importedFindings()[0]!.UpdatedAt).toBe('2026-11-28T01:00:00.001Z');
    expect(hub.ignoredUpdates).toBe(0);
  });

  it('re-imports a changed finding without calling it new, keeping CreatedAt', async () => {
    await publish(aReport([aResult()]));
    hub.reset();

    const summary = await publish(aReport([aResult({ severity: 'CRITICAL' })]), T0 + DAY);

    expect(summary).toMatchObject({ imported: 1, newOrReopened: [] });
    expect(hub.importedFindings()[0]).toMatchObject({
      FindingProviderFields: { Severity: { Label: 'CRITICAL' } },
      CreatedAt: '2026-11-28T00:00:00Z',
    });
  });

  it('refreshes an unchanged finding older than refreshAgeDays, so Security Hub never expires it', async () => {
    await publish(aReport([aResult()]));
    hub.reset();

    expect((await publish(aReport([aResult()]), T0 + 6 * DAY)).imported).toBe(0);
    const summary = await publish(aReport([aResult()]), T0 + 8 * DAY);

    expect(summary).toMatchObject({ imported: 1, refreshed: 1, unchanged: 0, newOrReopened: [] });
  });

  it('keeps a finding it cannot judge now (NOT_EVALUATED) alive past the refresh age, verdict unchanged', async () => {
    await publish(aReport([aResult()]));
    hub.reset();
    const blind = aReport([aResult({ status: 'NOT_EVALUATED' })]);

    expect(await publish(blind, T0 + 6 * DAY)).toMatchObject({ imported: 0, unchanged: 1 });
    const summary = await publish(blind, T0 + 8 * DAY);

    expect(summary).toMatchObject({ imported: 1, refreshed: 1, archived: 0, newOrReopened: [] });
    const [refreshed] = hub.importedFindings();
    expect(refreshed).toMatchObject({
      RecordState: 'ACTIVE',
      Compliance: { Status: 'FAILED' },
      CreatedAt: '2026-11-28T00:00:00Z',
    });
    expect(Date.parse(refreshed!.UpdatedAt!)).toBeGreaterThan(T0 + 7 * DAY);
  });

  it('imports 250 findings in three batches of at most 100', async () => {
    const summary = await publish(aReport(manyFailures(250)));

    expect(summary.imported).toBe(250);
    expect(hub.imports.map((b) => b.length)).toEqual([100, 100, 50]);
  });

  it('retries only the FailedFindings, then succeeds', async () => {
    hub.refuse.set('netaudit/us-east-1/123456789012/SG.1/sg-0002', 1);
    hub.refuse.set('netaudit/us-east-1/123456789012/SG.1/sg-0003', 2);

    const summary = await publish(aReport(manyFailures(4)));

    expect(summary).toMatchObject({ imported: 4, failed: 0 });
    expect(hub.imports.map((b) => b.map((f) => f.Id!.split('/').pop()))).toEqual([
      ['sg-0001', 'sg-0002', 'sg-0003', 'sg-0004'],
      ['sg-0002', 'sg-0003'],
      ['sg-0003'],
    ]);
  });

  it('reports findings that still fail after the retries, never dropping them silently', async () => {
    hub.refuse.set('netaudit/us-east-1/123456789012/SG.1/sg-0002', 99);

    const summary = await publish(aReport(manyFailures(3)));

    expect(summary).toMatchObject({ imported: 2, failed: 1 });
    expect(summary.failures).toEqual([
      {
        findingId: 'netaudit/us-east-1/123456789012/SG.1/sg-0002',
        code: 'InternalFailure',
        message: 'try again',
      },
    ]);
    expect(summary.newOrReopened).toHaveLength(2);
  });

  it('lets the SDK back off and retry when throttled, and counts every request', async () => {
    const faults: (Fault | undefined)[] = ['throttle', 'throttle', undefined, 'throttle'];
    hub.fault = () => faults.shift();

    const summary = await publish(aReport([aResult()]));

    expect(summary).toMatchObject({ imported: 1, failed: 0 });
    expect(hub.calls).toMatchObject({ get: 3, import: 2 });
    expect(summary.calls).toMatchObject({ getFindings: 3, batchImportFindings: 2 });
    // Two backoffs (250, 500 ms) on the read, one (250 ms) on the import: the SDK's, not a wrapper's.
    expect(hub.retryWaits).toEqual([250, 500, 250]);
    expect(time.sleeps).not.toContain(250);
  });

  it('reports every finding of a batch still throttled after 6 attempts as uncertain, never dropped', async () => {
    hub.fault = (op) => (op === 'import' ? 'throttle' : undefined);

    const summary = await publish(aReport(manyFailures(2)));

    expect(hub.calls.import).toBe(6);
    expect(hub.retryWaits).toEqual([250, 500, 1000, 2000, 4000]);
    expect(summary).toMatchObject({ imported: 0, failed: 2, newOrReopened: [] });
    expect(summary.failures).toEqual([
      expect.objectContaining({ code: 'TooManyRequestsException', uncertain: true }),
      expect.objectContaining({ code: 'TooManyRequestsException', uncertain: true }),
    ]);
  });

  it('reads at most 3 GetFindings per second and imports at most 10 batches per second', async () => {
    const calls: { command: string; at: number }[] = [];
    const record = (command: string) => () => calls.push({ command, at: time.clock() });
    hub.answers.GetFindings = (input) => {
      record('get')();
      // 61 pages of an empty read: the rate, not the content, is under test.
      const page = Number(input.NextToken ?? 0);
      return { Findings: [], ...(page < 60 ? { NextToken: String(page + 1) } : {}) };
    };
    hub.answers.BatchImportFindings = () => {
      record('import')();
      return { SuccessCount: 100, FailedCount: 0 };
    };

    // 61 pages of reading back; 12 batches of 100.
    await publish(aReport(manyFailures(1200)));

    const gaps = (command: string) => {
      const at = calls.filter((c) => c.command === command).map((c) => c.at);
      return at.slice(1).map((t, i) => t - at[i]!);
    };
    expect(gaps('get')).toHaveLength(60);
    expect(Math.min(...gaps('get'))).toBeGreaterThanOrEqual(1000 / 3);
    expect(gaps('import')).toHaveLength(11);
    expect(Math.min(...gaps('import'))).toBeGreaterThanOrEqual(100);
  });

  it('fails with one clear error when Security Hub is not enabled', async () => {
    hub.answers.GetFindings = () => {
      throw new InvalidAccessException({
        message: 'Account 123456789012 is not subscribed to AWS Security Hub',
        $metadata: { httpStatusCode: 401 },
      });
    };

    const run = publish(aReport([aResult()]));

    await expect(run).rejects.toThrow(SecurityHubNotEnabledError);
    await expect(run).rejects.toThrow(
      /Security Hub is not enabled in account 123456789012, region us-east-1 \(InvalidAccessException: .*not subscribed/,
    );
    // Not retried: a denial is not throttling.
    expect(hub.calls.get).toBe(1);
  });

  it('also recognises Security Hub off when BatchImportFindings answers InvalidAccess for every finding', async () => {
    hub.answers.BatchImportFindings = () => ({
      SuccessCount: 0,
      FailedCount: 1,
      FailedFindings: [
        { Id: aResult().findingId, ErrorCode: 'InvalidAccess', ErrorMessage: 'not subscribed' },
      ],
    });

    await expect(publish(aReport([aResult()]))).rejects.toThrow(SecurityHubNotEnabledError);
  });

  it('publishes aws-cn findings under the aws-cn product ARN', async () => {
    const report = aReport([aResult({ region: 'cn-north-1' })]);

    await publish(report);

    expect(hub.reads[0]!.Filters!.ProductArn).toEqual([
      {
        Value: 'arn:aws-cn:securityhub:cn-north-1:123456789012:product/123456789012/default',
        Comparison: 'EQUALS',
      },
    ]);
    expect(hub.importedFindings()[0]).toMatchObject({
      ProductArn: 'arn:aws-cn:securityhub:cn-north-1:123456789012:product/123456789012/default',
      Resources: [{ Id: 'arn:aws-cn:ec2:cn-north-1:123456789012:security-group/sg-1', Partition: 'aws-cn' }],
    });
  });
});

describe('publishToSecurityHub: what a run may archive', () => {
  let hub: FakeSecurityHub;
  const time = fakeTime();

  beforeEach(() => {
    hub = new FakeSecurityHub();
  });

  const publish = (report: AuditReport, at = T0) =>
    publishToSecurityHub(hub.client, report, {
      now: new Date(at),
      refreshAgeDays: 7,
      sleep: time.sleep,
      clock: time.clock,
    });

  /** Seeds active findings: sg-a and sg-gone in vpc-1, sg-b in vpc-2. */
  async function seed() {
    await publish(
      aReport([
        aResult({ resourceId: 'sg-a', vpcId: 'vpc-1' }),
        aResult({ resourceId: 'sg-gone', vpcId: 'vpc-1' }),
        aResult({ resourceId: 'sg-b', vpcId: 'vpc-2' }),
      ]),
    );
    hub.reset();
  }

  const state = (resourceId: string) => hub.store.get(aResult({ resourceId }).findingId)?.RecordState;

  afterEach(() => expectValidAsff(hub.importedFindings()));

  it('archives the finding of a resource that no longer exists', async () => {
    await seed();

    const summary = await publish(
      aReport([
        aResult({ resourceId: 'sg-a', vpcId: 'vpc-1' }),
        aResult({ resourceId: 'sg-b', vpcId: 'vpc-2' }),
      ]),
      T0 + 3600_000,
    );

    expect(summary).toMatchObject({ archived: 1, unchanged: 2 });
    expect(hub.importedFindings()[0]).toMatchObject({
      Id: aResult({ resourceId: 'sg-gone' }).findingId,
      RecordState: 'ARCHIVED',
      Compliance: { Status: 'PASSED' },
      CreatedAt: '2026-11-28T00:00:00Z',
    });
    expect(hub.importedFindings()[0]!.ProductFields!['aws/securityhub/FindingId']).toBeUndefined();
    expect(state('sg-gone')).toBe('ARCHIVED');
  });

  it('archives a gone resource validly even when its finding used every ProductFields slot', async () => {
    const evidence = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, `v${i}`]));
    await publish(aReport([aResult({ resourceId: 'sg-full', evidence })]));
    hub.reset();

    const summary = await publish(aReport([], { ruleIds: ['SG.1'] }), T0 + 3600_000);

    expect(summary.archived).toBe(1);
    expect(Object.keys(hub.importedFindings()[0]!.ProductFields!)).toHaveLength(50);
  });

  it('a VPC-scoped run archives nothing outside its VPC', async () => {
    await seed();

    // vpc-1 only: sg-a fixed, sg-gone gone; sg-b (vpc-2) is absent and a stray vpc-2 pass is ignored.
    const scoped = aReport(
      [
        aResult({ resourceId: 'sg-a', vpcId: 'vpc-1', status: 'PASSED' }),
        aResult({ resourceId: 'sg-b', vpcId: 'vpc-2', status: 'PASSED' }),
      ],
      { scope: { vpcIds: ['vpc-1'] } },
    );
    const summary = await publish(scoped, T0 + 3600_000);

    expect(summary.archived).toBe(2);
    expect(
      hub
        .importedFindings()
        .map((f) => f.ProductFields![PRODUCT_FIELD.resourceId])
        .sort(),
    ).toEqual(['sg-a', 'sg-gone']);
    expect(state('sg-b')).toBe('ACTIVE');
  });

  it('a rule that was NOT_EVALUATED for the whole account archives nothing', async () => {
    await seed();

    const blind = aReport([
      aResult({
        resourceId: '123456789012',
        resourceType: 'AwsAccount',
        status: 'NOT_EVALUATED',
        vpcId: undefined,
      }),
    ]);
    const summary = await publish(blind, T0 + 3600_000);

    expect(summary).toMatchObject({ archived: 0, unchanged: 3 });
    expect(hub.imports).toEqual([]);
  });

  it('one NOT_EVALUATED resource does not stop the rule archiving resources that are gone', async () => {
    await seed();

    const report = aReport([
      aResult({ resourceId: 'sg-a', status: 'NOT_EVALUATED' }),
      aResult({ resourceId: 'sg-b', vpcId: 'vpc-2' }),
    ]);
    const summary = await publish(report, T0 + 3600_000);

    expect(summary).toMatchObject({ archived: 1 });
    expect(state('sg-gone')).toBe('ARCHIVED');
    expect(state('sg-a')).toBe('ACTIVE');
  });

  it('a rule that did not run (disabled) archives nothing', async () => {
    await seed();

    const summary = await publish(aReport([], { ruleIds: ['VPC.1'] }), T0 + 3600_000);

    expect(summary).toMatchObject({ archived: 0, unchanged: 3 });
  });

  it('archives nothing in a VPC whose collection failed', async () => {
    await seed();

    const partial = aReport([aResult({ resourceId: 'sg-b', vpcId: 'vpc-2' })], {
      ruleIds: ['SG.1'],
      errors: [{ api: 'DescribeSecurityGroups', code: 'Throttling', message: 'x', vpcId: 'vpc-1' }],
    });
    const summary = await publish(partial, T0 + 3600_000);

    expect(summary.archived).toBe(0);
  });

  it('archives a finding that becomes suppressed, and never imports a suppressed one as FAILED', async () => {
    await seed();
    const suppression = { reason: 'bastion', owner: 'net-team', expires: '2027-01-31' };

    const summary = await publish(
      aReport([
        aResult({ resourceId: 'sg-a', vpcId: 'vpc-1', status: 'SUPPRESSED', suppression }),
        aResult({ resourceId: 'sg-gone', vpcId: 'vpc-1' }),
        aResult({ resourceId: 'sg-b', vpcId: 'vpc-2' }),
        aResult({ resourceId: 'sg-new', vpcId: 'vpc-1', status: 'SUPPRESSED', suppression }),
      ]),
      T0 + 3600_000,
    );

    expect(summary).toMatchObject({ imported: 0, archived: 1, newOrReopened: [] });
    expect(hub.importedFindings()[0]).toMatchObject({
      Id: aResult({ resourceId: 'sg-a' }).findingId,
      RecordState: 'ARCHIVED',
      Compliance: { Status: 'WARNING' },
    });
    expect(state('sg-new')).toBeUndefined();
  });
});
