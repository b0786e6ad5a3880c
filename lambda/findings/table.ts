import type { AuditReport, Result } from '../engine/result';
import { SEVERITIES, type Severity } from '../engine/severity';
import { explainCommand } from './explain-command';
import { plainStyler, type Styler } from './style';
import {
  columnWidths,
  lastColumnStart,
  lastColumnWidth,
  tableRow,
  wrapText,
  type TableOptions as Layout,
} from './text-table';

export interface TableOptions {
  includePassed?: boolean;
  style?: Styler;
  /** The remediation (text and link) under each failure. */
  verbose?: boolean;
  /** Terminal columns to wrap the messages to (the CLI passes process.stdout.columns, or 100). */
  width?: number;
}

export const DEFAULT_TABLE_WIDTH = 100;

const SEVERITY_STYLE: Record<Severity, Parameters<Styler>[0]> = {
  CRITICAL: ['bold', 'red'],
  HIGH: 'red',
  MEDIUM: 'yellow',
  LOW: 'cyan',
  INFORMATIONAL: 'gray',
};

const HEADER = ['RULE', 'RESOURCE', 'MESSAGE'];

/**
 * The default human output: a column header, failures grouped by severity (most severe first), one row
 * each with rule, resource and the exact message wrapped to the terminal, the `netaudit explain` command
 * under every NET finding (and the remediation with `verbose`); then what could not be evaluated, what
 * is suppressed, and a summary line.
 */
export function formatTable(report: AuditReport, options: TableOptions = {}): string {
  const style = options.style ?? plainStyler;
  const title = report.parts
    ? `NetAudit ${report.parts.map((p) => `${p.accountId} ${p.region} at ${p.collectedAt}`).join(', ')}`
    : `NetAudit ${report.accountId} ${report.region} at ${report.collectedAt}${
        report.scope?.vpcIds ? ` (scope: ${report.scope.vpcIds.join(', ')})` : ''
      }`;
  // Results of several snapshots: each row says which account and region its resource is in.
  const header = report.parts ? [...HEADER.slice(0, 2), 'WHERE', HEADER[2]!] : HEADER;
  const firstColumns = (r: Result) =>
    report.parts ? [r.ruleId, r.resourceId, `${r.accountId} ${r.region}`] : [r.ruleId, r.resourceId];
  const lines: string[] = [style('bold', title), ''];
  const failed = report.results.filter((r) => r.status === 'FAILED');
  const notEvaluated = report.results.filter((r) => r.status === 'NOT_EVALUATED');
  const suppressed = report.results.filter((r) => r.status === 'SUPPRESSED');
  const passed = options.includePassed ? report.results.filter((r) => r.status === 'PASSED') : [];
  // Columns fit the rows shown, not the (hidden) passes, which may have long account-level ids.
  const shown = [failed, notEvaluated, suppressed, passed].flat();
  // The message column takes what is left of the width, so only the columns before it are measured.
  const widths = [
    ...columnWidths(
      shown.map(firstColumns),
      header.slice(0, -1).map((h) => h.length),
    ),
    0,
  ];
  const layout: Layout = {
    indent: '  ',
    width: options.width ?? DEFAULT_TABLE_WIDTH,
    style: (column, _row, text) => (column === 0 ? style('bold', text) : text),
  };
  const under = ' '.repeat(lastColumnStart(widths, layout));
  const noteWidth = lastColumnWidth(widths, layout);
  const note = (label: string, text: string) => wrapText(`${label} ${text}`, noteWidth).map((l) => under + l);

  const row = (r: Result, text = r.message) => tableRow([...firstColumns(r), text], widths, layout);
  const section = (heading: string, results: Result[], rowOf: (r: Result) => string[]) => {
    if (results.length === 0) return;
    lines.push(heading);
    // One push per result: spreading a region's rows into one call would overflow the stack.
    for (const r of results) for (const line of rowOf(r)) lines.push(line);
    lines.push('');
  };

  if (shown.length > 0)
    lines.push(...tableRow(header, widths, { ...layout, style: (_c, _r, t) => style('dim', t) }));
  for (const severity of SEVERITIES) {
    const group = failed.filter((r) => r.severity === severity);
    section(style(SEVERITY_STYLE[severity], `${severity} (${group.length})`), group, (r) => {
      const explain = explainCommand(r);
      return [
        ...row(r),
        // The link and the command on lines of their own, never cut, so they can be opened or pasted.
        ...(options.verbose ? [...note('remediation:', r.remediation.text), under + r.remediation.url] : []),
        ...(explain ? [under + style('cyan', `explain: ${explain}`)] : []),
      ];
    });
  }
  section(style('magenta', `NOT EVALUATED (${notEvaluated.length})`), notEvaluated, (r) => row(r));
  section(style('gray', `SUPPRESSED (${suppressed.length})`), suppressed, (r) => {
    const s = r.suppression!;
    return row(r, `${s.reason} (${s.owner}, until ${s.expires})`);
  });
  if (options.includePassed) {
    if (passed.length === 0) lines.push(style('green', 'PASSED (0)'), '');
    section(style('green', `PASSED (${passed.length})`), passed, (r) => row(r));
  }
  if (failed.length === 0 && notEvaluated.length === 0) lines.push(style('green', 'No findings.'), '');
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}

export function summaryLine(report: AuditReport): string {
  const s = report.summary;
  const bySeverity = SEVERITIES.filter((sev) => s.bySeverity[sev] > 0)
    .map((sev) => `${s.bySeverity[sev]} ${sev.toLowerCase()}`)
    .join(', ');
  return (
    `${s.failed} failed${bySeverity ? ` (${bySeverity})` : ''}, ${s.passed} passed, ` +
    `${s.notEvaluated} not evaluated, ${s.suppressed} suppressed — ${report.ruleIds.length} rules`
  );
}
