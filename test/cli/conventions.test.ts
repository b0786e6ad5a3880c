import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { filterReport, resultFilter } from '../../lambda/cli/filters';
import { colorFor } from '../../lambda/cli/output';
import { defaultConfig } from '../../lambda/config/config';
import { evaluate, summarize } from '../../lambda/engine/evaluate';
import { SEVERITIES } from '../../lambda/engine/severity';
import { RULE_IDS, RULES } from '../../lambda/rules/registry';
import { loadSnapshotFile } from '../../lambda/snapshot/load';
import { runCli } from '../support/cli';
import { NetworkBuilder } from '../support/network-builder';
import { tcp } from '../support/permissions';

const DEMO = join(__dirname, '..', '..', 'examples', 'demo.json');
const dir = mkdtempSync(join(tmpdir(), 'netaudit-conventions-'));

interface JsonDoc {
  summary: { failed: number; passed: number; bySeverity: Record<string, number> };
  results: { ruleId: string; status: string; severity: string }[];
}

async function jsonOf(...args: string[]): Promise<JsonDoc> {
  const run = await runCli('scan', '--snapshot', DEMO, '--output', 'json', ...args);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(run.stdout) as JsonDoc;
}

/** A snapshot whose audit is incomplete: the interfaces could not be read. */
function incompleteSnapshot(): string {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-1', flowLog: true });
  net.securityGroup({ vpc, id: 'sg-ssh', ingress: [tcp(22).from('0.0.0.0/0')] });
  net.error({ api: 'DescribeNetworkInterfaces', code: 'AccessDenied', message: 'denied' });
  const path = join(dir, 'incomplete.json');
  writeFileSync(path, JSON.stringify(net.snapshot()));
  return path;
}

describe('--output is the format, --out the file', () => {
  it('prints the format --output names, as --format does', async () => {
    const viaOutput = await runCli('scan', '--snapshot', DEMO, '--output', 'JSON');
    const viaFormat = await runCli('scan', '--snapshot', DEMO, '--format', 'json');
    expect(viaOutput.code).toBe(0);
    expect(() => JSON.parse(viaOutput.stdout)).not.toThrow();
    expect(viaFormat.stdout).toBe(viaOutput.stdout);
  });

  it('refuses a file name in --output with one line that says --out, and writes nothing', async () => {
    const target = join(dir, 'report.json');
    const run = await runCli('scan', '--snapshot', DEMO, '--output', target);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `netaudit: --output "${target}" is not a format (table, json, asff, sarif, csv, ocsf, html): to write a file, use --out ${target}\n`,
    });
    expect(existsSync(target)).toBe(false);
  });

  it('refuses --output and --format that disagree', async () => {
    const run = await runCli('scan', '--snapshot', DEMO, '--output', 'json', '--format', 'sarif');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('netaudit: --format is another name for --output: give one of them\n');
  });

  it('writes --out FILE in scan and rules', async () => {
    const report = join(dir, 'out.sarif');
    expect((await runCli('scan', '--snapshot', DEMO, '--output', 'sarif', '--out', report)).stdout).toBe('');
    expect(JSON.parse(readFileSync(report, 'utf8')).version).toBe('2.1.0');
    const rules = join(dir, 'rules.json');
    expect((await runCli('rules', '--output', 'json', '--out', rules)).stdout).toBe('');
    expect(JSON.parse(readFileSync(rules, 'utf8'))).toHaveLength(RULES.length);
  });
});

