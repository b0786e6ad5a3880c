import fc from 'fast-check';
import { csvField, formatCsv } from '../../lambda/findings/csv';
import { changed, demoReport, HOSTILE, withResults } from './fixtures';

/** RFC 4180 parsing, enough to read back what formatCsv writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted) {
      if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += c;
  }
  expect(field).toBe('');
  expect(row).toEqual([]);
  return rows;
}

const demo = demoReport();
const csv = (report = demo, includePassed = false) => [...formatCsv(report, { includePassed })].join('');

describe('csv format', () => {
  it('has a header and one row per result shown, passes only when asked', () => {
    const rows = parseCsv(csv());
    expect(rows[0]).toEqual([
      'findingId',
      'status',
      'severity',
      'ruleId',
      'title',
      'resourceType',
      'resourceId',
      'resourceArn',
      'vpcId',
      'accountId',
      'region',
      'message',
      'remediation',
      'remediationUrl',
      'suppression',
    ]);
    const shown = demo.results.filter((r) => r.status !== 'PASSED');
    expect(rows.slice(1).map((r) => r[0])).toEqual(shown.map((r) => r.findingId));
    const nat = demo.results.find((r) => r.ruleId === 'NAT.1' && r.status === 'FAILED')!;
    const natRow = rows.find((r) => r[0] === nat.findingId)!;
    expect(natRow).toEqual([
      nat.findingId,
      'FAILED',
      nat.severity,
      'NAT.1',
      nat.title,
      nat.resourceType,
      nat.resourceId,
      nat.resourceArn,
      nat.vpcId ?? '',
      nat.accountId,
      nat.region,
      nat.message,
      nat.remediation.text,
      nat.remediation.url,
      '',
    ]);
    expect(parseCsv(csv(demo, true))).toHaveLength(demo.results.length + 1);
  });

  it('keeps hostile text intact in one field and defuses spreadsheet formulas', () => {
    const base = demo.results.find((r) => r.status === 'FAILED')!;
    const report = withResults(demo, [
      changed(base, { message: HOSTILE, resourceId: '=HYPERLINK("http://x")' }),
      changed(base, {
        status: 'SUPPRESSED',
        suppression: { reason: 'DR, "reserved"', owner: 'ops', expires: '2027-01-01' },
      }),
    ]);
    const rows = parseCsv(csv(report));
    expect(rows[1]![11]).toBe(HOSTILE);
    expect(rows[1]![6]).toBe(`'=HYPERLINK("http://x")`);
    expect(rows[2]![14]).toBe('DR, "reserved" (ops, until 2027-01-01)');
    for (const row of rows) expect(row).toHaveLength(15);
  });

  it('reads back every field it writes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        const [row] = parseCsv(`${csvField(value)}\r\n`);
        expect(row).toEqual([/^[=+\-@\t\r]/.test(value) ? `'${value}` : value]);
      }),
    );
  });

  it('streams a large report in bounded pieces that join to the whole', () => {
    const base = demo.results.find((r) => r.status === 'FAILED')!;
    const many = withResults(
      demo,
      Array.from({ length: 2500 }, (_, i) => changed(base, { findingId: `id-${i}` })),
    );
    const pieces = [...formatCsv(many, {})];
    expect(pieces.length).toBe(4); // header, 1000, 1000, 500
    for (const piece of pieces) expect(piece.split('\r\n').length - 1).toBeLessThanOrEqual(1000);
    expect(parseCsv(pieces.join('')).map((r) => r[0])).toEqual([
      'findingId',
      ...many.results.map((r) => r.findingId),
    ]);
  });

  it('is the same bytes for the same report', () => {
    expect(csv(demoReport(), true)).toBe(csv(demo, true));
  });
});
