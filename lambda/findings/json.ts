import type { AuditReport, Result } from '../engine/result';
import { NETAUDIT_VERSION } from '../version';

export interface JsonOptions {
  includePassed?: boolean;
}

/** The documented `--format json` document; key order is fixed so output is byte-identical per input. */
export function toJsonReport(report: AuditReport, options: JsonOptions = {}) {
  const shown = report.results.filter((r) => r.status !== 'PASSED' || options.includePassed);
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
    results: shown.map(jsonResult),
  };
}

function jsonResult(r: Result) {
  return {
    ruleId: r.ruleId,
    status: r.status,
    severity: r.severity,
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    resourceArn: r.resourceArn,
    ...(r.vpcId ? { vpcId: r.vpcId } : {}),
    region: r.region,
    accountId: r.accountId,
    title: r.title,
    message: r.message,
    remediation: r.remediation,
    references: r.references,
    findingId: r.findingId,
    ...(r.evidence ? { evidence: r.evidence } : {}),
    ...(r.suppression ? { suppression: r.suppression } : {}),
  };
}

export function formatJson(report: AuditReport, options: JsonOptions = {}): string {
  return `${JSON.stringify(toJsonReport(report, options), null, 2)}\n`;
}
