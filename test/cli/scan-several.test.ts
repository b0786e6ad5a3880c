import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snapshot } from '../../lambda/snapshot/types';
import { runCli } from '../support/cli';
import { NetworkBuilder } from '../support/network-builder';
import { tcp } from '../support/permissions';

const dir = mkdtempSync(join(tmpdir(), 'netaudit-several-'));

function file(name: string, snapshot: Snapshot): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(snapshot, null, 2));
  return path;
}

/** One account and region with a security group open to the internet on `port` (22 is HIGH, 443 passes). */
function exposed(place: { accountId: string; region: string; collectedAt?: string }, port: number) {
  const net = new NetworkBuilder(place);
  const vpc = net.vpc({ id: `vpc-${place.region}`, flowLog: true });
  net.securityGroup({ vpc, id: `sg-${place.region}`, ingress: [tcp(port).from('0.0.0.0/0')] });
  return net;
}

const IRELAND = { accountId: '111111111111', region: 'eu-west-1', collectedAt: '2026-11-28T01:00:00Z' };
const VIRGINIA = { accountId: '222222222222', region: 'us-east-1', collectedAt: '2026-11-28T02:00:00Z' };

/** Ireland passes SG.1; Virginia fails it. */
const ireland = () => file('ireland.json', exposed(IRELAND, 443).snapshot());
const virginia = () => file('virginia.json', exposed(VIRGINIA, 22).snapshot());

interface JsonResult {
  ruleId: string;
  status: string;
  resourceId: string;
  accountId: string;
  region: string;
}

describe('netaudit scan --snapshot A --snapshot B', () => {
  it('reports both in one table, each row naming its account and region', async () => {
    const run = await runCli('scan', '--snapshot', ireland(), '--snapshot', virginia());

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'NetAudit 111111111111 eu-west-1 at 2026-11-28T01:00:00Z, 222222222222 us-east-1 at 2026-11-28T02:00:00Z',
    );
    expect(run.stdout).toMatch(/RULE\s+RESOURCE\s+WHERE\s+MESSAGE/);
    expect(run.stdout).toMatch(/SG\.1\s+sg-us-east-1\s+222222222222 us-east-1\s/);
    expect(run.stdout).not.toMatch(/SG\.1\s+sg-eu-west-1/);
  });

  it('gives one JSON document: both snapshots, every result with its place, the summaries added up', async () => {
    const one = JSON.parse((await runCli('scan', '--snapshot', virginia(), '--format', 'json')).stdout);
    const run = await runCli('scan', '--snapshot', ireland(), '--snapshot', virginia(), '--format', 'json');

    const doc = JSON.parse(run.stdout);
    expect(doc.snapshot).toBeUndefined();
    expect(doc.snapshots).toEqual([
      { ...IRELAND, partition: 'aws', source: join(dir, 'ireland.json') },
      { ...VIRGINIA, partition: 'aws', source: join(dir, 'virginia.json') },
    ]);
    const results = doc.results as JsonResult[];
    expect(new Set(results.map((r) => `${r.accountId} ${r.region}`))).toEqual(
      new Set(['111111111111 eu-west-1', '222222222222 us-east-1']),
    );
    // Virginia's failures are the same whether it is audited alone or with Ireland.
    const failures = (doc: { results: JsonResult[] }, region: string) =>
      doc.results
        .filter((r) => r.status === 'FAILED' && r.region === region)
        .map((r) => `${r.ruleId} ${r.resourceId}`);
    expect(failures(doc, 'us-east-1')).toEqual(failures(one, 'us-east-1'));
    expect(doc.summary.failed).toBe(results.filter((r) => r.status === 'FAILED').length);
    expect(doc.summary.passed).toBeGreaterThan(one.summary.passed);
  });

  it('names each API error with its account and region, and runs AUDIT.1 for each snapshot', async () => {
    const net = exposed(VIRGINIA, 443);
    net.error({ api: 'DescribeFlowLogs', code: 'AccessDenied', message: 'denied' });
    const broken = file('broken.json', net.snapshot());

    const run = await runCli(
      'scan',
      '--snapshot',
      ireland(),
      '--snapshot',
      broken,
      '--format',
      'json',
      '--fail-on',
      'CRITICAL',
    );

    const doc = JSON.parse(run.stdout);
    expect(doc.errors).toEqual([
      {
        api: 'DescribeFlowLogs',
        code: 'AccessDenied',
        message: 'denied',
        accountId: '222222222222',
        region: 'us-east-1',
      },
    ]);
    const audit = (doc.results as JsonResult[]).filter((r) => r.ruleId === 'AUDIT.1');
    expect(audit.map((r) => `${r.accountId} ${r.status}`)).toEqual(['222222222222 FAILED']);
    expect(run.code).toBe(1);
  });

  it('exits 1 with --fail-on when any snapshot has a failure at or above it', async () => {
    expect((await runCli('scan', '--snapshot', ireland(), '--fail-on', 'HIGH')).code).toBe(0);
    expect(
      (await runCli('scan', '--snapshot', ireland(), '--snapshot', virginia(), '--fail-on', 'HIGH')).code,
    ).toBe(1);
  });

  it('points each SARIF result at its own file and lists the snapshots in the run', async () => {
    const run = await runCli('scan', '--snapshot', ireland(), '--snapshot', virginia(), '--format', 'sarif');

    const sarif = JSON.parse(run.stdout).runs[0];
    expect(sarif.properties.snapshots).toHaveLength(2);
    expect(sarif.automationDetails.id).toBe('netaudit/111111111111-eu-west-1+222222222222-us-east-1/');
    const sg1 = sarif.results.find((r: { ruleId: string }) => r.ruleId === 'SG.1');
    expect(sg1.locations[0].physicalLocation.artifactLocation.uri).toBe(join(dir, 'virginia.json'));
  });

  it('observes each ASFF and OCSF finding at its own snapshot time, and writes each CSV row with its place', async () => {
    const args = ['scan', '--snapshot', ireland(), '--snapshot', virginia()];

    const asff = JSON.parse((await runCli(...args, '--format', 'asff')).stdout) as AwsSecurityFinding[];
    const ocsf = JSON.parse((await runCli(...args, '--format', 'ocsf')).stdout) as {
      time_dt?: string;
      cloud: { region: string };
    }[];
    const csv = (await runCli(...args, '--format', 'csv')).stdout;

    const sg1 = asff.find((f) => f.GeneratorId === 'netaudit/SG.1')!;
    expect(sg1).toMatchObject({
      AwsAccountId: '222222222222',
      Resources: [expect.objectContaining({ Region: 'us-east-1' })],
      LastObservedAt: VIRGINIA.collectedAt,
    });
    const irish = asff.find((f) => f.Resources?.[0]?.Region === 'eu-west-1');
    if (irish) expect(irish.LastObservedAt).toBe(IRELAND.collectedAt);
    expect(JSON.stringify(ocsf.filter((f) => f.cloud.region === 'us-east-1'))).toContain(
      '2026-11-28T02:00:00',
    );
    expect(JSON.stringify(ocsf.filter((f) => f.cloud.region === 'eu-west-1'))).not.toContain(
      '2026-11-28T02:00:00',
    );
    expect(csv).toMatch(/SG\.1,.*,222222222222,us-east-1,/);
  });

  it('titles the HTML report with every snapshot and counts findings by account and region', async () => {
    const run = await runCli('scan', '--snapshot', ireland(), '--snapshot', virginia(), '--format', 'html');

    expect(run.stdout).toContain(
      '<title>NetAudit report — 111111111111 eu-west-1, 222222222222 us-east-1</title>',
    );
    expect(run.stdout).toContain('111111111111 eu-west-1 collected at 2026-11-28T01:00:00Z');
    expect(run.stdout).toContain('222222222222');
  });

  it('refuses two files of the same account and region in one line naming both', async () => {
    const again = file('ireland-again.json', exposed(IRELAND, 22).snapshot());

    const run = await runCli('scan', '--snapshot', ireland(), '--snapshot', again);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `netaudit: ${join(dir, 'ireland.json')} and ${again} are both account 111111111111, region eu-west-1: give each account and region once\n`,
    );
    expect(run.stdout).toBe('');
  });
});

