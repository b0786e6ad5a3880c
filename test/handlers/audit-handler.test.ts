import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createAuditHandler, type HandlerDeps } from '../../lambda/handlers/audit-handler';
import { parseEnv } from '../../lambda/handlers/env';
import type { CollectFn } from '../../lambda/run/run-audit';
import { CORE_APIS } from '../../lambda/rules/audit/core-apis';
import { RULE_IDS } from '../../lambda/rules/registry';
import { PART_API } from '../../lambda/snapshot/types';
import { FakeSecurityHub, fakeTime } from '../publish/fake-security-hub';
import { NetworkBuilder } from '../support/network-builder';
import { cloudTrailEvent, scheduledEvent } from './event-fixtures';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:netaudit-alerts';

/** A network with SSH open to the world in vpc-1: SG.1 fails there. */
function exposedNetwork() {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-1', bare: true });
  net.securityGroup({
    vpc,
    id: 'sg-web',
    ingress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
  });
  return net.snapshot();
}

function recorder() {
  const metrics: { name: string; unit: string; value: number }[] = [];
  const logs: { level: string; message: string }[] = [];
  const log =
    (level: string) =>
    (message: unknown, ..._extra: unknown[]) =>
      void logs.push({ level, message: String(message) });
  return {
    metrics,
    logs,
    published: jest.fn(),
    deps: {
      logger: { info: log('info'), warn: log('warn'), error: log('error') },
      metrics: {
        addMetric: (name: string, unit: string, value: number) => {
          metrics.push({ name, unit, value });
        },
        publishStoredMetrics: () => undefined,
      },
    },
  };
}

