import type { Partition } from '../aws/arn';
import type { ResourceType, RuleCategory } from './rule';
import type { Severity } from './severity';

export type ResultStatus = 'FAILED' | 'PASSED' | 'NOT_EVALUATED' | 'SUPPRESSED';

/**
 * A rule's verdict on one resource, stamped by the engine with everything a report or finding needs.
 * Read-only: the engine's results serve the rule-wide fields through getters (`StampedResult`), and a copy
 * made by spreading one would lose them; `JSON.stringify` gives the whole plain result.
 */
export interface Result {
  readonly ruleId: string;
  readonly title: string;
  readonly status: ResultStatus;
  readonly severity: Severity;
  readonly category: RuleCategory;
  readonly resourceType: ResourceType;
  readonly resourceId: string;
  readonly resourceArn: string;
  /** The VPC the resource belongs to, when it belongs to one (scope-aware archiving). */
  readonly vpcId?: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: Partition;
  readonly message: string;
  /** The rule's explanation of the risk, for readers who do not know the rule (ASFF Description). */
  readonly description?: string;
  readonly remediation: { text: string; url: string };
  readonly references: string[];
  /** `netaudit/<region>/<account>/<ruleId>/<resourceId>`: stable across runs. */
  readonly findingId: string;
  readonly evidence?: Record<string, string | number | boolean | string[]>;
  readonly suppression?: { reason: string; owner: string; expires: string };
}

export interface Summary {
  failed: number;
  passed: number;
  notEvaluated: number;
  suppressed: number;
  /** Failed results per severity. */
  bySeverity: Record<Severity, number>;
}

/** One snapshot of a report that joins several (a scan of several files or regions). */
export interface ReportPart {
  accountId: string;
  region: string;
  partition: Partition;
  collectedAt: string;
  scope?: { vpcIds?: string[] };
  /** Where it came from: the snapshot file, or `aws://<account>/<region>` for a live collection. */
  source: string;
}

/** What one audit produced, and of what. */
export interface AuditReport {
  accountId: string;
  region: string;
  partition: Partition;
  collectedAt: string;
  scope?: { vpcIds?: string[] };
  /** Ids of the rules that ran (enabled ones), sorted. */
  ruleIds: string[];
  results: Result[];
  summary: Summary;
  /** Failed API calls; in a report of several snapshots each names its account and region. */
  errors: {
    api: string;
    code: string;
    message: string;
    vpcId?: string;
    accountId?: string;
    region?: string;
  }[];
  /**
   * Present when the report joins several snapshots: each one, in the order given. The fields above are
   * then the first one's, and every result and error names its own account and region.
   */
  parts?: ReportPart[];
}

/** The snapshot of a joined report that a result comes from (undefined for a report of one snapshot). */
export function partOf(report: AuditReport, result: Result): ReportPart | undefined {
  return report.parts?.find((p) => p.accountId === result.accountId && p.region === result.region);
}

export function findingId(region: string, accountId: string, ruleId: string, resourceId: string): string {
  return findingIdPrefix(region, accountId, ruleId) + resourceId;
}

/** Everything of a finding id but the resource id: built once per rule when stamping its results. */
export function findingIdPrefix(region: string, accountId: string, ruleId: string): string {
  return `netaudit/${region}/${accountId}/${ruleId}/`;
}
