import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SEVERITIES, severityRank, type Severity } from '../engine/severity';
import { truncateText } from '../findings/asff-text';
import { formatCounts, publishMessage, snsSubject, type AlertOutcome } from '../publish/alert';
import type { TargetResult } from './types';

/**
 * One account's results, compact: the state machine carries one of these per account through its Map
 * results (1,000 accounts must fit in Step Functions' 256 KB state), and the digest is built from them.
 */
export interface AccountResult {
  accountId: string;
  accountName?: string;
  targets: number;
  audited: number;
  /** Open failures, in SEVERITIES order (CRITICAL first); absent when there are none (it saves state). */
  open?: number[];
  /** New or reopened findings imported in this run, in SEVERITIES order; absent when none. */
  new?: number[];
  /** By region: the alert thresholds its new findings crossed. */
  crossed?: Record<string, string[]>;
  /**
   * Why targets could not be audited, one short line per distinct error with its regions ('*': every
   * region of the account, the usual case of a missing member role). Grouped so that an organization
   * where the role is missing everywhere still fits in the state.
   */
  failed?: { regions: string[] | '*'; error: string }[];
}

/** What an organization run did, as the final state of the state machine (and its logs) shows it. */
export interface OrgRunSummary {
  targets: number;
  audited: number;
  failed: number;
  accounts: number;
  /** Open failures over every audited target. */
  bySeverity: Record<Severity, number>;
  /** New or reopened findings imported in this run. */
  newBySeverity: Record<Severity, number>;
  /** Targets that could not be audited, with why ('*': every region): the run finished without them. */
  failedTargets: { accountId: string; accountName?: string; region: string; error: string }[];
  /** Targets whose new findings crossed the alert thresholds. */
  alerting: { accountId: string; accountName?: string; region: string; crossed: string[] }[];
  /** Targets listed but absent from the results (a failed child execution): counted among `failed`. */
  unreported: number;
}

const MAX_FAILURE_TEXT = 100;

const inOrder = (counts: Partial<Record<Severity, number>> | undefined): number[] =>
  SEVERITIES.map((s) => counts?.[s] ?? 0);

/** One account's target results reduced to an AccountResult (the per-account step of the state machine). */
export function reduceAccount(results: readonly TargetResult[]): AccountResult {
  const first = results[0];
  if (!first) throw new Error('reduceAccount needs the results of at least one target');
  const open = SEVERITIES.map(() => 0);
  const fresh = SEVERITIES.map(() => 0);
  const crossed: Record<string, string[]> = {};
  const failedRegions = new Map<string, string[]>();
  for (const r of [...results].sort((a, b) => a.region.localeCompare(b.region))) {
    inOrder(r.bySeverity).forEach((n, i) => (open[i]! += n));
    inOrder(r.newBySeverity).forEach((n, i) => (fresh[i]! += n));
    if (r.crossed?.length) crossed[r.region] = r.crossed;
    if (r.status === 'FAILED') {
      const text = r.error ? `${r.error.name}: ${r.error.message}` : 'unknown error';
      const key = truncateText(text, MAX_FAILURE_TEXT);
      failedRegions.set(key, [...(failedRegions.get(key) ?? []), r.region]);
    }
  }
  const failed = [...failedRegions].map(([error, regions]) => ({
    regions: regions.length === results.length ? ('*' as const) : regions,
    error,
  }));
  // A caught failure carries no name: take it from any result that has one.
  const accountName = results.find((r) => r.accountName)?.accountName;
  return {
    accountId: first.accountId,
    ...(accountName ? { accountName } : {}),
    targets: results.length,
    audited: results.filter((r) => r.status === 'AUDITED').length,
    ...(open.some((n) => n > 0) ? { open } : {}),
    ...(fresh.some((n) => n > 0) ? { new: fresh } : {}),
    ...(Object.keys(crossed).length ? { crossed } : {}),
    ...(failed.length ? { failed } : {}),
  };
}

/** Per-target results (the CLI's) grouped by account and reduced, sorted by account id. */
export function reduceByAccount(results: readonly TargetResult[]): AccountResult[] {
  const groups = new Map<string, TargetResult[]>();
  for (const r of results) groups.set(r.accountId, [...(groups.get(r.accountId) ?? []), r]);
  return [...groups.keys()].sort().map((id) => reduceAccount(groups.get(id)!));
}

/**
 * @param expectedTargets the number of targets the run listed; results that fall short of it (child
 *   executions that failed outright) are counted as failed and unreported
 */