describe('the audit Lambda handler', () => {
  const ec2Mock = mockClient(EC2Client);
  const snsMock = mockClient(SNSClient);
  let hub: FakeSecurityHub;
  let rec: ReturnType<typeof recorder>;
  let collect: jest.Mock<ReturnType<CollectFn>, Parameters<CollectFn>>;
  const time = fakeTime();

  beforeEach(() => {
    ec2Mock.reset();
    snsMock.reset();
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    hub = new FakeSecurityHub();
    rec = recorder();
    collect = jest.fn<ReturnType<CollectFn>, Parameters<CollectFn>>(async () => ({
      snapshot: exposedNetwork(),
      stats: {},
    }));
  });

  const handlerWith = (env: Record<string, string> = {}) => {
    const deps: HandlerDeps = {
      env: parseEnv({ AWS_REGION: 'us-east-1', ALERT_TOPIC_ARN: TOPIC, ...env }, RULE_IDS),
      ec2: new EC2Client({ region: 'us-east-1' }),
      securityHub: hub.client,
      sns: new SNSClient({ region: 'us-east-1' }),
      collect,
      ...rec.deps,
      now: () => new Date('2026-11-28T01:00:00Z'),
      sleep: time.sleep,
      clock: time.clock,
    };
    return createAuditHandler(deps);
  };

  it('audits the whole region on a scheduled event, publishes, alerts and returns a summary', async () => {
    // Act
    const summary = await handlerWith()(scheduledEvent);

    // Assess
    expect(collect).toHaveBeenCalledWith({ region: 'us-east-1' });
    expect(summary).toMatchObject({
      target: 'region',
      reason: 'scheduled audit',
      accountId: '123456789012',
      region: 'us-east-1',
      alert: { sent: true },
    });
    // The whole catalogue runs: SG.1 and whatever else this network trips, all new on a first run.
    expect(summary.bySeverity!.HIGH).toBeGreaterThanOrEqual(1);
    expect(summary.securityHub).toMatchObject({ imported: summary.failed, archived: 0, failed: 0 });
    expect(summary.securityHub!.newOrReopened).toBe(summary.failed);
    expect(hub.store.has('netaudit/us-east-1/123456789012/SG.1/sg-web')).toBe(true);
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(rec.metrics).toEqual(
      expect.arrayContaining([
        { name: 'FindingsHigh', unit: 'Count', value: summary.bySeverity!.HIGH },
        { name: 'Imported', unit: 'Count', value: summary.failed },
        { name: 'Archived', unit: 'Count', value: 0 },
        { name: 'PublishFailed', unit: 'Count', value: 0 },
        expect.objectContaining({ name: 'Duration', unit: 'Milliseconds' }),
      ]),
    );
  });

  it('audits only the touched VPC on a CloudTrail change event', async () => {
    ec2Mock
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: 'sg-web', VpcId: 'vpc-1' }] });

    const summary = await handlerWith()(
      cloudTrailEvent('AuthorizeSecurityGroupIngress', { groupId: 'sg-web' }),
    );

    expect(collect).toHaveBeenCalledWith({ region: 'us-east-1', vpcIds: ['vpc-1'] });
    expect(summary).toMatchObject({ target: 'vpcs', vpcIds: ['vpc-1'] });
    expect(summary.securityHub!.imported).toBe(summary.failed);
  });

  it('does not publish when SECURITY_HUB_ENABLED is false', async () => {
    const summary = await handlerWith({ SECURITY_HUB_ENABLED: 'false' })(scheduledEvent);

    expect(summary.securityHub).toBeUndefined();
    expect(summary.alert).toMatchObject({ sent: false });
    expect(hub.calls).toMatchObject({ get: 0, import: 0 });
  });

  it('records a FailedRuns metric, logs and rethrows when the run fails', async () => {
    collect.mockRejectedValueOnce(new Error('AccessDenied on sts:GetCallerIdentity'));

    await expect(handlerWith()(scheduledEvent)).rejects.toThrow('AccessDenied');

    expect(rec.metrics).toContainEqual({ name: 'FailedRuns', unit: 'Count', value: 1 });
    expect(rec.logs).toContainEqual({ level: 'error', message: 'audit failed' });
  });

  it('counts collection errors and lost core APIs on every run, zero included', async () => {
    await handlerWith()(scheduledEvent);

    expect(rec.metrics).toEqual(
      expect.arrayContaining([
        { name: 'CollectionErrors', unit: 'Count', value: 0 },
        { name: 'CoreApisLost', unit: 'Count', value: 0 },
      ]),
    );
    expect(rec.metrics.filter((m) => m.name === 'FailedRuns')).toEqual([]);
  });

  it('reports a lost core API as a HIGH finding, a metric and an error log, and still succeeds', async () => {
    collect.mockImplementationOnce(async () => {
      const snapshot = exposedNetwork();
      snapshot.errors.push({ api: 'DescribeInstances', code: 'AccessDenied', message: 'denied' });
      return { snapshot, stats: {} };
    });

    const summary = await handlerWith()(scheduledEvent);

    expect(summary.coreApisLost).toEqual(['DescribeInstances']);
    expect(
      hub.store.get('netaudit/us-east-1/123456789012/AUDIT.1/123456789012/DescribeInstances'),
    ).toMatchObject({ Severity: { Label: 'HIGH' } });
    expect(rec.metrics).toEqual(
      expect.arrayContaining([
        { name: 'CollectionErrors', unit: 'Count', value: 1 },
        { name: 'CoreApisLost', unit: 'Count', value: 1 },
      ]),
    );
    expect(rec.logs).toContainEqual({ level: 'error', message: 'core collection APIs lost' });
    expect(rec.metrics.filter((m) => m.name === 'FailedRuns')).toEqual([]);
  });

  it('fails a run whose every EC2 call was denied, after publishing and alerting what it learned', async () => {
    collect.mockImplementationOnce(async () => {
      const net = new NetworkBuilder();
      for (const api of new Set(Object.values(PART_API))) {
        net.error({ api, code: 'AccessDenied', message: `not authorized to perform ec2:${api}` });
      }
      return { snapshot: net.snapshot(), stats: {} };
    });

    await expect(handlerWith()(scheduledEvent)).rejects.toThrow(
      /^the audit evaluated nothing: every core EC2 API failed \(AccessDenied\)/,
    );

    // What the run did learn is out: each lost core call is a HIGH finding, and the alert went.
    const audit1 = [...hub.store.values()].filter((f) => f.GeneratorId === 'netaudit/AUDIT.1');
    expect(audit1.filter((f) => f.Severity?.Label === 'HIGH')).toHaveLength(CORE_APIS.length);
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(rec.metrics).toEqual(
      expect.arrayContaining([
        { name: 'CoreApisLost', unit: 'Count', value: CORE_APIS.length },
        { name: 'FailedRuns', unit: 'Count', value: 1 },
      ]),
    );
    expect(rec.logs).toContainEqual({ level: 'error', message: 'audit evaluated nothing' });
  });

  it('does nothing for a CloudTrail call that failed', async () => {
    const event = cloudTrailEvent('AuthorizeSecurityGroupIngress', { groupId: 'sg-web' }, null, {
      errorCode: 'Client.InvalidPermission.Duplicate',
    });

    expect(await handlerWith()(event)).toMatchObject({ target: 'skip' });
    expect(collect).not.toHaveBeenCalled();
    expect(rec.metrics).toEqual([{ name: 'SkippedRuns', unit: 'Count', value: 1 }]);
  });
});