describe('--severity, --rule and --skip-rule', () => {
  it('reads one severity as a minimum and a list as exactly those', async () => {
    const high = await jsonOf('--severity', 'high');
    expect(new Set(high.results.map((r) => r.severity))).toEqual(new Set(['CRITICAL', 'HIGH']));
    const list = await jsonOf('--severity', 'HIGH,informational');
    expect(new Set(list.results.map((r) => r.severity))).toEqual(new Set(['HIGH', 'INFORMATIONAL']));
    expect(list.summary.bySeverity).toMatchObject({ CRITICAL: 0, MEDIUM: 0, LOW: 0 });
  });

  it('selects rules by id or family and skips them, with a summary of what is shown', async () => {
    const sg = await jsonOf('--rule', 'SG', '--skip-rule', 'sg.1', '--include-passed');
    const ids = new Set(sg.results.map((r) => r.ruleId));
    // The audit's own health (AUDIT.1) is shown whatever the filters.
    expect(
      [...ids].filter((id) => !id.startsWith('AUDIT.')).every((id) => id.startsWith('SG.') && id !== 'SG.1'),
    ).toBe(true);
    expect(ids.size).toBeGreaterThan(2);
    expect(sg.summary.failed).toBe(sg.results.filter((r) => r.status === 'FAILED').length);
    expect(sg.summary.passed).toBe(sg.results.filter((r) => r.status === 'PASSED').length);
    // The table says the same.
    const table = await runCli('scan', '--snapshot', DEMO, '--rule', 'SG', '--skip-rule', 'SG.1');
    expect(table.stdout).not.toMatch(/^ {2}SG\.1 /m);
    expect(table.stdout).toContain(`${sg.summary.failed} failed`);
  });

  it('keeps an incomplete audit visible: AUDIT results stay and --fail-on still fails', async () => {
    const snapshot = incompleteSnapshot();
    const run = await runCli('scan', '--snapshot', snapshot, '--output', 'json', '--rule', 'VPC');
    const doc = JSON.parse(run.stdout) as JsonDoc & { errors: unknown[] };
    expect(doc.results.some((r) => r.ruleId === 'AUDIT.1' && r.status === 'FAILED')).toBe(true);
    expect(doc.errors).toHaveLength(1);
    const gated = await runCli('scan', '--snapshot', snapshot, '--rule', 'VPC', '--fail-on', 'CRITICAL');
    expect(gated.code).toBe(1);
  });

  it('gates --fail-on on what is shown', async () => {
    expect((await runCli('scan', '--snapshot', DEMO, '--fail-on', 'HIGH')).code).toBe(1);
    const low = await runCli(
      'scan',
      '--snapshot',
      DEMO,
      '--severity',
      'LOW,INFORMATIONAL',
      '--fail-on',
      'HIGH',
    );
    expect(low.code).toBe(0);
  });

  it.each([
    [['--rule', 'SG.99'], /^netaudit: --rule "SG\.99": no such rule \(SG has SG\.1, SG\.2,.*\)\n$/],
    [['--skip-rule', 'FW'], /^netaudit: --skip-rule "FW": no such rule or family \(families: .*SG.*\)\n$/],
    [
      ['--severity', 'SEVERE'],
      /^netaudit: --severity "SEVERE": use one of CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL\n$/,
    ],
    [
      ['--rule', 'SG', '--publish', 'securityhub'],
      /^netaudit: --publish sends the whole audit to Security Hub/,
    ],
  ])('refuses %j in one line, exit 2', async (args, message) => {
    const run = await runCli('scan', '--snapshot', DEMO, ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('never drops a result the filters select, nor shows one they do not (property)', () => {
    const full = evaluate(loadSnapshotFile(DEMO), defaultConfig(), RULES, undefined, { keepPassed: true });
    const families = [...new Set(RULE_IDS.map((id) => id.split('.')[0]!))];
    const selector = fc.oneof(fc.constantFrom(...RULE_IDS), fc.constantFrom(...families));
    fc.assert(
      fc.property(
        fc.record({
          severity: fc.uniqueArray(fc.constantFrom(...SEVERITIES), { maxLength: 3 }),
          rule: fc.array(selector, { maxLength: 3 }),
          skipRule: fc.array(selector, { maxLength: 2 }),
        }),
        (options) => {
          const keep = resultFilter(options, RULE_IDS);
          const shown = filterReport(full, keep);
          const named = (list: string[], id: string) => list.some((s) => s === id || s === id.split('.')[0]);
          const expected = full.results.filter((r) => {
            if (named(options.skipRule, r.ruleId)) return false;
            if (r.ruleId.startsWith('AUDIT.')) return true;
            if (options.rule.length > 0 && !named(options.rule, r.ruleId)) return false;
            if (options.severity.length === 0) return true;
            if (options.severity.length === 1) {
              return SEVERITIES.indexOf(r.severity) <= SEVERITIES.indexOf(options.severity[0]!);
            }
            return options.severity.includes(r.severity);
          });
          expect(shown.results).toEqual(expected);
          expect(shown.summary).toEqual(summarize(expected));
          expect(shown.errors).toBe(full.errors);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('netaudit rules ID', () => {
  it('shows one rule in full, as text or json', async () => {
    const text = await runCli('rules', 'sg.1');
    expect(text.code).toBe(0);
    const rule = RULES.find((r) => r.id === 'SG.1')!;
    for (const part of [
      rule.title,
      rule.description,
      rule.remediation.text,
      rule.remediation.url,
      rule.resourceType,
    ]) {
      expect(text.stdout).toContain(part);
    }
    expect(text.stdout).toContain(rule.references.join(', '));
    expect(text.stdout).toContain(`requires       ${rule.requires.join(', ')}`);
    const json = JSON.parse((await runCli('rules', 'SG.1', '--output', 'json')).stdout);
    expect(json).toMatchObject({ id: 'SG.1', severity: rule.severity, requires: rule.requires });
    expect(json.evaluate).toBeUndefined();
  });

  it('names the known ids of the family for an unknown id', async () => {
    const run = await runCli('rules', 'NACL.99');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^netaudit: no rule "NACL\.99" \(NACL has NACL\.1, .*\)\n$/);
  });
});

describe('colour', () => {
  it('follows FORCE_COLOR, then NO_COLOR and TERM=dumb, then the terminal', () => {
    const tty = { isTTY: true };
    const pipe = { isTTY: false };
    expect(colorFor(tty, {})).toBe(true);
    expect(colorFor(pipe, {})).toBe(false);
    expect(colorFor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorFor(tty, { NO_COLOR: '' })).toBe(true);
    expect(colorFor(tty, { TERM: 'dumb' })).toBe(false);
    expect(colorFor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorFor(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(colorFor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorFor(tty, { FORCE_COLOR: 'false' })).toBe(false);
  });

  it('colours the table on stdout with FORCE_COLOR, never a file', async () => {
    const saved = process.env.FORCE_COLOR;
    process.env.FORCE_COLOR = '1';
    try {
      expect((await runCli('scan', '--snapshot', DEMO)).stdout).toContain('\u001b[');
      const file = join(dir, 'table.txt');
      await runCli('scan', '--snapshot', DEMO, '--out', file);
      expect(readFileSync(file, 'utf8')).not.toContain('\u001b[');
    } finally {
      if (saved === undefined) delete process.env.FORCE_COLOR;
      else process.env.FORCE_COLOR = saved;
    }
  });
});

describe('credential problems are one line and exit 2 in every command', () => {
  const ENV = ['AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED'];
  const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  const sts = mockClient(STSClient);
  const hub = mockClient(SecurityHubClient);
  const organizations = mockClient(OrganizationsClient);
  const config = join(dir, 'config');
  const credentials = join(dir, 'credentials');

  beforeEach(() => {
    sts.reset();
    hub.reset();
    organizations.reset();
    writeFileSync(config, '[default]\nregion = eu-west-1\n[profile audit]\nregion = eu-west-1\n');
    writeFileSync(credentials, '[ci]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n');
    delete process.env.AWS_PROFILE;
    process.env.AWS_CONFIG_FILE = config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  });
  afterAll(() => {
    sts.restore();
    hub.restore();
    organizations.restore();
    for (const key of ENV) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  const missing = (given: string) =>
    `netaudit: ${given}: no such profile in ${config} or ${credentials} (aws configure list-profiles shows them)\n`;

  it.each([
    ['scan (live)', ['scan', '--region', 'eu-west-1', '--profile', 'ghost']],
    ['scan --org', ['scan', '--org', '--regions', 'eu-west-1', '--profile', 'ghost']],
    ['scan --publish', ['scan', '--snapshot', DEMO, '--publish', 'securityhub', '--profile', 'ghost']],
    ['snapshot', ['snapshot', '--region', 'eu-west-1', '--profile', 'ghost']],
  ])('%s names a profile that does not exist, before any call', async (_name, args) => {
    const run = await runCli(...args);
    expect(run).toEqual({ code: 2, stdout: '', stderr: missing('--profile ghost') });
    expect(sts.calls()).toHaveLength(0);
    expect(organizations.calls()).toHaveLength(0);
  });

  it('names AWS_PROFILE when that is where the missing profile comes from', async () => {
    process.env.AWS_PROFILE = 'ghost';
    const run = await runCli('snapshot', '--region', 'eu-west-1');
    expect(run).toEqual({ code: 2, stdout: '', stderr: missing('AWS_PROFILE=ghost') });
  });

  it('accepts profiles from either file', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .rejects(Object.assign(new Error('token expired'), { name: 'ExpiredToken' }));
    for (const profile of ['audit', 'ci']) {
      const run = await runCli('scan', '--snapshot', DEMO, '--publish', 'securityhub', '--profile', profile);
      // Found, so the call was made, and its refusal is the news: before the report, not after it.
      expect(run).toEqual({
        code: 2,
        stdout: '',
        stderr: `netaudit: AWS credentials for profile ${profile} have expired: refresh them (for example aws sso login) and retry\n`,
      });
    }
    expect(hub.calls()).toHaveLength(0);
  });

  it('scan --publish: credentials that Security Hub rejects are one line, not an unexpected error', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
    hub
      .on(GetFindingsCommand)
      .rejects(Object.assign(new Error('bad token'), { name: 'UnrecognizedClientException' }));
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
    expect(run.stderr).toBe(
      'netaudit: AWS credentials were rejected (UnrecognizedClientException): bad token\n',
    );
  });

  it('scan --org: no credentials is one line with the hint, not an unexpected error', async () => {
    organizations.onAnyCommand().rejects(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );
    const run = await runCli('scan', '--org', '--regions', 'eu-west-1', '--quiet');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'netaudit: no AWS credentials (Could not load credentials from any providers): pass --profile, run aws configure, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n',
    );
    expect(run.stdout).toBe('');
  });
});
