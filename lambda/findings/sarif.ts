import { partOf, type AuditReport, type Result } from '../engine/result';
import type { RuleMetadata } from '../engine/rule';
import type { Severity } from '../engine/severity';
import { NETAUDIT_NAME, NETAUDIT_VERSION } from '../version';
import { stringifyInPieces } from './json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  INFORMATIONAL: 'note',
};

/** GitHub code scanning ranks security results by this property (CVSS-like, 0-10). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '3.0',
  INFORMATIONAL: '0.0',
};

export interface SarifOptions {
  /** The artifact results point at: the snapshot file, or `aws://<account>/<region>` for a live scan. */
  artifactUri: string;
}

function sarifRule(rule: RuleMetadata) {
  return {
    id: rule.id,
    name: rule.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    helpUri: rule.remediation.url,
    help: {
      text: rule.remediation.text,
      markdown: `${rule.remediation.text}\n\n[Documentation](${rule.remediation.url})`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ['security', 'aws', 'network', rule.category, ...rule.references],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      resourceType: rule.resourceType,
    },
  };
}

function sarifResult(r: Result, ruleIndex: number, artifactUri: string) {
  return {
    ruleId: r.ruleId,
    ruleIndex,
    level: r.status === 'NOT_EVALUATED' ? 'none' : LEVEL[r.severity],
    kind: r.status === 'NOT_EVALUATED' ? 'notApplicable' : 'fail',
    message: { text: `${r.resourceId}: ${r.message}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: artifactUri } },
        logicalLocations: [{ fullyQualifiedName: r.resourceArn, name: r.resourceId, kind: 'resource' }],
      },
    ],
    partialFingerprints: { netauditFindingId: r.findingId },
    properties: {
      severity: r.severity,
      resourceType: r.resourceType,
      'security-severity': SECURITY_SEVERITY[r.severity],
    },
  };
}

/** SARIF 2.1.0 with one reporting descriptor per catalogue rule, for code-scanning dashboards. */
export function toSarif(report: AuditReport, rules: readonly RuleMetadata[], options: SarifOptions) {
  const { reported, toResult } = sarifResults(report, rules, options);
  return sarifDocument(report, rules, reported.map(toResult));
}

export function formatSarif(
  report: AuditReport,
  rules: readonly RuleMetadata[],
  options: SarifOptions,
): string {
  return [...formatSarifChunks(report, rules, options)].join('');
}

/**
 * `JSON.stringify(toSarif(...), null, 2)` and a newline, in pieces of a few hundred results built as
 * they are written (the catalogue's rules are few; a region's results are not).
 */
export function formatSarifChunks(
  report: AuditReport,
  rules: readonly RuleMetadata[],
  options: SarifOptions,
): Generator<string> {
  const { reported, toResult } = sarifResults(report, rules, options);
  return stringifyInPieces(sarifDocument(report, rules, RESULTS), RESULTS, reported, toResult);
}

/** Stands for the results list while the document around it is stringified in pieces. */
const RESULTS = '\u0000netaudit:sarif-results';

function sarifResults(report: AuditReport, rules: readonly RuleMetadata[], options: SarifOptions) {
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));
  return {
    reported: report.results.filter((r) => r.status === 'FAILED' || r.status === 'NOT_EVALUATED'),
    // In a report of several snapshots, each result points at its own snapshot.
    toResult: (r: Result) =>
      sarifResult(r, indexOf.get(r.ruleId) ?? -1, partOf(report, r)?.source ?? options.artifactUri),
  };
}

function sarifDocument<T>(report: AuditReport, rules: readonly RuleMetadata[], results: T) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: NETAUDIT_NAME,
            semanticVersion: NETAUDIT_VERSION,
            version: NETAUDIT_VERSION,
            rules: rules.map(sarifRule),
          },
        },
        ...(report.parts
          ? {
              automationDetails: {
                id: `netaudit/${report.parts.map((p) => `${p.accountId}-${p.region}`).join('+')}/`,
              },
              properties: { snapshots: report.parts },
            }
          : {
              automationDetails: { id: `netaudit/${report.accountId}/${report.region}/` },
              properties: {
                accountId: report.accountId,
                region: report.region,
                collectedAt: report.collectedAt,
              },
            }),
        results,
      },
    ],
  };
}
