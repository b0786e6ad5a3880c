import type { AuditReport, Result, ResultStatus } from '../engine/result';
import { SEVERITIES, type Severity } from '../engine/severity';
import { NETAUDIT_VERSION } from '../version';
import { explainCommand } from './explain-command';
import { SCRIPT, STYLE } from './html-page';
import type { PathDiagram } from './path-diagram';
import { summaryLine } from './table';

export interface HtmlOptions {
  /** The path engine's diagram for each NET finding, by finding id. */
  paths?: ReadonlyMap<string, PathDiagram>;
  includePassed?: boolean;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON that is safe inside a <script> element: no `<` can close it or open a comment, and `&` and `>` go
 * too so the text reads the same to any parser. JSON.parse restores them.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Only web links become anchors: a `javascript:` URL must never be clickable. */
function webUrl(url: string): string | undefined {
  return /^https?:\/\//i.test(url) ? url : undefined;
}

interface Counts {
  failed: Record<Severity, number>;
  other: Record<Exclude<ResultStatus, 'FAILED'>, number>;
}

function emptyCounts(): Counts {
  return {
    failed: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 },
    other: { NOT_EVALUATED: 0, SUPPRESSED: 0, PASSED: 0 },
  };
}

function countBy(results: readonly Result[], key: (r: Result) => string): [string, Counts][] {
  const groups = new Map<string, Counts>();
  for (const r of results) {
    const k = key(r);
    let counts = groups.get(k);
    if (!counts) groups.set(k, (counts = emptyCounts()));
    if (r.status === 'FAILED') counts.failed[r.severity]++;
    else counts.other[r.status]++;
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Short column heads, so the account and region tables fit side by side; the full word is the tooltip. */
const COLUMN_HEADS: Record<Severity | Exclude<ResultStatus, 'FAILED'>, string> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  INFORMATIONAL: 'info',
  NOT_EVALUATED: 'not eval.',
  SUPPRESSED: 'suppr.',
  PASSED: 'passed',
};

function summaryTable(caption: string, rows: [string, Counts][], includePassed: boolean): string {
  const statuses = includePassed
    ? (['NOT_EVALUATED', 'SUPPRESSED', 'PASSED'] as const)
    : (['NOT_EVALUATED', 'SUPPRESSED'] as const);
  const head = [...SEVERITIES, ...statuses].map(
    (key) => `<th scope="col" title="${key.replace('_', ' ').toLowerCase()}">${COLUMN_HEADS[key]}</th>`,
  );
  const body = rows.map(([name, c]) => {
    const cells = [...SEVERITIES.map((s) => c.failed[s]), ...statuses.map((s) => c.other[s])];
    return `<tr><td>${escapeHtml(name)}</td>${cells.map((n) => `<td>${n}</td>`).join('')}</tr>`;
  });
  return (
    `<table><caption>By ${escapeHtml(caption === 'VPC' ? caption : caption.toLowerCase())}</caption>` +
    `<thead><tr><th scope="col">${escapeHtml(caption)}</th>${head.join('')}</tr></thead>` +
    `<tbody>${body.join('')}</tbody></table>`
  );
}

function severityCards(report: AuditReport): string {
  const s = report.summary;
  const cards = SEVERITIES.map(
    (sev) => `<div class="card sev-${sev}"><b>${s.bySeverity[sev]}</b>${sev.toLowerCase()}</div>`,
  );
  cards.push(
    `<div class="card"><b>${s.notEvaluated}</b>not evaluated</div>`,
    `<div class="card"><b>${s.suppressed}</b>suppressed</div>`,
    `<div class="card"><b>${s.passed}</b>passed</div>`,
  );
  return `<div class="cards">${cards.join('')}</div>`;
}

function errorsNotice(report: AuditReport): string {
  if (report.errors.length === 0) return '';
  const items = report.errors.map(
    (e) =>
      `<li>${e.accountId ? `${escapeHtml(`${e.accountId} ${e.region ?? ''}`)}: ` : ''}<code>${escapeHtml(e.api)}</code>${e.vpcId ? ` (${escapeHtml(e.vpcId)})` : ''}: ${escapeHtml(e.code)} — ${escapeHtml(e.message)}</li>`,
  );
  return (
    `<div class="warning" role="alert"><strong>Incomplete audit:</strong> ${report.errors.length} API call(s) failed; ` +
    `the rules that needed their data are listed as not evaluated.<ul>${items.join('')}</ul></div>`
  );
}

/** The page's data: rule text once per rule, and per result only what differs. */
function pageData(shown: readonly Result[], paths: ReadonlyMap<string, PathDiagram>) {
  const rules: Record<string, { title: string; description?: string; remediation: string; url?: string }> =
    {};
  const ruleOrder = new Map<string, number>();
  for (const r of shown) {
    if (rules[r.ruleId]) continue;
    ruleOrder.set(r.ruleId, ruleOrder.size);
    rules[r.ruleId] = {
      title: r.title,
      ...(r.description ? { description: r.description } : {}),
      remediation: r.remediation.text,
      ...(webUrl(r.remediation.url) ? { url: r.remediation.url } : {}),
    };
  }
  const findings = shown.map((r, order) => {
    const explain = explainCommand(r);
    const path = paths.get(r.findingId);
    return {
      order,
      ruleOrder: ruleOrder.get(r.ruleId)!,
      id: r.findingId,
      ruleId: r.ruleId,
      status: r.status,
      severity: r.severity,
      resourceType: r.resourceType,
      resourceId: r.resourceId,
      ...(r.vpcId ? { vpcId: r.vpcId } : {}),
      accountId: r.accountId,
      region: r.region,
      message: r.message,
      ...(explain ? { explain } : {}),
      ...(r.evidence ? { evidence: r.evidence } : {}),
      ...(r.suppression ? { suppression: r.suppression } : {}),
      ...(path ? { path } : {}),
    };
  });
  return { tool: { name: 'netaudit', version: NETAUDIT_VERSION }, rules, findings };
}

function selectOptions(values: readonly string[], all: string): string {
  return [
    `<option value="">${all}</option>`,
    ...values.map((v) => `<option value="${v}">${v.replace('_', ' ').toLowerCase()}</option>`),
  ].join('');
}

/**
 * The report as one self-contained HTML page (no external resource; its Content-Security-Policy forbids
 * any): the summary by severity, account, region and VPC, then every result in a table that can be
 * filtered and sorted, each opening onto its remediation, its `netaudit explain` command and, for a
 * path finding, the diagram of its hops with the failing hop marked. The results travel as JSON in the
 * page and are drawn by its script, so a region-sized report stays light (500 rows at a time).
 */
export function formatHtml(report: AuditReport, options: HtmlOptions = {}): string {
  const includePassed = options.includePassed ?? false;
  const shown = report.results.filter((r) => r.status !== 'PASSED' || includePassed);
  const title = report.parts
    ? `NetAudit report — ${report.parts.map((p) => `${p.accountId} ${p.region}`).join(', ')}`
    : `NetAudit report — ${report.accountId} ${report.region}`;
  const collected = report.parts
    ? report.parts.map((p) => `${p.accountId} ${p.region} collected at ${p.collectedAt}`).join(', ')
    : `Collected at ${report.collectedAt}`;
  const scope = report.scope?.vpcIds ? ` · scope ${report.scope.vpcIds.join(', ')}` : '';
  const hasPaths = shown.some((r) => options.paths?.has(r.findingId));
  const statuses = includePassed
    ? ['FAILED', 'NOT_EVALUATED', 'SUPPRESSED', 'PASSED']
    : ['FAILED', 'NOT_EVALUATED', 'SUPPRESSED'];
  const sortable = (key: string, label: string) =>
    `<th scope="col" data-sort="${key}" aria-sort="none"><button type="button">${label}</button></th>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="generator" content="NetAudit ${escapeHtml(NETAUDIT_VERSION)}">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(collected)}${escapeHtml(scope)} · ${escapeHtml(summaryLine(report))}</p>
${errorsNotice(report)}
</header>
<main>
<h2>Summary</h2>
${severityCards(report)}
<div class="summary">
${summaryTable(
  'Account',
  countBy(shown, (r) => r.accountId),
  includePassed,
)}
${summaryTable(
  'Region',
  countBy(shown, (r) => r.region),
  includePassed,
)}
${summaryTable(
  'VPC',
  countBy(shown, (r) => r.vpcId ?? '(not in a VPC)'),
  includePassed,
)}
</div>
<h2>Findings</h2>
<div class="controls">
<input id="filter-text" type="search" placeholder="Filter: resource, rule, VPC, message…" aria-label="Filter by text">
<select id="filter-severity" aria-label="Severity">${selectOptions(SEVERITIES, 'All severities')}</select>
<select id="filter-status" aria-label="Status">${selectOptions(statuses, 'All statuses')}</select>
<select id="filter-rule" aria-label="Rule"><option value="">All rules</option></select>
<button id="expand-paths" type="button"${hasPaths ? '' : ' hidden'}>Open every path diagram</button>
<span id="count" class="meta"></span>
</div>
<table id="findings">
<thead><tr><th scope="col"><span hidden>Details</span></th>${sortable('severity', 'Severity')}${sortable('rule', 'Rule')}${sortable('resource', 'Resource')}${sortable('vpc', 'VPC')}${sortable('message', 'Message')}</tr></thead>
<tbody id="findings-body"></tbody>
</table>
<button id="more" type="button" hidden></button>
</main>
<script type="application/json" id="netaudit-data">${scriptJson(pageData(shown, options.paths ?? new Map()))}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
