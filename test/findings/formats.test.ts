import { formatJson, formatJsonChunks, toJsonReport } from '../../lambda/findings/json';
import { formatSarif, toSarif } from '../../lambda/findings/sarif';
import { makeStyler } from '../../lambda/findings/style';
import { formatTable, summaryLine } from '../../lambda/findings/table';
import { NetworkBuilder } from '../support/network-builder';
import { FORMAT_RULES, reportFor } from '../support/report';

function sample() {
  const net = new NetworkBuilder({ region: 'eu-west-1' });
  const vpc = net.vpc({ id: 'vpc-a', bare: true });
  net.securityGroup({ vpc, id: 'sg-open', name: 'open' });
  net.securityGroup({ vpc, id: 'sg-closed', name: 'closed' });
  net.securityGroup({ vpc, id: 'sg-legacy', name: 'open' });
  return net.snapshot();
}

const suppressLegacy = {
  suppressions: [
    { ruleId: 'SG.1', resourceId: 'sg-legacy', reason: 'migration', owner: 'ops', expires: '2027-01-01' },
  ],
};

describe('json format', () => {
  it('has the documented shape and hides passes unless asked', () => {
    const doc = JSON.parse(formatJson(reportFor(sample(), suppressLegacy)));
    expect(Object.keys(doc)).toEqual(['tool', 'snapshot', 'summary', 'errors', 'results']);
    expect(doc.tool).toEqual({ name: 'netaudit', version: expect.any(String) });
    expect(doc.snapshot).toEqual({
      accountId: '123456789012',
      region: 'eu-west-1',
      collectedAt: '2026-11-28T00:00:00Z',
    });
    expect(doc.summary).toEqual({
      failed: 1,
      passed: 1,
      notEvaluated: 1,
      suppressed: 1,
      bySeverity: { CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 },
    });
    expect(
      doc.results.map((r: { resourceId: string; status: string }) => `${r.resourceId}:${r.status}`),
    ).toEqual(['sg-legacy:SUPPRESSED', 'sg-open:FAILED', 'vpc-a:NOT_EVALUATED']);
    const open = doc.results[1];
    expect(open).toMatchObject({
      ruleId: 'SG.1',
      severity: 'HIGH',
      resourceType: 'AwsEc2SecurityGroup',
      resourceArn: 'arn:aws:ec2:eu-west-1:123456789012:security-group/sg-open',
      region: 'eu-west-1',
      accountId: '123456789012',
      title: 'Security group allows an admin port from the internet',
      message: 'sg-open allows TCP 22 from 0.0.0.0/0',
      remediation: { text: 'Restrict the source.', url: expect.stringMatching(/^https:/) },
      findingId: 'netaudit/eu-west-1/123456789012/SG.1/sg-open',
    });
  });

  it('lists passes with includePassed', () => {
    const doc = JSON.parse(formatJson(reportFor(sample()), { includePassed: true }));
    expect(doc.results.filter((r: { status: string }) => r.status === 'PASSED')).toHaveLength(1);
  });

  it('is byte-identical for the same input', () => {
    expect(formatJson(reportFor(sample()))).toBe(formatJson(reportFor(sample())));
  });

  it('is exactly JSON.stringify of the document with two-space indentation, built in pieces', () => {
    const empty = new NetworkBuilder({ region: 'eu-west-1' }).snapshot();
    // More results than one piece holds, so pieces are joined.
    const large = new NetworkBuilder({ region: 'eu-west-1' });
    const vpc = large.vpc({ id: 'vpc-a', bare: true });
    for (let i = 0; i < 1201; i++)
      large.securityGroup({ vpc, id: `sg-${i}`, name: i % 3 ? 'open' : 'closed' });
    for (const [report, includePassed] of [
      [reportFor(large.snapshot()), false],
      [reportFor(large.snapshot()), true],
      [reportFor(sample(), suppressLegacy), false],
      [reportFor(sample(), suppressLegacy), true],
      [reportFor(empty), false],
    ] as const) {
      const expected = `${JSON.stringify(toJsonReport(report, { includePassed }), null, 2)}\n`;
      const chunks = [...formatJsonChunks(report, { includePassed })];
      expect(chunks.join('')).toBe(expected);
      expect(formatJson(report, { includePassed })).toBe(expected);
      if (report.results.length > 1 && includePassed) expect(chunks.length).toBeGreaterThan(2);
    }
  });
});

