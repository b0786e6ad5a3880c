import type { AuditReport, Result } from '../engine/result';

/** Columns named as in the JSON report, so both read the same. */
const COLUMNS: readonly [string, (r: Result) => string][] = [
  ['findingId', (r) => r.findingId],
  ['status', (r) => r.status],
  ['severity', (r) => r.severity],
  ['ruleId', (r) => r.ruleId],
  ['title', (r) => r.title],
  ['resourceType', (r) => r.resourceType],
  ['resourceId', (r) => r.resourceId],
  ['resourceArn', (r) => r.resourceArn],
  ['vpcId', (r) => r.vpcId ?? ''],
  ['accountId', (r) => r.accountId],
  ['region', (r) => r.region],
  ['message', (r) => r.message],
  ['remediation', (r) => r.remediation.text],
  ['remediationUrl', (r) => r.remediation.url],
  [
    'suppression',
    (r) =>
      r.suppression ? `${r.suppression.reason} (${r.suppression.owner}, until ${r.suppression.expires})` : '',
  ],
];

/** Rows per piece: large enough to write efficiently, small enough to keep memory flat at any size. */
const ROWS_PER_PIECE = 1000;

/**
 * One CSV field (RFC 4180). Text that a spreadsheet would run as a formula (it starts with = + - @ or a
 * tab or carriage return, and can come from AWS names and tags) is prefixed with a quote, as OWASP advises.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/**
 * The results as CSV (RFC 4180: CRLF line ends, a header row), one row per result in report order,
 * passes only with `includePassed`. Yields pieces of rows so a region-sized report is written as it
 * is produced.
 */
export function* formatCsv(report: AuditReport, options: { includePassed?: boolean } = {}): Iterable<string> {
  yield csvLine(COLUMNS.map(([name]) => name));
  let piece = '';
  let rows = 0;
  for (const result of report.results) {
    if (result.status === 'PASSED' && !options.includePassed) continue;
    piece += csvLine(COLUMNS.map(([, cell]) => cell(result)));
    if (++rows === ROWS_PER_PIECE) {
      yield piece;
      piece = '';
      rows = 0;
    }
  }
  if (piece !== '') yield piece;
}
