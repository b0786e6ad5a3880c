import {
  AccountIdentityError,
  collectSnapshot,
  createCollectionClients,
  type ClientOptions,
} from '../collect';
import { createLimiter } from '../collect/limit';
import type { AuditConfig } from '../config/config';
import { countBySeverity, crossedThresholds } from '../publish/alert';
import { createSecurityHubClient } from '../publish/clients';
import { errorMessage, errorName, type Clock, type Sleep } from '../publish/pacing';
import { nothingEvaluated } from '../rules/audit/core-apis';
import { runAudit } from '../run/run-audit';
import { memberCredentials, type CredentialsProvider, type MemberAccess } from './member-access';
import type { OrgTarget, TargetResult } from './types';

export interface TargetAuditOptions {
  access: MemberAccess;
  config: AuditConfig;
  /** Import the findings into the member's own Security Hub in the target region. */
  publish: boolean;
  productVersion?: string;
}

/** Everything auditTarget reaches the outside world through; tests replace the pieces they need. */
export interface TargetAuditDeps {
  /** The member credentials of a target. Default: STS AssumeRole of the member role (memberCredentials). */
  credentialsFor?: (target: OrgTarget, access: MemberAccess) => CredentialsProvider;
  /** Retry strategy of the EC2/STS clients (tests use one without backoff delays). */
  retryStrategy?: ClientOptions['retryStrategy'];
  now?: () => Date;
  sleep?: Sleep;
  clock?: Clock;
  /** Instruments each AWS client the audit creates (the Lambda's X-Ray tracer); returns the client. */
  traceClient?: <T>(client: T) => T;
}

/** The identity STS reported is not the target's: never publish one account's findings as another's. */
export class WrongAccountError extends Error {
  constructor(expected: string, actual: string) {
    super(`the member role credentials belong to ${actual}, not to the target account ${expected}`);
    this.name = 'WrongAccountError';
  }
}

const MAX_ERROR_MESSAGE = 300;

/** The error as the summary shows it: the AWS error code (AccessDenied...) and one line of message. */
export function describeError(error: unknown): { name: string; message: string } {
  const name = error instanceof AccountIdentityError ? error.code : errorName(error);
  const cause = error instanceof AccountIdentityError && error.cause !== undefined ? error.cause : error;
  let message = errorMessage(cause).replace(/\s+/g, ' ').trim() || 'no message';
  if (message.length > MAX_ERROR_MESSAGE) message = `${message.slice(0, MAX_ERROR_MESSAGE - 3)}...`;
  return { name, message };
}

/**
 * Audits one account in one region with the member role: collect → evaluate → import into the member's
 * own Security Hub (its product ARN is the member account's, because the findings are imported as the
 * member). Never throws: a target that cannot be audited (role missing, AccessDenied, Security Hub not
 * enabled, every core EC2 call denied...) is a FAILED result, so one broken account never stops the others.
 */
export async function auditTarget(
  target: OrgTarget,
  options: TargetAuditOptions,
  deps: TargetAuditDeps = {},
): Promise<TargetResult> {
  const clock = deps.clock ?? (() => Date.now());
  const started = clock();
  const credentials = (deps.credentialsFor ?? ((t, a) => memberCredentials(t.accountId, t.region, a)))(
    target,
    options.access,
  );
  const clients = createCollectionClients({
    region: target.region,
    credentials,
    ...(deps.retryStrategy ? { retryStrategy: deps.retryStrategy } : {}),
  });
  const securityHub = options.publish
    ? createSecurityHubClient({ region: target.region, credentials })
    : undefined;
  // Every client: EC2 and STS, and the Direct Connect and Network Firewall ones the hybrid lists need.
  const allClients = [...Object.values(clients), ...(securityHub ? [securityHub] : [])];
  for (const client of allClients) deps.traceClient?.(client);
  try {
    const run = await runAudit(
      {
        collect: async (o) => {
          const collected = await collectSnapshot(clients, { ...o, ...(deps.now ? { now: deps.now } : {}) });
          if (collected.snapshot.accountId !== target.accountId) {
            throw new WrongAccountError(target.accountId, collected.snapshot.accountId);
          }
          return collected;
        },
        ...(securityHub ? { securityHub } : {}),
        ...(deps.now ? { now: deps.now } : {}),
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        ...(deps.clock ? { clock: deps.clock } : {}),
      },
      {
        region: target.region,
        config: options.config,
        ...(options.productVersion ? { productVersion: options.productVersion } : {}),
      },
    );
    const fresh = run.publish?.newOrReopened ?? [];
    const crossed = crossedThresholds(fresh, options.config.alertThresholds);
    // A member whose SCP denies every EC2 call was not audited, whatever its AUDIT.1 findings say:
    // it is FAILED (counted so in the summary and digest), with what was published kept.
    const nothing = nothingEvaluated(run.report);
    return {
      ...target,
      status: nothing === undefined ? 'AUDITED' : 'FAILED',
      ...(nothing === undefined ? {} : { error: { name: 'NothingEvaluated', message: nothing } }),
      bySeverity: run.report.summary.bySeverity,
      ...(run.publish
        ? {
            newBySeverity: countBySeverity(fresh),
            ...(crossed.length ? { crossed } : {}),
            publishFailed: run.publish.failed,
          }
        : {}),
      collectionErrors: run.report.errors.length,
      durationMs: clock() - started,
    };
  } catch (error) {
    return { ...target, status: 'FAILED', error: describeError(error), durationMs: clock() - started };
  } finally {
    for (const client of allClients) client.destroy();
  }
}

/**
 * Audits every target with at most `concurrency` at once (the CLI's fan-out; the deployed one is the
 * Step Functions Map). Results come back in the order of the targets.
 */
export async function auditTargets(
  targets: readonly OrgTarget[],
  concurrency: number,
  audit: (target: OrgTarget) => Promise<TargetResult>,
  onResult?: (result: TargetResult, done: number) => void,
): Promise<TargetResult[]> {
  const limit = createLimiter(concurrency);
  let done = 0;
  return Promise.all(
    targets.map((t) =>
      limit(async () => {
        // auditTarget never throws; a custom audit might, and must not stop the others either.
        const result = await audit(t).catch((error: unknown): TargetResult => ({
          ...t,
          status: 'FAILED',
          error: describeError(error),
        }));
        onResult?.(result, ++done);
        return result;
      }),
    ),
  );
}
