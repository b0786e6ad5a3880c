import type { Partition } from '../aws/arn';
import type { ResourceType, RuleCategory } from './rule';
import type { Severity } from './severity';

export type ResultStatus = 'FAILED' | 'PASSED' | 'NOT_EVALUATED' | 'SUPPRESSED';

/** A rule's verdict on one resource, stamped by the engine with everything a report or finding needs. */
export interface Result {
  ruleId: string;
  title: string;
  status: ResultStatus;
  severity: Severity;
  category: RuleCategory;
  resourceType: ResourceType;
  resourceId: string;
  resourceArn: string;
  /** The VPC the resource belongs to, when it belongs to one (scope-aware archiving). */
  vpcId?: string;
  accountId: string;
  region: string;
  partition: Partition;
  message: string;
  /** The rule's explanation of the risk, for readers who do not know the rule (ASFF Description). */
  description?: string;
  remediation: { text: string; url: string };
  references: string[];
  /** `netaudit/<region>/<account>/<ruleId>/<resourceId>`: stable across runs. */
  findingId: string;
  evidence?: Record<string, string | number | boolean | string[]>;
  suppression?: { reason: string; owner: string; expires: string };
}

export interface Summary {
  failed: number;
  passed: number;
  notEvaluated: number;
  suppressed: number;
  /** Failed results per severity. */
  bySeverity: Record<Severity, number>;
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
  errors: { api: string; code: string; message: string; vpcId?: string }[];
}

export function findingId(region: string, accountId: string, ruleId: string, resourceId: string): string {
  return findingIdPrefix(region, accountId, ruleId) + resourceId;
}

/** Everything of a finding id but the resource id: built once per rule when stamping its results. */
export function findingIdPrefix(region: string, accountId: string, ruleId: string): string {
  return `netaudit/${region}/${accountId}/${ruleId}/`;
}