describe('table format', () => {
  it('groups failures by severity and ends with a summary line', () => {
    const text = formatTable(reportFor(sample(), suppressLegacy));
    const lines = text.split('\n');
    expect(lines[0]).toBe('NetAudit 123456789012 eu-west-1 at 2026-11-28T00:00:00Z');
    expect(text).toMatch(/HIGH \(1\)\n {2}SG\.1 +sg-open +sg-open allows TCP 22 from 0\.0\.0\.0\/0/);
    expect(text).toMatch(/NOT EVALUATED \(1\)\n {2}VPC\.1 +vpc-a +flow logs could not be read/);
    expect(text).toMatch(/SUPPRESSED \(1\)\n {2}SG\.1 +sg-legacy +migration \(ops, until 2027-01-01\)/);
    expect(lines.at(-2)).toBe('1 failed (1 high), 1 passed, 1 not evaluated, 1 suppressed — 2 rules');
  });

  it('says so when nothing failed', () => {
    const net = new NetworkBuilder();
    const report = reportFor(net.snapshot());
    expect(formatTable(report)).toContain('No findings.');
    expect(summaryLine(report)).toBe('0 failed, 0 passed, 0 not evaluated, 0 suppressed — 2 rules');
  });

  it('sizes columns to the rows shown, and copes with a region-sized report', () => {
    const report = reportFor(sample());
    const pass = report.results.find((r) => r.status === 'PASSED')!;
    const many = {
      ...report,
      results: [
        ...report.results,
        ...Array.from({ length: 200_000 }, () => ({ ...pass, resourceId: `x`.repeat(60) })),
      ],
    };
    const text = formatTable(many);
    expect(text).toContain('  SG.1   sg-open    sg-open allows TCP 22 from 0.0.0.0/0');
  });

  it('colours only a TTY without NO_COLOR', () => {
    expect(makeStyler({ isTTY: true }, {})('red', 'x')).not.toBe('x');
    expect(makeStyler({ isTTY: true }, { NO_COLOR: '1' })('red', 'x')).toBe('x');
    expect(makeStyler({ isTTY: false }, {})('red', 'x')).toBe('x');
    expect(formatTable(reportFor(sample()))).not.toContain('\u001b[');
  });
});

describe('sarif format', () => {
  it('is SARIF 2.1.0 with one rule per catalogue entry and results pointing at their rule', () => {
    const sarif = toSarif(reportFor(sample()), FORMAT_RULES, { artifactUri: 'examples/demo.json' });
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['SG.1', 'VPC.1']);
    expect(run.tool.driver.rules[0]).toMatchObject({
      name: 'SecurityGroupAllowsAnAdminPortFromTheInternet',
      defaultConfiguration: { level: 'error' },
      properties: { 'security-severity': '8.0' },
    });
    expect(run.results.map((r) => [r.ruleId, r.ruleIndex, r.level, r.kind])).toEqual([
      ['SG.1', 0, 'error', 'fail'],
      ['SG.1', 0, 'error', 'fail'],
      ['VPC.1', 1, 'none', 'notApplicable'],
    ]);
    expect(run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('examples/demo.json');
    expect(run.results[0]!.partialFingerprints.netauditFindingId).toBe(
      'netaudit/eu-west-1/123456789012/SG.1/sg-legacy',
    );
  });

  it('is byte-identical for the same input', () => {
    const a = formatSarif(reportFor(sample()), FORMAT_RULES, { artifactUri: 'x' });
    expect(formatSarif(reportFor(sample()), FORMAT_RULES, { artifactUri: 'x' })).toBe(a);
  });
});
