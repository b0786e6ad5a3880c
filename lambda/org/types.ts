import type { Severity } from '../engine/severity';

/** One unit of work of an organization run: one member account in one region. */
export interface OrgTarget {
  accountId: string;
  /** The account's name in Organizations, for people reading the summary. */
  accountName?: string;
  region: string;
}

/**
 * What auditing one target produced. Kept small on purpose: 17,000 of these make up a large run's
 * results, and Step Functions state and Map results are size-limited.
 */
export interface TargetResult extends OrgTarget {
  status: 'AUDITED' | 'FAILED';
  /** Open failures by severity (AUDITED only). */
  bySeverity?: Partial<Record<Severity, number>>;
  /** New or reopened findings imported in this run, by severity (AUDITED and published only). */
  newBySeverity?: Partial<Record<Severity, number>>;
  /** The alert thresholds these new findings crossed, e.g. `HIGH 2 >= 1`. */
  crossed?: string[];
  /** EC2 APIs that failed during collection: the rules needing them were not evaluated. */
  collectionErrors?: number;
  /** Findings Security Hub still refused after retries. */
  publishFailed?: number;
  /**
   * Why the target failed (FAILED only): an error name and message, e.g. AccessDenied from STS, or
   * NothingEvaluated when the audit ran but every core EC2 call failed (its counts are then kept).
   */
  error?: { name: string; message: string };
  durationMs?: number;
}
