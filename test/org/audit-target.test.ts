import { AssumeRoleCommand } from '@aws-sdk/nested-clients/sts';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { parseConfig } from '../../lambda/config/config';
import { auditTarget, auditTargets, type TargetAuditOptions } from '../../lambda/org/audit-target';
import type { OrgTarget } from '../../lambda/org/types';
import { CORE_APIS } from '../../lambda/rules/audit/core-apis';
import { RULE_IDS } from '../../lambda/rules/registry';
import { PART_API } from '../../lambda/snapshot/types';
import { awsError } from '../collect/fake-account';
import { fakeTime } from '../publish/fake-security-hub';
import { fakeMembers } from './member-fakes';

const OK_A = '111111111111';
const DENIED = '222222222222';
const OK_C = '333333333333';

const options: TargetAuditOptions = {
  access: { roleName: 'NetAuditMember', externalId: 'netaudit-ext-1', sessionName: 'netaudit-org-audit' },
  config: parseConfig({}, RULE_IDS),
  publish: true,
};

describe('auditing a member account through its role', () => {
  let members: ReturnType<typeof fakeMembers>;
  const time = fakeTime();
  const deps = {
    retryStrategy: new ConfiguredRetryStrategy(1),
    now: () => new Date('2026-11-28T01:00:00Z'),
    sleep: time.sleep,
    clock: time.clock,
  };

  beforeEach(() => {
    members = fakeMembers({ denied: [DENIED] });
  });
  afterEach(() => members.restore());

  it('assumes the member role of each target account, with the session name and external id', async () => {
    // Prepare
    const targets: OrgTarget[] = [
      { accountId: OK_A, region: 'us-east-1' },
      { accountId: OK_C, region: 'eu-west-1' },
    ];

    // Act
    await auditTargets(targets, 2, (t) => auditTarget(t, options, deps));

    // Assess
    const assumed = members.assumeRole.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input);
    expect(assumed.map((i) => i.RoleArn).sort()).toEqual([
      `arn:aws:iam::${OK_A}:role/NetAuditMember`,
      `arn:aws:iam::${OK_C}:role/NetAuditMember`,
    ]);
    for (const input of assumed) {
      expect(input).toMatchObject({
        RoleSessionName: 'netaudit-org-audit',
        ExternalId: 'netaudit-ext-1',
        DurationSeconds: 900,
      });
    }
  });

  it("imports the findings into the member's own Security Hub, in the target region, with the member's product ARN", async () => {
    const result = await auditTarget(
      { accountId: OK_C, accountName: 'prod', region: 'eu-west-1' },
      options,
      deps,
    );

    expect(result).toMatchObject({
      accountId: OK_C,
      accountName: 'prod',
      region: 'eu-west-1',
      status: 'AUDITED',
    });
    const findings = members.imports.flatMap((i) => i.findings);
    expect(findings.length).toBeGreaterThan(0);
    // Imported with the member's credentials, from a client in the target region...
    expect(members.imports.map((i) => [i.account, i.region])).toEqual(
      members.imports.map(() => [OK_C, 'eu-west-1']),
    );
    // ...as the member's own custom product, the only one a member may import into.
    for (const f of findings) {
      expect(f).toMatchObject({
        AwsAccountId: OK_C,
        ProductArn: `arn:aws:securityhub:eu-west-1:${OK_C}:product/${OK_C}/default`,
      });
      expect(f.Id).toMatch(new RegExp(`^netaudit/eu-west-1/${OK_C}/`));
    }
    expect(result.newBySeverity).toBeDefined();
    const imported = Object.values(result.newBySeverity ?? {}).reduce((n, c) => n + c, 0);
    expect(imported).toBe(findings.length);
  });

  it("isolates one target's AccessDenied: it is reported, and every other target is audited", async () => {
    const targets: OrgTarget[] = [OK_A, DENIED, OK_C].map((accountId) => ({
      accountId,
      region: 'us-east-1',
    }));

    const results = await auditTargets(targets, 3, (t) => auditTarget(t, options, deps));

    expect(results.map((r) => [r.accountId, r.status])).toEqual([
      [OK_A, 'AUDITED'],
      [DENIED, 'FAILED'],
      [OK_C, 'AUDITED'],
    ]);
    expect(results[1]!.error).toEqual({
      name: 'AccessDenied',
      message: expect.stringContaining(
        `sts:AssumeRole on resource: arn:aws:iam::${DENIED}:role/NetAuditMember`,
      ),
    });
    expect(new Set(members.imports.map((i) => i.account))).toEqual(new Set([OK_A, OK_C]));
  });

  it('fails a member whose SCP denies every EC2 call, keeping the HIGH findings it published', async () => {
    members.restore();
    const denied = (api: string) => ({
      api,
      error: awsError('AccessDenied', `explicit deny in a service control policy: ec2:${api}`),
    });
    members = fakeMembers({ ec2Failures: [...new Set(Object.values(PART_API))].map(denied) });

    const result = await auditTarget({ accountId: OK_A, region: 'us-east-1' }, options, deps);

    expect(result).toMatchObject({
      status: 'FAILED',
      error: {
        name: 'NothingEvaluated',
        message: expect.stringMatching(/^every core EC2 API failed \(AccessDenied\)/),
      },
      collectionErrors: expect.any(Number),
    });
    expect(result.bySeverity?.HIGH).toBe(CORE_APIS.length);
    const lost = members.imports
      .flatMap((i) => i.findings)
      .filter((f) => f.GeneratorId === 'netaudit/AUDIT.1' && f.Severity?.Label === 'HIGH');
    expect(lost).toHaveLength(CORE_APIS.length);
  });

  it('audits a member that lost one core call, and says how many calls failed', async () => {
    members.restore();
    members = fakeMembers({
      ec2Failures: [{ api: 'DescribeInstances', error: awsError('AccessDenied', 'denied') }],
    });

    const result = await auditTarget({ accountId: OK_A, region: 'us-east-1' }, options, deps);

    expect(result).toMatchObject({ status: 'AUDITED', collectionErrors: 1 });
    expect(result.bySeverity?.HIGH).toBeGreaterThanOrEqual(1);
  });

  it('hands each AWS client it creates to the tracer', async () => {
    const traced: string[] = [];

    await auditTarget({ accountId: OK_A, region: 'us-east-1' }, options, {
      ...deps,
      traceClient: (client) => {
        traced.push((client as object).constructor.name);
        return client;
      },
    });

    expect(traced.sort()).toEqual([
      'DirectConnectClient',
      'EC2Client',
      'NetworkFirewallClient',
      'STSClient',
      'SecurityHubClient',
    ]);
  });

  it('collects and evaluates without Security Hub when publishing is off', async () => {
    const result = await auditTarget(
      { accountId: OK_A, region: 'us-east-1' },
      { ...options, publish: false },
      deps,
    );

    expect(result.status).toBe('AUDITED');
    expect(Object.values(result.bySeverity ?? {}).reduce((n, c) => n + c, 0)).toBeGreaterThan(0);
    expect(result.newBySeverity).toBeUndefined();
    expect(members.imports).toEqual([]);
  });

  it('calls STS in the caller region when told, whatever the target region', async () => {
    await auditTarget(
      { accountId: OK_A, region: 'eu-west-1' },
      { ...options, access: { ...options.access, stsRegion: 'us-east-1' } },
      deps,
    );

    const clients = members.assumeRole
      .commandCalls(AssumeRoleCommand)
      .map((c) => c.thisValue as { config: { region: () => Promise<string> } });
    expect(await Promise.all(clients.map((c) => c.config.region()))).toEqual(['us-east-1']);
  });

  it('refuses to publish when the credentials turn out to belong to another account', async () => {
    const result = await auditTarget({ accountId: OK_A, region: 'us-east-1' }, options, {
      ...deps,
      // A misconfigured provider: the credentials of account C for target A.
      credentialsFor: () => async () => ({ accessKeyId: `ASIA${OK_C}`, secretAccessKey: 's' }),
    });

    expect(result).toMatchObject({ status: 'FAILED', error: { name: 'WrongAccountError' } });
    expect(members.imports).toEqual([]);
  });

  it('turns an audit function that throws into a FAILED result in the pool', async () => {
    const results = await auditTargets([{ accountId: OK_A, region: 'us-east-1' }], 1, async () => {
      throw new TypeError('boom');
    });

    expect(results).toEqual([
      {
        accountId: OK_A,
        region: 'us-east-1',
        status: 'FAILED',
        error: { name: 'TypeError', message: 'boom' },
      },
    ]);
  });
});
