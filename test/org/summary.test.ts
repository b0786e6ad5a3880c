import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import {
  digestBody,
  digestSubject,
  reduceAccount,
  reduceByAccount,
  sendDigest,
  summarizeRun,
} from '../../lambda/org/summary';
import type { TargetResult } from '../../lambda/org/types';

const TOPIC = 'arn:aws:sns:us-east-1:999999999999:netaudit-org-alerts';

const audited = (accountId: string, region: string, extra: Partial<TargetResult> = {}): TargetResult => ({
  accountId,
  accountName: `acct-${accountId.slice(0, 3)}`,
  region,
  status: 'AUDITED',
  bySeverity: { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 0, INFORMATIONAL: 0 },
  newBySeverity: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 },
  ...extra,
});

const RESULTS: TargetResult[] = [
  audited('111111111111', 'us-east-1'),
  audited('111111111111', 'eu-west-1', {
    newBySeverity: { CRITICAL: 1, HIGH: 2 },
    crossed: ['CRITICAL 1 >= 1', 'HIGH 2 >= 1'],
  }),
  {
    accountId: '222222222222',
    accountName: 'acct-222',
    region: 'us-east-1',
    status: 'FAILED',
    error: { name: 'AccessDenied', message: 'not authorized to perform: sts:AssumeRole' },
  },
  audited('222222222222', 'eu-west-1'),
];

describe('organization run summary and digest', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  });

  it('reduces one account to a compact record that names failed and alerting regions', () => {
    const account = reduceAccount(RESULTS.filter((r) => r.accountId === '222222222222'));

    expect(account).toEqual({
      accountId: '222222222222',
      accountName: 'acct-222',
      targets: 2,
      audited: 1,
      open: [0, 1, 2, 0, 0],
      failed: [{ regions: ['us-east-1'], error: 'AccessDenied: not authorized to perform: sts:AssumeRole' }],
    });
    expect(JSON.stringify(account).length).toBeLessThan(300);
  });

  it('totals the run: targets audited and failed, findings by severity, who alerts and who failed', () => {
    const summary = summarizeRun(reduceByAccount(RESULTS));

    expect(summary).toMatchObject({
      targets: 4,
      audited: 3,
      failed: 1,
      accounts: 2,
      bySeverity: { CRITICAL: 0, HIGH: 3, MEDIUM: 6, LOW: 0, INFORMATIONAL: 0 },
      newBySeverity: { CRITICAL: 1, HIGH: 2, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 },
      alerting: [
        { accountId: '111111111111', region: 'eu-west-1', crossed: ['CRITICAL 1 >= 1', 'HIGH 2 >= 1'] },
      ],
      failedTargets: [
        { accountId: '222222222222', region: 'us-east-1', error: expect.stringMatching(/^AccessDenied/) },
      ],
    });
    expect(digestSubject(summary)).toBe(
      'NetAudit organization: 3 new findings in 1 account, 1 target failed',
    );
  });

  it('counts a target that evaluated nothing as failed, keeping its findings, and says what it means', () => {
    const blind: TargetResult = {
      accountId: '333333333333',
      region: 'us-east-1',
      status: 'FAILED',
      bySeverity: { HIGH: 7 },
      newBySeverity: { HIGH: 7 },
      crossed: ['HIGH 7 >= 1'],
      collectionErrors: 30,
      error: { name: 'NothingEvaluated', message: 'every core EC2 API failed (AccessDenied): DescribeVpcs' },
    };

    const summary = summarizeRun(reduceByAccount([audited('111111111111', 'us-east-1'), blind]));

    expect(summary).toMatchObject({ targets: 2, audited: 1, failed: 1 });
    expect(summary.bySeverity.HIGH).toBe(8);
    expect(summary.failedTargets).toEqual([
      {
        accountId: '333333333333',
        region: 'all regions',
        error: 'NothingEvaluated: every core EC2 API failed (AccessDenied): DescribeVpcs',
      },
    ]);
    expect(summary.alerting.map((a) => a.accountId)).toEqual(['333333333333']);
    expect(digestSubject(summary)).toBe(
      'NetAudit organization: 7 new findings in 1 account, 1 target failed',
    );
    expect(digestBody(summary)).toContain('NothingEvaluated means the role was assumed');
    expect(digestBody(summarizeRun(reduceByAccount(RESULTS)))).not.toContain('NothingEvaluated');
  });

  it('sends one digest to the central topic naming the accounts, with filterable attributes', async () => {
    const outcome = await sendDigest(
      new SNSClient({ region: 'us-east-1' }),
      TOPIC,
      summarizeRun(reduceByAccount(RESULTS)),
    );

    expect(outcome).toMatchObject({ sent: true, messageId: 'm-1' });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.TopicArn).toBe(TOPIC);
    expect(input.Message).toContain('111111111111 (acct-111) eu-west-1: CRITICAL 1 >= 1, HIGH 2 >= 1');
    expect(input.Message).toContain('222222222222 (acct-222) us-east-1: AccessDenied');
    expect(input.MessageAttributes).toEqual({
      severity: { DataType: 'String', StringValue: 'CRITICAL' },
      failedTargets: { DataType: 'Number', StringValue: '1' },
      accounts: { DataType: 'String', StringValue: '111111111111' },
    });
  });

  it('stays quiet when nothing crossed a threshold and nothing failed', async () => {
    const outcome = await sendDigest(
      new SNSClient({ region: 'us-east-1' }),
      TOPIC,
      summarizeRun(reduceByAccount([audited('111111111111', 'us-east-1')])),
    );

    expect(outcome.sent).toBe(false);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it('reports a digest that could not be published instead of failing the run', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('denied'), { name: 'AuthorizationError' }));

    const outcome = await sendDigest(
      new SNSClient({ region: 'us-east-1' }),
      TOPIC,
      summarizeRun(reduceByAccount(RESULTS)),
    );

    expect(outcome).toMatchObject({ sent: false, error: 'AuthorizationError: denied' });
  });

  it('keeps a 1,000-account run within the 256 KB Step Functions state, even with the role missing everywhere', () => {
    const REGIONS = [
      'us-east-1',
      'us-east-2',
      'us-west-1',
      'us-west-2',
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
    ];
    const denied = (accountId: string, region: string): TargetResult => ({
      accountId,
      accountName: `workload-account-${accountId.slice(-4)}`,
      region,
      status: 'FAILED',
      error: {
        name: 'AccessDenied',
        message: `User: arn:aws:sts::999999999999:assumed-role/NetAuditOrgAuditor/netaudit-org-audit is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${accountId}:role/NetAuditMember`,
      },
    });
    const accounts = Array.from({ length: 1000 }, (_, i) => {
      const id = String(100000000000 + i);
      return reduceAccount(
        [...REGIONS, ...REGIONS.map((r) => r.replace('us-', 'ap-'))].map((r) => denied(id, r)),
      );
    });

    expect(accounts[0]!.failed).toEqual([
      { regions: '*', error: expect.stringMatching(/^AccessDenied: User: /) },
    ]);
    expect(Buffer.byteLength(JSON.stringify({ accounts }))).toBeLessThan(256 * 1024);
  });
});
