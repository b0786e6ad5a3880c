import { stripVTControlCharacters } from 'node:util';
import fc from 'fast-check';
import type { Result } from '../../lambda/engine/result';
import { explainCommand } from '../../lambda/findings/explain-command';
import { makeStyler } from '../../lambda/findings/style';
import { formatTable } from '../../lambda/findings/table';
import { changed, demoReport, withResults } from './fixtures';

const demo = demoReport();
const failure = (ruleId: string, resourceId?: string): Result =>
  demo.results.find(
    (r) => r.status === 'FAILED' && r.ruleId === ruleId && (!resourceId || r.resourceId === resourceId),
  )!;

describe('table format', () => {
  it('has a column header above the first group', () => {
    const lines = formatTable(demo).split('\n');
    expect(lines[2]).toMatch(/^ {2}RULE +RESOURCE +MESSAGE$/);
    expect(lines[3]).toMatch(/^CRITICAL \(\d+\)$/);
    // The columns line up under the header.
    const nat = lines.find((l) => l.startsWith('  NAT.1 '))!;
    expect(nat.indexOf('nat-')).toBe(lines[2]!.indexOf('RESOURCE'));
  });

  it('wraps every row to the width asked, continuation lines under the message', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60, max: 200 }), fc.boolean(), (width, verbose) => {
        const lines = formatTable(demo, { width, verbose }).split('\n');
        const messageColumn = lines[2]!.indexOf('MESSAGE');
        for (const line of lines) {
          // Links and commands are never cut; the summary line is not part of the table.
          if (/^ +(https:|explain: )/.test(line) || line.includes(' failed')) continue;
          expect(line.length).toBeLessThanOrEqual(width);
          if (/^ {3}/.test(line)) expect(line.search(/\S/)).toBe(messageColumn);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('keeps every word of every message', () => {
    const text = formatTable(demo, { width: 60 }).replace(/\s+/g, ' ');
    for (const r of demo.results.filter((r) => r.status === 'FAILED')) {
      expect(text).toContain(r.message.replace(/\s+/g, ' '));
    }
  });

  it('shows the remediation and its link under each failure only with verbose', () => {
    const nat = failure('NAT.1');
    const quiet = formatTable(demo, { width: 1000 });
    const verbose = formatTable(demo, { width: 1000, verbose: true });
    expect(quiet).not.toContain(nat.remediation.text);
    const lines = verbose.split('\n');
    const row = lines.findIndex((l) => l.includes(nat.message));
    expect(lines[row + 1]!.trim()).toBe(`remediation: ${nat.remediation.text}`);
    expect(lines[row + 2]!.trim()).toBe(nat.remediation.url);
  });

  it('suggests netaudit explain under every NET finding, and under no other', () => {
    const lines = formatTable(demo, { width: 1000 }).split('\n');
    const failures = demo.results.filter((r) => r.status === 'FAILED');
    expect(failures.some((r) => r.ruleId === 'NET.1')).toBe(true);
    expect(failures.some((r) => r.ruleId === 'NET.2')).toBe(true);
    for (const r of failures) {
      const row = lines.findIndex((l) => l.includes(r.message));
      const next = lines[row + 1]!.trim();
      if (r.ruleId.startsWith('NET.')) expect(next).toBe(`explain: ${explainCommand(r)}`);
      else expect(next).not.toMatch(/^explain:/);
    }
  });

  it('colours without moving the columns', () => {
    const plain = formatTable(demo, { verbose: true });
    const coloured = formatTable(demo, { verbose: true, style: makeStyler({ isTTY: true }, {}) });
    expect(coloured).not.toBe(plain);
    expect(stripVTControlCharacters(coloured)).toBe(plain);
  });

  it('is the same bytes for the same report', () => {
    expect(formatTable(demoReport(), { verbose: true })).toBe(formatTable(demo, { verbose: true }));
  });
});

describe('explainCommand', () => {
  it('asks whether the internet reaches a NET.1 interface on its first exposed port', () => {
    const r = failure('NET.1');
    expect(
      explainCommand(
        changed(r, { resourceId: 'eni-1', evidence: { exposedPorts: ['TCP 22 (IPv4)', 'TCP 3389 (IPv4)'] } }),
      ),
    ).toBe('netaudit explain internet --to eni-1 --port 22');
    expect(
      explainCommand(changed(r, { resourceId: 'eni-1', evidence: { exposedPorts: ['UDP 161-162 (IPv6)'] } })),
    ).toBe('netaudit explain internet --to eni-1 --protocol udp --port 161 --ip-version 6');
  });

  it('asks whether a NET.2 or NET.3 instance reaches the internet', () => {
    const r = failure('NET.2');
    expect(explainCommand(changed(r, { resourceId: 'i-1' }))).toBe('netaudit explain i-1 --to internet');
    expect(explainCommand(changed(r, { ruleId: 'NET.3', resourceId: 'i-2' }))).toBe(
      'netaudit explain i-2 --to internet',
    );
  });

  it("asks a declared path's own question, quoting what the shell would misread", () => {
    const r = changed(failure('NET.2'), {
      ruleId: 'NET.4',
      resourceId: 'i-app',
      evidence: { from: 'tag:Role=app server', to: 'db.internal', protocol: 'udp', port: 5432 },
    });
    expect(explainCommand(r)).toBe(
      "netaudit explain 'tag:Role=app server' --to db.internal --protocol udp --port 5432",
    );
    expect(explainCommand(changed(r, { evidence: { from: "it's", to: 'internet' } }))).toBe(
      `netaudit explain 'it'\\''s' --to internet`,
    );
  });

  it('asks about ICMP without a port', () => {
    const r = changed(failure('NET.2'), {
      ruleId: 'NET.5',
      evidence: { from: 'i-a', to: '10.0.0.5', protocol: 'icmp', port: 0 },
    });
    expect(explainCommand(r)).toBe('netaudit explain i-a --to 10.0.0.5 --protocol icmp');
  });

  it('has nothing to suggest for other rules', () => {
    expect(explainCommand(failure('NAT.1'))).toBeUndefined();
  });
});

describe('table sections', () => {
  it('lists suppressed and passed results under their own headings', () => {
    const nat = failure('NAT.1');
    const report = withResults(demo, [
      changed(nat, {
        status: 'SUPPRESSED',
        suppression: { reason: 'DR', owner: 'ops', expires: '2027-01-01' },
      }),
      changed(nat, { status: 'PASSED', resourceId: 'nat-ok', message: 'fine' }),
    ]);
    const text = formatTable(report, { includePassed: true });
    expect(text).toMatch(/SUPPRESSED \(1\)\n {2}NAT\.1 +nat-data-noeip +DR \(ops, until 2027-01-01\)/);
    expect(text).toMatch(/PASSED \(1\)\n {2}NAT\.1 +nat-ok +fine/);
    expect(text).toContain('No findings.');
  });
});

describe('table size', () => {
  it('renders a region-sized report of failures', () => {
    const base = failure('NAT.1');
    const many = withResults(
      demo,
      Array.from({ length: 300_000 }, (_, i) =>
        changed(base, { resourceId: `nat-${i}`, findingId: `f-${i}` }),
      ),
    );
    const lines = formatTable(many).split('\n');
    expect(lines.filter((l) => l.startsWith('  NAT.1 '))).toHaveLength(300_000);
  });
});
