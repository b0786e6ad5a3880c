import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { parseConfig } from '../../lambda/config/config';
import { runAudit, type CollectFn, type RunDeps } from '../../lambda/run/run-audit';
import type { Snapshot } from '../../lambda/snapshot/types';
import { FakeSecurityHub, fakeTime } from '../publish/fake-security-hub';
import { NetworkBuilder } from '../support/network-builder';
import { FORMAT_RULES } from '../support/report';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:netaudit-alerts';
const config = parseConfig({}, ['SG.1', 'VPC.1']);

function network(): Snapshot {
  const net = new NetworkBuilder();
  const vpc1 = net.vpc({ id: 'vpc-1', bare: true });
  const vpc2 = net.vpc({ id: 'vpc-2', bare: true });
  net.securityGroup({ vpc: vpc1, id: 'sg-open', name: 'open' });
  net.securityGroup({ vpc: vpc2, id: 'sg-other', name: 'open' });
  net.securityGroup({ vpc: vpc1, id: 'sg-closed', name: 'closed' });
  return net.snapshot();
}

describe('runAudit', () => {
  const sns = mockClient(SNSClient);
  let hub: FakeSecurityHub;
  const time = fakeTime();

  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    hub = new FakeSecurityHub();
  });

  const deps = (collect: CollectFn, extra: Partial<RunDeps> = {}): RunDeps => ({
    collect,
    rules: FORMAT_RULES,
    securityHub: hub.client,
    sns: new SNSClient({ region: 'us-east-1' }),
    now: () => new Date('2026-11-28T01:00:00Z'),
    sleep: time.sleep,
    clock: time.clock,
    ...extra,
  });

  it('collects, evaluates, publishes and alerts; an identical second run imports nothing and stays quiet', async () => {
    // Prepare
    const collect = jest.fn<ReturnType<CollectFn>, Parameters<CollectFn>>(async () => ({
      snapshot: network(),
      stats: { calls: 3 },
    }));

    // Act
    const first = await runAudit(deps(collect), { region: 'us-east-1', config, alertTopicArn: TOPIC });
    const second = await runAudit(deps(collect), { region: 'us-east-1', config, alertTopicArn: TOPIC });

    // Assess
    expect(collect).toHaveBeenCalledWith({ region: 'us-east-1' });
    expect(first.stats).toEqual({ calls: 3 });
    expect(first.report.summary.failed).toBe(2);
    expect(first.publish).toMatchObject({ imported: 2, archived: 0, failed: 0 });
    expect(first.alert).toMatchObject({ sent: true });
    expect(second.publish).toMatchObject({ imported: 0, unchanged: 2, newOrReopened: [] });
    expect(second.alert).toMatchObject({ sent: false });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('passes the VPC scope to collection and keeps archiving inside it, even if the snapshot forgets it', async () => {
    await runAudit(
      deps(async () => ({ snapshot: network(), stats: {} })),
      { region: 'us-east-1', config },
    );
    const onlyVpc1 = network();
    onlyVpc1.securityGroups = onlyVpc1.securityGroups.filter(
      (g) => g.VpcId === 'vpc-1' && g.GroupName !== 'open',
    );
    onlyVpc1.vpcs = onlyVpc1.vpcs.filter((v) => v.VpcId === 'vpc-1');
    const collect = jest.fn<ReturnType<CollectFn>, Parameters<CollectFn>>(async () => ({
      snapshot: onlyVpc1,
      stats: {},
    }));

    const run = await runAudit(deps(collect), { region: 'us-east-1', vpcIds: ['vpc-1'], config });

    expect(collect).toHaveBeenCalledWith({ region: 'us-east-1', vpcIds: ['vpc-1'] });
    expect(run.report.scope).toEqual({ vpcIds: ['vpc-1'] });
    expect(run.publish).toMatchObject({ archived: 1 });
    expect(hub.store.get('netaudit/us-east-1/123456789012/SG.1/sg-open')!.RecordState).toBe('ARCHIVED');
    expect(hub.store.get('netaudit/us-east-1/123456789012/SG.1/sg-other')!.RecordState).toBe('ACTIVE');
  });

  it('without Security Hub publishes nothing and explains why no alert can be sent', async () => {
    const run = await runAudit(
      deps(async () => ({ snapshot: network(), stats: {} }), { securityHub: undefined }),
      { region: 'us-east-1', config, alertTopicArn: TOPIC },
    );

    expect(run.publish).toBeUndefined();
    expect(run.alert).toMatchObject({ sent: false, reason: expect.stringContaining('need Security Hub') });
    expect(hub.calls).toMatchObject({ get: 0, import: 0 });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('lets a collection failure propagate (the handler counts it as a failed run)', async () => {
    const collect: CollectFn = async () => {
      throw new Error('could not identify the account');
    };

    await expect(runAudit(deps(collect), { region: 'us-east-1', config })).rejects.toThrow(
      'could not identify',
    );
  });
});
