import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Context } from 'aws-lambda';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { SNSClient } from '@aws-sdk/client-sns';
import { SEVERITIES, type Severity } from '../engine/severity';
import type { Clock, Sleep } from '../publish/pacing';
import { lostCoreApis, nothingEvaluated } from '../rules/audit/core-apis';
import type { StateStoreFor } from '../publish/state';
import { runAudit, type CollectFn, type RunSummary } from '../run/run-audit';
import type { HandlerEnv } from './env';
import { findingsMetricName } from './metric-names';
import { targetOf, type AuditTarget } from './events';

/** The part of Powertools Metrics the handler uses (a test records into a plain array instead). */
export interface MetricsSink {
  addMetric(name: string, unit: Parameters<Metrics['addMetric']>[1], value: number): unknown;
  publishStoredMetrics(): void;
}

export interface HandlerDeps {
  env: HandlerEnv;
  ec2: EC2Client;
  securityHub: SecurityHubClient;
  sns: SNSClient;
  collect: CollectFn;
  logger: Pick<Logger, 'info' | 'warn' | 'error'> & Partial<Pick<Logger, 'addContext'>>;
  metrics: MetricsSink;
  now?: () => Date;
  sleep?: Sleep;
  clock?: Clock;
  /** Where publishing keeps what it published between runs. */
  publishState?: StateStoreFor;
}

/** What an invocation returns (and logs): enough to see what ran and what it changed. */
export interface AuditSummary {
  target: AuditTarget['kind'];
  reason: string;
  vpcIds?: string[];
  accountId?: string;
  region: string;
  failed?: number;
  bySeverity?: Record<Severity, number>;
  notEvaluated?: number;
  collectionErrors?: number;
  /** Core collection APIs that failed (AUDIT.1 reports each as HIGH). */
  coreApisLost?: string[];
  securityHub?: {
    imported: number;
    archived: number;
    unchanged: number;
    refreshed: number;
    failed: number;
    newOrReopened: number;
  };
  alert?: { sent: boolean; reason: string; error?: string };
  durationMs?: number;
}

function summarize(target: AuditTarget, region: string, run: RunSummary): AuditSummary {
  const { report, publish, alert } = run;
  return {
    target: target.kind,
    reason: target.reason,
    ...(target.kind === 'vpcs' ? { vpcIds: target.vpcIds } : {}),
    accountId: report.accountId,
    region,
    failed: report.summary.failed,
    bySeverity: report.summary.bySeverity,
    notEvaluated: report.summary.notEvaluated,
    collectionErrors: report.errors.length,
    coreApisLost: lostCoreApis(report.errors),
    ...(publish
      ? {
          securityHub: {
            imported: publish.imported,
            archived: publish.archived,
            unchanged: publish.unchanged,
            refreshed: publish.refreshed,
            failed: publish.failed,
            newOrReopened: publish.newOrReopened.length,
          },
        }
      : {}),
    ...(alert
      ? { alert: { sent: alert.sent, reason: alert.reason, ...(alert.error ? { error: alert.error } : {}) } }
      : {}),
    durationMs: run.durationMs,
  };
}

function recordMetrics(metrics: HandlerDeps['metrics'], summary: AuditSummary): void {
  for (const severity of SEVERITIES) {
    metrics.addMetric(findingsMetricName(severity), MetricUnit.Count, summary.bySeverity?.[severity] ?? 0);
  }
  if (summary.securityHub) {
    metrics.addMetric('Imported', MetricUnit.Count, summary.securityHub.imported);
    metrics.addMetric('Archived', MetricUnit.Count, summary.securityHub.archived);
    metrics.addMetric('PublishFailed', MetricUnit.Count, summary.securityHub.failed);
  }
  if (summary.alert) {
    metrics.addMetric('AlertsSent', MetricUnit.Count, summary.alert.sent ? 1 : 0);
    // An alert lost now is lost for good (next run the findings are known): the stack alarms on this.
    metrics.addMetric('AlertFailed', MetricUnit.Count, summary.alert.error ? 1 : 0);
  }
  metrics.addMetric('Duration', MetricUnit.Milliseconds, summary.durationMs ?? 0);
  // Emitted on every run, zero included, so that the dashboard shows a flat line rather than no data.
  metrics.addMetric('CollectionErrors', MetricUnit.Count, summary.collectionErrors ?? 0);
  metrics.addMetric('CoreApisLost', MetricUnit.Count, summary.coreApisLost?.length ?? 0);
}

