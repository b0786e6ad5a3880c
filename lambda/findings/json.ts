import type { AuditReport, Result } from '../engine/result';
import { NETAUDIT_VERSION } from '../version';

export interface JsonOptions {
  includePassed?: boolean;
}

/** The documented `--format json` document; key order is fixed so output is byte-identical per input. */
export function toJsonReport(report: AuditReport, options: JsonOptions = {}) {
  return { ...jsonHead(report), results: shownResults(report, options).map(jsonResult) };
}

function shownResults(report: AuditReport, options: JsonOptions): Result[] {
  return report.results.filter((r) => r.status !== 'PASSED' || options.includePassed);
}

function jsonHead(report: AuditReport) {
  return {
    tool: { name: 'netaudit', version: NETAUDIT_VERSION },
    snapshot: {
      accountId: report.accountId,
      region: report.region,
      collectedAt: report.collectedAt,
      ...(report.scope ? { scope: report.scope } : {}),
    },
    summary: report.summary,
    errors: report.errors,
  };
}

/** One result as the document shows it; keys are inserted in the documented order. */
function jsonResult(r: Result): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: r.ruleId,
    status: r.status,
    severity: r.severity,
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    resourceArn: r.resourceArn,
  };
  if (r.vpcId) out.vpcId = r.vpcId;
  out.region = r.region;
  out.accountId = r.accountId;
  out.title = r.title;
  out.message = r.message;
  out.remediation = r.remediation;
  out.references = r.references;
  out.findingId = r.findingId;
  if (r.evidence) out.evidence = r.evidence;
  if (r.suppression) out.suppression = r.suppression;
  return out;
}

export function formatJson(report: AuditReport, options: JsonOptions = {}): string {
  return [...formatJsonChunks(report, options)].join('');
}

/** Results stringified per piece of output. */
const RESULTS_PER_CHUNK = 500;
/** What `JSON.stringify({ results: [...] }, null, 2)` puts around the list's items. */
const WRAPPER_OPEN = '{\n  "results": [\n';
const WRAPPER_CLOSE = '\n  ]\n}';

/**
 * `formatJson`'s text in pieces of a few hundred results: a large region's report is tens of megabytes
 * of JSON, and building it whole held the document, its text and its bytes in memory at once. Each piece
 * is stringified inside the same `results` wrapper as the whole document, so its indentation, and so the
 * joined text, is exactly `JSON.stringify(toJsonReport(...), null, 2)`.
 */
export function* formatJsonChunks(report: AuditReport, options: JsonOptions = {}): Generator<string> {
  const shown = shownResults(report, options);
  const head = JSON.stringify({ ...jsonHead(report), results: [] }, null, 2);
  if (shown.length === 0) {
    yield `${head}\n`;
    return;
  }
  // `…"results": []\n}`: the list is opened where the empty one was.
  yield `${head.slice(0, head.lastIndexOf('[]'))}[\n`;
  for (let i = 0; i < shown.length; i += RESULTS_PER_CHUNK) {
    const batch = shown.slice(i, i + RESULTS_PER_CHUNK).map(jsonResult);
    const text = JSON.stringify({ results: batch }, null, 2);
    yield `${i > 0 ? ',\n' : ''}${text.slice(WRAPPER_OPEN.length, text.length - WRAPPER_CLOSE.length)}`;
  }
  yield '\n  ]\n}\n';
}