export function summarizeRun(accounts: readonly AccountResult[], expectedTargets?: number): OrgRunSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const newBySeverity = { ...bySeverity };
  const sorted = [...accounts].sort((a, b) => a.accountId.localeCompare(b.accountId));
  const failedTargets: OrgRunSummary['failedTargets'] = [];
  const alerting: OrgRunSummary['alerting'] = [];
  for (const a of sorted) {
    SEVERITIES.forEach((s, i) => {
      bySeverity[s] += a.open?.[i] ?? 0;
      newBySeverity[s] += a.new?.[i] ?? 0;
    });
    const name = a.accountName ? { accountName: a.accountName } : {};
    for (const f of a.failed ?? []) {
      const region = f.regions === '*' ? 'all regions' : f.regions.join(', ');
      failedTargets.push({ accountId: a.accountId, ...name, region, error: f.error });
    }
    for (const [region, crossed] of Object.entries(a.crossed ?? {}).sort()) {
      alerting.push({ accountId: a.accountId, ...name, region, crossed });
    }
  }
  const reported = sorted.reduce((n, a) => n + a.targets, 0);
  const targets = Math.max(reported, expectedTargets ?? 0);
  const audited = sorted.reduce((n, a) => n + a.audited, 0);
  return {
    targets,
    audited,
    failed: targets - audited,
    accounts: sorted.length,
    bySeverity,
    newBySeverity,
    failedTargets,
    alerting,
    unreported: targets - reported,
  };
}

const label = (t: { accountId: string; accountName?: string }) =>
  t.accountName ? `${t.accountId} (${t.accountName})` : t.accountId;

/** SNS subjects: printable ASCII, one line, under 100 characters. */
export function digestSubject(summary: OrgRunSummary): string {
  const accounts = new Set(summary.alerting.map((a) => a.accountId)).size;
  const newTotal = SEVERITIES.reduce((n, s) => n + summary.newBySeverity[s], 0);
  const parts = [
    ...(accounts
      ? [
          `${newTotal} new finding${newTotal === 1 ? '' : 's'} in ${accounts} account${accounts === 1 ? '' : 's'}`,
        ]
      : []),
    ...(summary.failed ? [`${summary.failed} target${summary.failed === 1 ? '' : 's'} failed`] : []),
  ];
  return snsSubject(`NetAudit organization: ${parts.join(', ') || 'no change'}`);
}

/** The digest body: totals, then each alerting account-region with its top findings, then failures. */
export function digestBody(summary: OrgRunSummary, listed = 25): string {
  const lines = [
    `NetAudit audited ${summary.audited} of ${summary.targets} targets (account x region) in ` +
      `${summary.accounts} account(s); ${summary.failed} failed.`,
    '',
    `New or reopened: ${formatCounts(summary.newBySeverity)}`,
    `All open failures: ${formatCounts(summary.bySeverity)}`,
  ];
  if (summary.alerting.length) {
    lines.push('', 'Accounts with new findings over the alert thresholds:');
    for (const a of summary.alerting.slice(0, listed)) {
      lines.push('', `- ${label(a)} ${a.region}: ${a.crossed.join(', ')}`);
    }
    if (summary.alerting.length > listed) lines.push('', `... and ${summary.alerting.length - listed} more.`);
    lines.push(
      '',
      "The findings are in each account's Security Hub, in the region named (and in the delegated",
    );
    lines.push('administrator account when cross-region aggregation is on).');
  }
  if (summary.unreported) {
    lines.push('', `${summary.unreported} target(s) reported no result: see the Map Run of this execution.`);
  }
  if (summary.failedTargets.length) {
    lines.push('', 'Targets that could not be audited (the rest of the run went on):');
    for (const f of summary.failedTargets.slice(0, listed)) {
      lines.push(`- ${label(f)} ${f.region}: ${truncateText(f.error, 200)}`);
    }
    if (summary.failedTargets.length > listed)
      lines.push(`... and ${summary.failedTargets.length - listed} more.`);
    lines.push(
      '',
      'AccessDenied usually means the member role is missing in that account (outside the StackSet',
    );
    lines.push('OUs) or Security Hub is not enabled there; see docs/organization.md.');
    if (summary.failedTargets.some((f) => f.error.startsWith('NothingEvaluated'))) {
      lines.push(
        'NothingEvaluated means the role was assumed but every core EC2 call failed (a service control',
        "policy or a changed role policy): the account's AUDIT.1 findings name the calls.",
      );
    }
  }
  lines.push('');
  return lines.join('\n');
}

/**
 * One message per run to the central topic, and only when it matters: some target's new findings
 * crossed the thresholds, or some target could not be audited. A failed publish is retried by the
 * client, then reported in the outcome: the findings are already in Security Hub.
 */
export async function sendDigest(
  sns: SNSClient,
  topicArn: string,
  summary: OrgRunSummary,
): Promise<AlertOutcome> {
  if (summary.alerting.length === 0 && summary.failed === 0) {
    return { sent: false, reason: 'no threshold crossed and no target failed' };
  }
  const highest = SEVERITIES.filter((s) => summary.newBySeverity[s] > 0).sort(
    (a, b) => severityRank(a) - severityRank(b),
  )[0];
  const command = new PublishCommand({
    TopicArn: topicArn,
    Subject: digestSubject(summary),
    Message: digestBody(summary),
    MessageAttributes: {
      ...(highest ? { severity: { DataType: 'String', StringValue: highest } } : {}),
      failedTargets: { DataType: 'Number', StringValue: String(summary.failed) },
      // The alerting accounts, comma-separated, so a subscription filter can route one team's accounts.
      accounts: {
        DataType: 'String',
        StringValue: [...new Set(summary.alerting.map((a) => a.accountId))].join(',') || 'none',
      },
    },
  });
  const reason = `${summary.alerting.length} target(s) over thresholds, ${summary.failed} failed`;
  return publishMessage(sns, command, reason);
}
