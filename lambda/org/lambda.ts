import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import type { MetricsSink } from '../handlers/audit-handler';
import type { AlertOutcome } from '../publish/alert';
import { auditTarget, type TargetAuditDeps } from './audit-target';
import { accountEvent, accountResult, parseEvent, runEvent, targetEvent, type OrgEnv } from './env';
import { DEFAULT_SESSION_NAME } from './member-access';
import { reduceAccount, sendDigest, summarizeRun, type AccountResult, type OrgRunSummary } from './summary';
import { listAccounts } from './targets';
import type { TargetResult } from './types';

/**
 * The logic of the organization state machine's Lambdas, with every dependency passed in; the files
 * lambda/handlers/org-*.ts build those once per cold start.
 */

type Log = Pick<Logger, 'info' | 'warn' | 'error'> & Partial<Pick<Logger, 'addContext'>>;

interface Common {
  env: OrgEnv;
  logger: Log;
  metrics: MetricsSink;
}

/** What the list step hands to the Map: the accounts (its items) and the regions each one is audited in. */
export interface TargetList {
  accounts: { accountId: string; accountName?: string }[];
  regions: string[];
  targets: number;
}

async function instrumented<T>(
  common: Common,
  name: string,
  context: Context | undefined,
  work: () => Promise<T>,
) {
  if (context) common.logger.addContext?.(context);
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error) common.logger.error(`${name} failed`, error);
    else common.logger.error(`${name} failed`, { error: String(error) });
    throw error;
  } finally {
    common.metrics.publishStoredMetrics();
  }
}

export function createListTargetsHandler(deps: Common & { organizations: OrganizationsClient }) {
  return (_event: unknown, context?: Context): Promise<TargetList> =>
    instrumented(deps, 'listing targets', context, async () => {
      const accounts = await listAccounts(deps.organizations, deps.env.filter);
      const list = {
        accounts,
        regions: deps.env.regions,
        targets: accounts.length * deps.env.regions.length,
      };
      deps.logger.info('targets', {
        accounts: accounts.length,
        regions: list.regions,
        targets: list.targets,
      });
      // Nothing to audit is almost always a filter mistake (an OU id of another organization...).
      if (accounts.length === 0) {
        deps.logger.warn('no active account matches the filters', { filter: deps.env.filter });
      }
      deps.metrics.addMetric('OrgTargets', MetricUnit.Count, list.targets);
      return list;
    });
}

export function createAuditTargetHandler(deps: Common & { audit?: TargetAuditDeps }) {
  const { env } = deps;
  return (event: unknown, context?: Context): Promise<TargetResult> =>
    instrumented(deps, 'target audit', context, async () => {
      const target = parseEvent(targetEvent, event, 'audit target');
      const result = await auditTarget(
        target,
        {
          access: {
            roleName: env.memberRoleName,
            sessionName: DEFAULT_SESSION_NAME,
            stsRegion: env.region,
            ...(env.memberExternalId ? { externalId: env.memberExternalId } : {}),
          },
          config: env.config,
          publish: env.securityHubEnabled,
        },
        deps.audit,
      );
      if (result.status === 'FAILED') deps.logger.warn('target not audited', { result });
      else deps.logger.info('target audited', { result });
      deps.metrics.addMetric(
        result.status === 'FAILED' ? 'TargetsFailed' : 'TargetsAudited',
        MetricUnit.Count,
        1,
      );
      return result;
    });
}

export function createAccountSummaryHandler(deps: Common) {
  return (event: unknown, context?: Context): Promise<AccountResult> =>
    instrumented(deps, 'account summary', context, async () =>
      reduceAccount(parseEvent(accountEvent, event, 'account summary').results),
    );
}

export function createSummarizeHandler(deps: Common & { sns: SNSClient }) {
  return (event: unknown, context?: Context): Promise<{ summary: OrgRunSummary; digest?: AlertOutcome }> =>
    instrumented(deps, 'run summary', context, async () => {
      const run = parseEvent(runEvent, event, 'run summary');
      const accounts = run.accounts.flatMap((item) => {
        const parsed = accountResult.safeParse(item);
        if (!parsed.success) deps.logger.warn('not an account result', { item });
        return parsed.success ? [parsed.data] : [];
      });
      const summary = summarizeRun(accounts, run.targets);
      const digest = deps.env.alertTopicArn
        ? await sendDigest(deps.sns, deps.env.alertTopicArn, summary)
        : undefined;
      deps.logger.info('organization run done', { summary, digest });
      if (digest?.error) deps.logger.error('digest not sent', { digest });
      deps.metrics.addMetric('OrgTargetsAudited', MetricUnit.Count, summary.audited);
      deps.metrics.addMetric('OrgTargetsFailed', MetricUnit.Count, summary.failed);
      return { summary, ...(digest ? { digest } : {}) };
    });
}
