import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { NetworkBuilder } from '../support/network-builder';
import { tcp } from '../support/permissions';

const DEMO = join(__dirname, '..', '..', 'examples', 'demo.json');
const dir = mkdtempSync(join(tmpdir(), 'netaudit-cli-'));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

function exposedSnapshot(): string {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-1', flowLog: true });
  net.securityGroup({ vpc, id: 'sg-ssh', ingress: [tcp(22).from('0.0.0.0/0')] });
  return file('exposed.json', net.snapshot());
}

describe('netaudit scan --snapshot', () => {
  it('prints the table of the demo and exits 0 without --fail-on', async () => {
    const run = await runCli('scan', '--snapshot', DEMO);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('NetAudit 111122223333 eu-west-1');
    expect(run.stdout).toMatch(/CRITICAL \(\d+\)/);
    expect(run.stdout).toMatch(/\d+ failed \(.*\), \d+ passed/);
    expect(run.stderr).toBe('');
  });

  it('exits 1 when a failure is at or above --fail-on, 0 when none is', async () => {
    const snapshot = exposedSnapshot();
    expect((await runCli('scan', '--snapshot', snapshot, '--fail-on', 'HIGH')).code).toBe(1);
    expect((await runCli('scan', '--snapshot', snapshot, '--fail-on', 'critical')).code).toBe(0);
  });

  it('fails --fail-on when API calls failed: an incomplete audit is not a green gate', async () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-1', flowLog: true });
    net.securityGroup({ vpc, id: 'sg-ok', ingress: [tcp(443).from('0.0.0.0/0')] });
    net.error({ api: 'DescribeNetworkInterfaces', code: 'AccessDenied', message: 'denied' });
    const snapshot = file('denied.json', net.snapshot());
    const run = await runCli('scan', '--snapshot', snapshot, '--fail-on', 'CRITICAL');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('1 API call(s) failed, so the audit is incomplete and --fail-on fails');
    expect((await runCli('scan', '--snapshot', snapshot)).code).toBe(0);
  });

  it('writes json, asff and sarif, byte-identical across runs', async () => {
    for (const format of ['json', 'asff', 'sarif']) {
      const first = await runCli('scan', '--snapshot', DEMO, '--format', format);
      const second = await runCli('scan', '--snapshot', DEMO, '--format', format);
      expect(first.code).toBe(0);
      expect(() => JSON.parse(first.stdout)).not.toThrow();
      expect(second.stdout).toBe(first.stdout);
    }
  });

  it('writes to --out and lists passes with --include-passed', async () => {
    const out = join(dir, 'report.json');
    const run = await runCli(
      'scan',
      '--snapshot',
      exposedSnapshot(),
      '--format',
      'json',
      '--include-passed',
      '--out',
      out,
    );
    expect(run.stdout).toBe('');
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.results.some((r: { status: string }) => r.status === 'PASSED')).toBe(true);
    expect(
      doc.results.some(
        (r: { ruleId: string; status: string }) => r.ruleId === 'SG.1' && r.status === 'FAILED',
      ),
    ).toBe(true);
  });

  it('applies a config file (disabled rules, severity overrides)', async () => {
    const config = file('config.json', { disabledRules: ['SG.1'], severityOverrides: { 'SG.2': 'LOW' } });
    const run = await runCli('scan', '--snapshot', exposedSnapshot(), '--config', config, '--format', 'json');
    const doc = JSON.parse(run.stdout);
    expect(doc.results.some((r: { ruleId: string }) => r.ruleId === 'SG.1')).toBe(false);
    expect(doc.results.find((r: { ruleId: string }) => r.ruleId === 'SG.2').severity).toBe('LOW');
  });
});

describe('netaudit scan: bad input is one line and exit 2', () => {
  const cases: [string, () => string[], RegExp][] = [
    [
      'a missing file',
      () => ['--snapshot', join(dir, 'nope.json')],
      /^netaudit: snapshot file not found: .*nope\.json\n$/,
    ],
    [
      'invalid JSON',
      () => ['--snapshot', file('bad.json', '{\n  "schemaVersion": 1,\n  "vpcs": [,]\n}')],
      /bad\.json:3:12: invalid JSON: value expected/,
    ],
    [
      'a schema error',
      () => [
        '--snapshot',
        file('schema.json', {
          ...JSON.parse(readFileSync(DEMO, 'utf8')),
          securityGroups: [{}, {}, {}, { GroupName: 'x' }],
        }),
      ],
      /securityGroups\[0\]\.GroupId: required/,
    ],
    [
      'an unknown rule id in config',
      () => ['--snapshot', DEMO, '--config', file('c.json', { disabledRules: ['SG.99'] })],
      /disabledRules\[0\]: unknown rule id "SG\.99"/,
    ],
    [
      'a bad config value',
      () => ['--snapshot', DEMO, '--config', file('c2.json', { adminPorts: ['ssh'] })],
      /adminPorts\[0\]: "ssh" is not a port/,
    ],
    ['an unknown format', () => ['--snapshot', DEMO, '--format', 'xml'], /format/],
    ['a bad severity', () => ['--snapshot', DEMO, '--fail-on', 'SEVERE'], /fail-on/],
    ['--vpc with --snapshot', () => ['--snapshot', DEMO, '--vpc', 'vpc-0abc'], /--snapshot audits a file/],
    ['--org without --regions', () => ['--org'], /--org needs --regions/],
    [
      '--org with --snapshot',
      () => ['--org', '--regions', 'eu-west-1', '--snapshot', DEMO],
      /--org audits the organization/,
    ],
    [
      '--regions with --snapshot',
      () => ['--snapshot', DEMO, '--regions', 'eu-west-1'],
      /--snapshot audits a file/,
    ],
    ['--org with a bad region', () => ['--org', '--regions', 'moon-1'], /moon-1/],
    [
      '--org with a bad concurrency',
      () => ['--org', '--regions', 'eu-west-1', '--concurrency', '0'],
      /--concurrency/,
    ],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const run = await runCli('scan', ...args());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stdout).toBe('');
  });
});

describe('netaudit rules', () => {
  it('lists the catalogue as markdown in RULES.md order', async () => {
    const run = await runCli('rules', '--format', 'markdown');
    const ids = [...run.stdout.matchAll(/^\| ([A-Z]+\.\d+) /gm)].map((m) => m[1]);
    expect(ids[0]).toBe('SG.1');
    expect(ids.at(-1)).toBe('AUDIT.1');
  });
});

describe('netaudit scan --publish: setup problems are one line and exit 2', () => {
  const hub = mockClient(SecurityHubClient);
  // The credentials are checked before the report is printed.
  const sts = mockClient(STSClient);
  sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
  afterAll(() => {
    hub.restore();
    sts.restore();
  });

  it.each([
    ['Security Hub not enabled', 'InvalidAccessException', /Security Hub/],
    ['access denied', 'AccessDeniedException', /publishing was refused: AccessDeniedException/],
  ])('%s', async (_name, errorName, message) => {
    hub.reset();
    hub.on(GetFindingsCommand).rejects(Object.assign(new Error('not allowed'), { name: errorName }));
    const run = await runCli(
      'scan',
      '--snapshot',
      DEMO,
      '--publish',
      'securityhub',
      '--out',
      join(dir, 'p.txt'),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain('unexpected error');
  });
});
