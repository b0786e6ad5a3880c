import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { alertSubject, securityHubLink, sendAlert } from '../../lambda/publish/alert';
import { publishToSecurityHub } from '../../lambda/publish/security-hub';
import { FakeSecurityHub, fakeTime } from './fake-security-hub';
import { aReport, aResult } from './fixtures';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:netaudit-alerts';

describe('sendAlert', () => {
  const sns = mockClient(SNSClient);
  const client = new SNSClient({ region: 'us-east-1' });
  const time = fakeTime();

  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  });

  const sent = (): PublishCommandInput => sns.commandCalls(PublishCommand)[0]!.args[0].input;

  it('sends exactly one message when a threshold is crossed, with subject, body and attributes', async () => {
    // Prepare
    const findings = [
      aResult({ resourceId: 'sg-1', severity: 'HIGH' }),
      aResult({
        resourceId: 'sg-2',
        severity: 'CRITICAL',
        message: 'sg-2 allows all traffic from 0.0.0.0/0',
      }),
      aResult({ resourceId: 'sg-3', severity: 'LOW' }),
    ];
    const report = aReport(findings);

    // Act
    const outcome = await sendAlert(client, TOPIC, report, findings, { CRITICAL: 1, HIGH: 5 });

    // Assess
    expect(outcome).toEqual({ sent: true, reason: 'crossed CRITICAL 1 >= 1', messageId: 'm-1' });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = sent();
    expect(input.TopicArn).toBe(TOPIC);
    expect(input.Subject).toBe(
      'NetAudit: 3 new findings (1 CRITICAL, 1 HIGH, 1 LOW) in 123456789012 us-east-1',
    );
    expect(input.Subject!.length).toBeLessThan(100);
    expect(input.MessageAttributes).toEqual({
      severity: { DataType: 'String', StringValue: 'CRITICAL' },
      account: { DataType: 'String', StringValue: '123456789012' },
      region: { DataType: 'String', StringValue: 'us-east-1' },
    });
    const body = input.Message!;
    // Most severe first, each with rule, resource, message and fix.
    expect(body.indexOf('[CRITICAL] SG.1 sg-2 (vpc-1)')).toBeLessThan(body.indexOf('[HIGH] SG.1 sg-1'));
    expect(body).toContain('sg-2 allows all traffic from 0.0.0.0/0');
    expect(body).toContain('Fix: Replace 0.0.0.0/0 on the admin port rules');
    expect(body).toContain('New or reopened: 1 CRITICAL, 1 HIGH, 1 LOW');
    expect(body).toContain('https://console.aws.amazon.com/securityhub/home?region=us-east-1#/findings');
  });

  it('sends nothing when no threshold is crossed', async () => {
    const findings = [aResult({ severity: 'MEDIUM' }), aResult({ resourceId: 'sg-2', severity: 'HIGH' })];

    const outcome = await sendAlert(client, TOPIC, aReport(findings), findings, { CRITICAL: 1, HIGH: 2 });

    expect(outcome.sent).toBe(false);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('alerts on new or reopened findings only: the same findings on the next run send nothing', async () => {
    const hub = new FakeSecurityHub();
    const report = aReport([aResult({ severity: 'CRITICAL' })]);
    const run = async (at: string) => {
      const publish = await publishToSecurityHub(hub.client, report, {
        now: new Date(at),
        refreshAgeDays: 7,
        sleep: time.sleep,
        clock: time.clock,
      });
      return sendAlert(client, TOPIC, report, publish.newOrReopened);
    };

    expect((await run('2026-11-28T01:00:00Z')).sent).toBe(true);
    expect((await run('2026-11-28T02:00:00Z')).sent).toBe(false);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('uses the default thresholds: any new CRITICAL or HIGH', async () => {
    const medium = [aResult({ severity: 'MEDIUM' })];
    expect((await sendAlert(client, TOPIC, aReport(medium), medium)).sent).toBe(false);
    const high = [aResult({ severity: 'HIGH' })];
    expect((await sendAlert(client, TOPIC, aReport(high), high)).sent).toBe(true);
  });

  // The SNS client's own retries are tested over its HTTP transport, in sdk-retries.test.ts.
  it('reports a publish that failed for good instead of throwing, and sends it once', async () => {
    sns
      .on(PublishCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException', $metadata: {} }));
    const findings = [aResult({ severity: 'CRITICAL' })];

    const outcome = await sendAlert(client, TOPIC, aReport(findings), findings);

    expect(outcome).toMatchObject({ sent: false, error: 'ThrottledException: Rate exceeded' });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('keeps the subject under 100 characters and lists at most the top findings in the body', async () => {
    const findings = Array.from({ length: 25 }, (_, i) =>
      aResult({ resourceId: `sg-${i}`, severity: i % 2 ? 'HIGH' : 'CRITICAL' }),
    );
    const report = aReport(findings, { accountId: '123456789012', region: 'ap-southeast-2' });
    expect(alertSubject(report, findings).length).toBeLessThan(100);

    await sendAlert(client, TOPIC, report, findings);

    expect(sent().Message).toContain('... and 15 more.');
  });

  it('links to the console of the right partition', () => {
    expect(securityHubLink('aws-cn', 'cn-north-1')).toBe(
      'https://console.amazonaws.cn/securityhub/home?region=cn-north-1#/findings',
    );
    expect(securityHubLink('aws-us-gov', 'us-gov-west-1')).toMatch(
      /^https:\/\/console\.amazonaws-us-gov\.com\//,
    );
    expect(securityHubLink('aws', 'us-east-1', 'netaudit/us-east-1/1/SG.1/sg-1')).toContain(
      '#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253Anetaudit%252Fus-east-1%252F1%252FSG.1%252Fsg-1',
    );
  });
});
