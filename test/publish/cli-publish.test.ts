import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { parseConfig } from '../../lambda/config/config';
import { publishFromCli } from '../../lambda/cli/publish';
import { InputError } from '../../lambda/errors';
import { FakeSecurityHub, fakeTime } from './fake-security-hub';
import { aReport, aResult } from './fixtures';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:netaudit-alerts';
const config = parseConfig({}, ['SG.1']);

describe('publishFromCli (netaudit scan --publish securityhub --alert-topic ARN)', () => {
  const sns = mockClient(SNSClient);
  let hub: FakeSecurityHub;
  const time = fakeTime();

  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    hub = new FakeSecurityHub();
  });

  const deps = () => ({
    securityHub: hub.client,
    sns: new SNSClient({ region: 'us-east-1' }),
    now: () => new Date('2026-11-28T01:00:00Z'),
    sleep: time.sleep,
    clock: time.clock,
  });

  it('publishes, alerts and says so in one paragraph', async () => {
    const report = aReport([
      aResult({ severity: 'CRITICAL' }),
      aResult({ resourceId: 'sg-2', status: 'PASSED' }),
    ]);

    const { text, refused } = await publishFromCli(
      report,
      { publish: 'securityhub', alertTopicArn: TOPIC, region: 'us-east-1', config },
      deps(),
    );

    expect(refused).toBe(0);
    expect(text).toBe(
      'Security Hub (123456789012, us-east-1): 1 imported, 0 archived, 0 unchanged, 0 failed; 1 new or reopened. ' +
        `Alert sent to ${TOPIC} (crossed CRITICAL 1 >= 1).`,
    );
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('reports a second run as unchanged with no alert', async () => {
    const report = aReport([aResult({ severity: 'CRITICAL' })]);
    const options = { publish: 'securityhub' as const, alertTopicArn: TOPIC, region: 'us-east-1', config };
    await publishFromCli(report, options, deps());

    const { text } = await publishFromCli(report, options, deps());

    expect(text).toContain('0 imported, 0 archived, 1 unchanged, 0 failed; 0 new or reopened.');
    expect(text).toContain('No alert sent: no threshold crossed');
  });

  it('lists findings that could not be imported', async () => {
    hub.refuse.set(aResult().findingId, 99);

    const { text, refused } = await publishFromCli(
      aReport([aResult()]),
      { publish: 'securityhub', region: 'us-east-1', config },
      deps(),
    );

    expect(refused).toBe(1);
    expect(text).toContain('1 failed');
    expect(text).toContain(`Not imported: ${aResult().findingId} (InternalFailure: try again).`);
  });

  it.each([
    [{ alertTopicArn: TOPIC }, /--alert-topic needs --publish securityhub/],
    [{ publish: 'splunk' }, /--publish: unknown target "splunk"/],
    [
      { publish: 'securityhub', alertTopicArn: 'my-topic' },
      /--alert-topic: "my-topic" is not a standard SNS topic ARN/,
    ],
    [
      { publish: 'securityhub', region: 'eu-west-1' },
      /--region eu-west-1 does not match the audited region us-east-1/,
    ],
  ])('rejects bad options with an InputError before calling AWS: %j', async (bad, message) => {
    const options = { region: 'us-east-1', config, ...bad } as Parameters<typeof publishFromCli>[1];

    const run = publishFromCli(aReport([aResult()]), options, deps());

    await expect(run).rejects.toThrow(InputError);
    await expect(publishFromCli(aReport([aResult()]), options, deps())).rejects.toThrow(message);
    expect(hub.calls).toMatchObject({ get: 0, import: 0 });
  });
});