describe('netaudit scan --publish with several snapshots', () => {
  const hub = mockClient(SecurityHubClient);
  const sts = mockClient(STSClient);
  afterAll(() => {
    hub.restore();
    sts.restore();
  });
  beforeEach(() => {
    hub.reset();
    sts.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111111111111' });
  });

  it('refuses snapshots of two accounts before anything is written', async () => {
    const run = await runCli(
      'scan',
      '--snapshot',
      ireland(),
      '--snapshot',
      virginia(),
      '--publish',
      'securityhub',
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^netaudit: --publish: the snapshots are of 2 accounts \(111111111111, 222222222222\)/,
    );
    expect(run.stdout).toBe('');
    expect(hub.calls()).toHaveLength(0);
  });

  it("sends each region's findings to that region's Security Hub", async () => {
    const imported: { region: string; findings: AwsSecurityFinding[] }[] = [];
    hub.on(GetFindingsCommand).resolves({ Findings: [] });
    hub
      .on(BatchImportFindingsCommand)
      .callsFake(async (input: { Findings: AwsSecurityFinding[] }, getClient) => {
        imported.push({ region: await getClient().config.region(), findings: input.Findings });
        return { FailedCount: 0, SuccessCount: input.Findings.length, FailedFindings: [] };
      });
    const frankfurt = file('frankfurt.json', exposed({ ...IRELAND, region: 'eu-central-1' }, 22).snapshot());

    const run = await runCli(
      'scan',
      '--snapshot',
      ireland(),
      '--snapshot',
      frankfurt,
      '--publish',
      'securityhub',
      '--out',
      join(dir, 'p.txt'),
    );

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Security Hub (111111111111, eu-west-1)');
    expect(run.stderr).toContain('Security Hub (111111111111, eu-central-1)');
    expect(imported.map((i) => i.region).sort()).toEqual(['eu-central-1', 'eu-west-1']);
    for (const { region, findings } of imported) {
      expect(
        findings.every((f) => f.Resources?.[0]?.Region === region && f.ProductArn?.includes(`:${region}:`)),
      ).toBe(true);
    }
  });

  it('goes on to the next region when one refuses, and exits 2', async () => {
    hub.on(GetFindingsCommand).callsFake(async (_input, getClient) => {
      if ((await getClient().config.region()) === 'eu-west-1') {
        throw Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' });
      }
      return { Findings: [] };
    });
    hub.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
    const frankfurt = file('frankfurt.json', exposed({ ...IRELAND, region: 'eu-central-1' }, 22).snapshot());

    const run = await runCli(
      'scan',
      '--snapshot',
      ireland(),
      '--snapshot',
      frankfurt,
      '--publish',
      'securityhub',
      '--out',
      join(dir, 'p.txt'),
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^netaudit: eu-west-1 not published: publishing was refused: AccessDeniedException/m,
    );
    expect(run.stderr).toContain('Security Hub (111111111111, eu-central-1)');
  });
});
