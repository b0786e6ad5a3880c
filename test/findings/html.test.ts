import fc from 'fast-check';
import { escapeHtml, formatHtml, scriptJson } from '../../lambda/findings/html';
import { changed, demoPaths, demoReport, HOSTILE, withResults } from './fixtures';

const demo = demoReport();

/** The page's embedded data, read back as the browser's script reads it. */
function pageData(html: string) {
  const match = /<script type="application\/json" id="netaudit-data">([^<]*)<\/script>/.exec(html);
  expect(match).not.toBeNull();
  return JSON.parse(match![1]!) as {
    rules: Record<string, { title: string; remediation: string; url?: string }>;
    findings: { id: string; message: string; resourceId: string; explain?: string; path?: unknown }[];
  };
}

describe('html format', () => {
  it('is one self-contained page: inline style and script, nothing to fetch', () => {
    const html = formatHtml(demo, { paths: demoPaths(demo) });
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"`,
    );
    // No element loads anything: no src, no stylesheet link, no import.
    expect(html).not.toMatch(/\ssrc=|<link|@import|url\(/i);
    expect(html.match(/<script/g)).toHaveLength(2);
  });

  it('carries every result shown, with its rule remediation, explain command and path', () => {
    const paths = demoPaths(demo);
    const data = pageData(formatHtml(demo, { paths }));
    const shown = demo.results.filter((r) => r.status !== 'PASSED');
    expect(data.findings.map((f) => f.id)).toEqual(shown.map((r) => r.findingId));
    const nat = shown.find((r) => r.ruleId === 'NAT.1')!;
    expect(data.rules['NAT.1']).toMatchObject({
      remediation: nat.remediation.text,
      url: nat.remediation.url,
    });
    for (const f of data.findings) {
      expect(f.path).toEqual(paths.get(f.id));
      expect(f.explain === undefined).toBe(!f.id.includes('/NET.'));
    }
    expect(pageData(formatHtml(demo, { includePassed: true })).findings).toHaveLength(demo.results.length);
  });

  it('summarizes failures by severity, account, region and VPC', () => {
    const html = formatHtml(demo, {});
    expect(html).toContain(`<div class="card sev-HIGH"><b>${demo.summary.bySeverity.HIGH}</b>high</div>`);
    expect(html).toContain('<caption>By account</caption>');
    expect(html).toContain('<caption>By region</caption>');
    // vpc-data: 8 high and 1 medium failures in the demo (the by-VPC table of docs/reports.md).
    const failed = demo.results.filter((r) => r.vpcId === 'vpc-data' && r.status === 'FAILED');
    const high = failed.filter((r) => r.severity === 'HIGH').length;
    const medium = failed.filter((r) => r.severity === 'MEDIUM').length;
    expect(html).toContain(`<tr><td>vpc-data</td><td>0</td><td>${high}</td><td>${medium}</td>`);
  });

  it('escapes AWS-supplied text everywhere, in markup and in the data block', () => {
    const base = demo.results.find((r) => r.status === 'FAILED')!;
    const report = {
      ...withResults(demo, [changed(base, { message: HOSTILE, vpcId: '<i>vpc</i>', resourceId: HOSTILE })]),
      errors: [{ api: 'DescribeFlowLogs', code: '<b>Denied</b>', message: HOSTILE }],
    };
    const html = formatHtml(report, {});
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<i>vpc');
    expect(html).not.toContain('<b>Denied');
    expect(html).toContain('&lt;i&gt;vpc&lt;/i&gt;');
    expect(html).toContain('Incomplete audit');
    expect(pageData(html).findings[0]).toMatchObject({ message: HOSTILE, resourceId: HOSTILE });
  });

  it('never links a rule to anything but a web address', () => {
    const base = demo.results.find((r) => r.status === 'FAILED')!;
    const report = withResults(demo, [
      changed(base, { remediation: { text: 'x', url: 'javascript:alert(1)' } }),
    ]);
    expect(pageData(formatHtml(report, {})).rules[base.ruleId]!.url).toBeUndefined();
  });

  it('is the same bytes for the same report', () => {
    expect(formatHtml(demoReport(), { paths: demoPaths(demo) })).toBe(
      formatHtml(demo, { paths: demoPaths(demo) }),
    );
  });
});

describe('scriptJson and escapeHtml', () => {
  it('keep any text inert in a script block and in markup, and read back the same', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const json = scriptJson({ text });
        expect(json).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(json)).toEqual({ text });
        expect(escapeHtml(text)).not.toMatch(/[<>"']/);
      }),
    );
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
