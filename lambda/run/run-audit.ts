import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { AuditConfig } from '../config/config';
import { evaluate } from '../engine/evaluate';
import type { AuditReport } from '../engine/result';
import type { Rule } from '../engine/rule';
import { sendAlert, type AlertOutcome } from '../publish/alert';
import type { Clock, Sleep } from '../publish/pacing';
import { publishToSecurityHub, type PublishSummary } from '../publish/security-hub';
import type { StateStoreFor } from '../publish/state';
import { RULES } from '../rules/registry';
import type { Snapshot } from '../snapshot/types';

/** The collection step, bound to its EC2 and STS clients (lambda/collect's collectSnapshot). */
export type CollectFn = (options: {
  region: string;
  vpcIds?: string[];
}) => Promise<{ snapshot: Snapshot; stats: unknown }>;

export interface PublishDeps {
  /** Absent: nothing is published to Security Hub (and no alert, which needs it to know what is new). */
  securityHub?: SecurityHubClient;
  sns?: SNSClient;
  now?: () => Date;
  sleep?: Sleep;
  clock?: Clock;
  /** Where what was published is remembered between runs (the stack's bucket); absent: reconcile every run. */
  publishState?: StateStoreFor;
  /** Time left before the run is cut off: publishing stops in time and the next run continues. */
  remainingMs?: () => number;
}

export interface RunDeps extends PublishDeps {
  collect: CollectFn;
  /** Defaults to the full catalogue. */
  rules?: readonly Rule[];
}

export interface PublishReportOptions {
  config: AuditConfig;
  alertTopicArn?: string;
  productVersion?: string;
}

export interface RunOptions extends PublishReportOptions {
  region: string;
  /** Audit only these VPCs (change-triggered runs); archiving then stays inside them. */
  vpcIds?: string[];
}

export interface PublishOutcome {
  publish?: PublishSummary;
  alert?: AlertOutcome;
}

export interface RunSummary extends PublishOutcome {
  report: AuditReport;
  stats: unknown;
  durationMs: number;
}

/**
 * Publish → alert for a finished report, shared by the Lambda run and `netaudit scan --publish`.
 * Security Hub errors (e.g. not enabled) propagate; an alert failure is reported in the outcome.
 */
export async function publishReport(
  deps: PublishDeps,
  report: AuditReport,
  options: PublishReportOptions,
): Promise<PublishOutcome> {
  if (!deps.securityHub) {
    return options.alertTopicArn
      ? {
          alert: {
            sent: false,
            reason: 'alerts need Security Hub publishing to tell new findings from known ones',
          },
        }
      : {};
  }
  const publish = await publishToSecurityHub(deps.securityHub, report, {
    now: (deps.now ?? (() => new Date()))(),
    refreshAgeDays: options.config.refreshAgeDays,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(options.productVersion ? { productVersion: options.productVersion } : {}),
    ...(deps.publishState ? { state: deps.publishState(report.accountId, report.region) } : {}),
    ...(deps.remainingMs ? { remainingMs: deps.remainingMs } : {}),
    disabledRules: options.config.disabledRules,
    catalogue: RULES.map((r) => r.id),
  });
  if (!options.alertTopicArn || !deps.sns) return { publish };
  const alert = await sendAlert(
    deps.sns,
    options.alertTopicArn,
    report,
    publish.newOrReopened,
    options.config.alertThresholds,
  );
  return { publish, alert };
}

/** One audit: collect → evaluate → publish → alert. */
export async function runAudit(deps: RunDeps, options: RunOptions): Promise<RunSummary> {
  const clock = deps.clock ?? (() => Date.now());
  const started = clock();
  const { snapshot, stats } = await deps.collect({
    region: options.region,
    ...(options.vpcIds?.length ? { vpcIds: options.vpcIds } : {}),
  });
  const evaluated = evaluate(snapshot, options.config, deps.rules ?? RULES);
  // A scoped run must never archive outside its VPCs, even if a collector forgot to record the scope.
  const report =
    options.vpcIds?.length && !evaluated.scope?.vpcIds?.length
      ? { ...evaluated, scope: { vpcIds: options.vpcIds } }
      : evaluated;
  const outcome = await publishReport(deps, report, options);
  return { report, stats, ...outcome, durationMs: clock() - started };
}
