import type { AuditReport, Result } from '../engine/result';
import { SEVERITIES, type Severity } from '../engine/severity';
import { plainStyler, type Styler } from './style';

export interface TableOptions {
  includePassed?: boolean;
  style?: Styler;
}

const SEVERITY_STYLE: Record<Severity, Parameters<Styler>[0]> = {
  CRITICAL: ['bold', 'red'],
  HIGH: 'red',
  MEDIUM: 'yellow',
  LOW: 'cyan',
  INFORMATIONAL: 'gray',
};

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function row(r: Result, widths: { rule: number; resource: number }, style: Styler, text = r.message): string {
  return `  ${style('bold', pad(r.ruleId, widths.rule))}  ${pad(r.resourceId, widths.resource)}  ${text}`;
}

/**
 * The default human output: failures grouped by severity (most severe first), one line each with rule,
 * resource and the exact message; then what could not be evaluated; then a summary line.
 */
export function formatTable(report: AuditReport, options: TableOptions = {}): string {
  const style = options.style ?? plainStyler;
  const lines: string[] = [];
  const header = `NetAudit ${report.accountId} ${report.region} at ${report.collectedAt}${
    report.scope?.vpcIds ? ` (scope: ${report.scope.vpcIds.join(', ')})` : ''
  }`;
  lines.push(style('bold', header), '');
  const failed = report.results.filter((r) => r.status === 'FAILED');
  // Columns fit the rows shown, not the (hidden) passes, which may have long account-level ids.
  const shown = report.results.filter((r) => r.status !== 'PASSED' || options.includePassed);
  const widths = {
    rule: shown.reduce((w, r) => Math.max(w, r.ruleId.length), 4),
    resource: shown.reduce((w, r) => Math.max(w, r.resourceId.length), 8),
  };
  for (const severity of SEVERITIES) {
    const group = failed.filter((r) => r.severity === severity);
    if (group.length === 0) continue;
    lines.push(style(SEVERITY_STYLE[severity], `${severity} (${group.length})`));
    for (const r of group) lines.push(row(r, widths, style));
    lines.push('');
  }
  const notEvaluated = report.results.filter((r) => r.status === 'NOT_EVALUATED');
  if (notEvaluated.length > 0) {
    lines.push(style('magenta', `NOT EVALUATED (${notEvaluated.length})`));
    for (const r of notEvaluated) lines.push(row(r, widths, style));
    lines.push('');
  }
  const suppressed = report.results.filter((r) => r.status === 'SUPPRESSED');
  if (suppressed.length > 0) {
    lines.push(style('gray', `SUPPRESSED (${suppressed.length})`));
    for (const r of suppressed) {
      const s = r.suppression!;
      lines.push(row(r, widths, style, `${s.reason} (${s.owner}, until ${s.expires})`));
    }
    lines.push('');
  }
  if (options.includePassed) {
    const passed = report.results.filter((r) => r.status === 'PASSED');
    lines.push(style('green', `PASSED (${passed.length})`));
    for (const r of passed) lines.push(row(r, widths, style));
    lines.push('');
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