/** The run finished but audited nothing: every core call failed, or every rule was NOT_EVALUATED. */
export class NothingEvaluatedError extends Error {
  constructor(reason: string) {
    super(`the audit evaluated nothing: ${reason}`);
    this.name = 'NothingEvaluatedError';
  }
}

/**
 * The Lambda entry point's logic with every dependency passed in (audit.ts builds them once per cold
 * start). A failed run records a FailedRuns metric and rethrows, so the invocation fails and its
 * CloudWatch alarm fires. A run that evaluated nothing is a failed run too, but only once what it did
 * learn is out: its AUDIT.1 findings (the lost calls, HIGH for core ones) are published and alerted
 * like any other, and its metrics recorded, before the handler throws.
 */
export function createAuditHandler(
  deps: HandlerDeps,
): (event: unknown, context?: Context) => Promise<AuditSummary> {
  const { env, logger, metrics } = deps;
  return async (event, context) => {
    // Request id, function name and cold start on every log line.
    if (context) logger.addContext?.(context);
    try {
      const target = await targetOf(event, deps.ec2, env.region);
      logger.info('audit target', { target });
      if (target.kind === 'skip') {
        metrics.addMetric('SkippedRuns', MetricUnit.Count, 1);
        return { target: 'skip', reason: target.reason, region: env.region };
      }
      const run = await runAudit(
        {
          collect: deps.collect,
          ...(env.securityHubEnabled ? { securityHub: deps.securityHub } : {}),
          sns: deps.sns,
          ...(deps.now ? { now: deps.now } : {}),
          ...(deps.sleep ? { sleep: deps.sleep } : {}),
          ...(deps.clock ? { clock: deps.clock } : {}),
          ...(deps.publishState ? { publishState: deps.publishState } : {}),
          // Publishing stops in time and saves where it got to; the next run continues.
          ...(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}),
        },
        {
          region: env.region,
          ...(target.kind === 'vpcs' ? { vpcIds: target.vpcIds } : {}),
          config: env.config,
          ...(env.alertTopicArn ? { alertTopicArn: env.alertTopicArn } : {}),
        },
      );
      const summary = summarize(target, env.region, run);
      for (const failure of run.publish?.failures ?? []) logger.error('finding not imported', { failure });
      if (run.publish?.deferred) {
        logger.warn('publishing stopped early; the next run sends the rest', {
          deferred: run.publish.deferred,
          because: run.publish.stoppedBecause,
        });
      }
      if (run.alert?.error) logger.error('alert not sent', { alert: run.alert });
      if (run.report.errors.length > 0) logger.warn('collection errors', { errors: run.report.errors });
      if (summary.coreApisLost?.length)
        logger.error('core collection APIs lost', { apis: summary.coreApisLost });
      recordMetrics(metrics, summary);
      const nothing = nothingEvaluated(run.report);
      if (nothing !== undefined) {
        logger.error('audit evaluated nothing', { summary, reason: nothing });
        throw new NothingEvaluatedError(nothing);
      }
      logger.info('audit done', { summary });
      return summary;
    } catch (error) {
      if (error instanceof Error) logger.error('audit failed', error);
      else logger.error('audit failed', { error: String(error) });
      metrics.addMetric('FailedRuns', MetricUnit.Count, 1);
      throw error;
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}
