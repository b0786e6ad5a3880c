import type { AuditConfig } from '../config/config';
import type { AuditReport } from '../engine/result';
import { InputError } from '../errors';
import { createSecurityHubClient, createSnsClient } from '../publish/clients';
import { publishReport, type PublishDeps, type PublishOutcome } from '../run/run-audit';

export interface CliPublishOptions {
  publish?: 'securityhub';
  alertTopicArn?: string;
  region: string;
  profile?: string;
  config: AuditConfig;
}

/** `scan --publish` exits with this when Security Hub did not take every finding (0-4 are taken). */
export const PUBLISH_REFUSED_EXIT_CODE = 5;

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):[A-Za-z0-9_-]{1,256}$/;

/** Checks the options before any client exists; returns the SNS topic's region. */
function validate(report: AuditReport, options: CliPublishOptions): string | undefined {
  if (options.publish !== undefined && options.publish !== 'securityhub') {
    throw new InputError(`--publish: unknown target "${String(options.publish)}" (supported: securityhub)`);
  }
  if (options.alertTopicArn && !options.publish) {
    throw new InputError('--alert-topic needs --publish securityhub (alerts are about new findings)');
  }
  if (options.region !== report.region) {
    throw new InputError(
      `--region ${options.region} does not match the audited region ${report.region}: findings are published ` +
        'in the region they describe',
    );
  }
  if (!options.alertTopicArn) return undefined;
  const match = TOPIC_ARN.exec(options.alertTopicArn);
  if (!match) {
    throw new InputError(
      `--alert-topic: "${options.alertTopicArn}" is not a standard SNS topic ARN ` +
        '(arn:<partition>:sns:<region>:<account>:<name>)',
    );
  }
  return match[1];
}

/** One paragraph for a person: what Security Hub now holds and whether anyone was alerted. */
export function describeOutcome(report: AuditReport, outcome: PublishOutcome, topicArn?: string): string {
  const parts: string[] = [];
  const p = outcome.publish;
  if (p) {
    parts.push(
      `Security Hub (${report.accountId}, ${report.region}): ${p.imported} imported` +
        `${p.refreshed > 0 ? ` (${p.refreshed} refreshed before expiry)` : ''}, ${p.archived} archived, ` +
        `${p.unchanged} unchanged, ${p.failed} failed; ${p.newOrReopened.length} new or reopened.`,
    );
    if (p.stale > 0) {
      parts.push(
        `${p.stale} left as they are: Security Hub holds data observed after this snapshot (${report.collectedAt}).`,
      );
    }
    if (p.deferred > 0)
      parts.push(`${p.deferred} not sent yet: ${p.stoppedBecause ?? 'the run stopped early'}.`);
    if (p.failures.length > 0) {
      const shown = p.failures.slice(0, 3).map((f) => `${f.findingId} (${f.code}: ${f.message})`);
      parts.push(
        `Not imported: ${shown.join('; ')}${p.failures.length > 3 ? `; and ${p.failures.length - 3} more` : ''}.`,
      );
    }
  } else {
    parts.push('Nothing was published.');
  }
  if (outcome.alert) {
    parts.push(
      outcome.alert.sent
        ? `Alert sent to ${topicArn} (${outcome.alert.reason}).`
        : `No alert sent: ${outcome.alert.reason}${outcome.alert.error ? ` (${outcome.alert.error})` : ''}.`,
    );
  }
  return parts.join(' ');
}

/**
 * `netaudit scan --publish securityhub [--alert-topic ARN]`: the Lambda's publish and alert steps, run
 * from a workstation with the default credential chain (or --profile). A workstation keeps no state: each
 * run reads back what Security Hub holds (filtered and paged, never per finding) before the delta.
 * `refused` counts the findings Security Hub did not take.
 */
export async function publishFromCli(
  report: AuditReport,
  options: CliPublishOptions,
  deps: PublishDeps = {},
): Promise<{ text: string; refused: number }> {
  const topicRegion = validate(report, options);
  if (!options.publish) return { text: 'Nothing was published (no --publish target).', refused: 0 };
  // A named profile brings its credentials and endpoint_url; no endpoint is ever passed (AWS_ENDPOINT_URL works).
  const credentials = options.profile ? { profile: options.profile } : {};
  const securityHub = deps.securityHub ?? createSecurityHubClient({ region: options.region, ...credentials });
  const sns =
    topicRegion !== undefined
      ? (deps.sns ?? createSnsClient({ region: topicRegion, ...credentials }))
      : undefined;
  const outcome = await publishReport({ ...deps, securityHub, ...(sns ? { sns } : {}) }, report, {
    config: options.config,
    ...(options.alertTopicArn ? { alertTopicArn: options.alertTopicArn } : {}),
  });
  return {
    text: describeOutcome(report, outcome, options.alertTopicArn),
    refused: outcome.publish?.failed ?? 0,
  };
}
