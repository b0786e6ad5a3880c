import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { consoleDomain, type Partition } from '../aws/arn';
import type { AuditReport, Result } from '../engine/result';
import { SEVERITIES, severityRank, type Severity } from '../engine/severity';
import { truncateText } from '../findings/asff-text';
import { errorMessage, errorName } from './pacing';

export type AlertThresholds = Partial<Record<Severity, number>>;

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = { CRITICAL: 1, HIGH: 1 };

export interface AlertOutcome {
  sent: boolean;
  /** Why no message went out, or which thresholds a sent one crossed. */
  reason: string;
  messageId?: string;
  /** Set when publishing failed after the client's retries; the findings are in Security Hub regardless. */
  error?: string;
}

export interface AlertOptions {
  /** Findings listed in the body; the rest are counted. */
  topFindings?: number;
}

const SUBJECT_MAX = 99;

export function countBySeverity(results: readonly Pick<Result, 'severity'>[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const r of results) counts[r.severity]++;
  return counts;
}

/** The thresholds crossed by this run's new or reopened findings, e.g. `HIGH 2 >= 1`. */
export function crossedThresholds(newOrReopened: readonly Result[], thresholds: AlertThresholds): string[] {
  const counts = countBySeverity(newOrReopened);
  return SEVERITIES.filter((s) => thresholds[s] !== undefined && counts[s] >= thresholds[s]!).map(
    (s) => `${s} ${counts[s]} >= ${thresholds[s]}`,
  );
}

/** `2 CRITICAL, 1 LOW`, or `none`. */
export function formatCounts(counts: Record<Severity, number>): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** An SNS subject: printable ASCII, one line, under 100 characters. */
export function snsSubject(text: string): string {
  return truncateText(text.replace(/[^\x20-\x7e]/g, '?'), SUBJECT_MAX - 2).replace('…', '...');
}

export function alertSubject(report: AuditReport, newOrReopened: readonly Result[]): string {
  const n = newOrReopened.length;
  return snsSubject(
    `NetAudit: ${n} new finding${n === 1 ? '' : 's'} (${formatCounts(countBySeverity(newOrReopened))}) ` +
      `in ${report.accountId} ${report.region}`,
  );
}

/** The Security Hub findings page, or one finding, in the console of the report's partition. */
export function securityHubLink(partition: Partition, region: string, findingId?: string): string {
  const base = `https://${consoleDomain(partition)}/securityhub/home?region=${region}#/findings`;
  if (!findingId) return base;
  // The console's filter syntax `Id=\operator\:EQUALS\:<id>`, URL-encoded twice, as its own links are.
  const search = `Id%3D%255Coperator%255C%253AEQUALS%255C%253A${encodeURIComponent(encodeURIComponent(findingId))}`;
  return `${base}?search=${search}`;
}

function mostSevereFirst(a: Result, b: Result): number {
  return severityRank(a.severity) - severityRank(b.severity) || (a.findingId < b.findingId ? -1 : 1);
}

export function alertBody(report: AuditReport, newOrReopened: readonly Result[], top = 10): string {
  const sorted = [...newOrReopened].sort(mostSevereFirst);
  const lines = [
    `NetAudit found ${newOrReopened.length} new or reopened finding(s) in account ${report.accountId}, ` +
      `region ${report.region} (snapshot ${report.collectedAt}).`,
    '',
    `New or reopened: ${formatCounts(countBySeverity(newOrReopened))}`,
    `All open failures: ${formatCounts(report.summary.bySeverity)}`,
    '',
    'Top findings:',
  ];
  sorted.slice(0, top).forEach((r, i) => {
    lines.push(
      '',
      `${i + 1}. [${r.severity}] ${r.ruleId} ${r.resourceId}${r.vpcId && r.vpcId !== r.resourceId ? ` (${r.vpcId})` : ''}`,
      `   ${truncateText(r.message, 300)}`,
      `   Fix: ${truncateText(r.remediation.text, 300)}`,
      ...(r.remediation.url ? [`   Guide: ${r.remediation.url}`] : []),
      `   Security Hub: ${securityHubLink(r.partition, r.region, r.findingId)}`,
    );
  });
  if (sorted.length > top) lines.push('', `... and ${sorted.length - top} more.`);
  lines.push('', `All findings: ${securityHubLink(report.partition, report.region)}`, '');
  return lines.join('\n');
}

/**
 * One SNS message per run at most, and only when this run's new or reopened findings cross a
 * threshold (findings already known never alert again). A failed publish is retried by the client (see
 * clients.ts), then reported in the outcome rather than thrown: the findings are already safe in Security Hub.
 */
export async function sendAlert(
  client: SNSClient,
  topicArn: string,
  report: AuditReport,
  newOrReopened: readonly Result[],
  thresholds: AlertThresholds = DEFAULT_ALERT_THRESHOLDS,
  options: AlertOptions = {},
): Promise<AlertOutcome> {
  const crossed = crossedThresholds(newOrReopened, thresholds);
  if (crossed.length === 0) {
    return {
      sent: false,
      reason: `no threshold crossed by ${newOrReopened.length} new or reopened finding(s)`,
    };
  }
  const highest = [...newOrReopened].sort(mostSevereFirst)[0]!.severity;
  const command = new PublishCommand({
    TopicArn: topicArn,
    Subject: alertSubject(report, newOrReopened),
    Message: alertBody(report, newOrReopened, options.topFindings),
    MessageAttributes: {
      severity: { DataType: 'String', StringValue: highest },
      account: { DataType: 'String', StringValue: report.accountId },
      region: { DataType: 'String', StringValue: report.region },
    },
  });
  return publishMessage(client, command, `crossed ${crossed.join(', ')}`);
}

/**
 * Publishes one message. The client retries throttling and server errors itself; a failure after its
 * last attempt is reported in the outcome, never thrown.
 */
export async function publishMessage(
  client: SNSClient,
  command: PublishCommand,
  reason: string,
): Promise<AlertOutcome> {
  try {
    const response = await client.send(command);
    return { sent: true, reason, ...(response.MessageId ? { messageId: response.MessageId } : {}) };
  } catch (error) {
    return {
      sent: false,
      reason: `${reason}, but publishing failed`,
      error: `${errorName(error)}: ${errorMessage(error)}`,
    };
  }
}
