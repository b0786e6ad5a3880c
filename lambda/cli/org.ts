import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { TextSink } from '../collect';
import type { AuditConfig } from '../config/config';
import { atLeast, SEVERITIES, type Severity } from '../engine/severity';
import { InputError } from '../errors';
import { auditTarget, auditTargets } from '../org/audit-target';
import { DEFAULT_MEMBER_ROLE_NAME } from '../org/member-access';
import { formatOrgTable } from '../org/table';
import { listTargets, validateRegions } from '../org/targets';
import type { OrgTarget, TargetResult } from '../org/types';
import { loadConfig } from './options';

export interface OrgScanOptions {
  /** Audit only the accounts under these OUs or roots (nested OUs included). Default: the whole organization. */
  ouIds?: string[];
  excludeOuIds?: string[];
  /** Audit only these accounts. */
  accountIds?: string[];
  excludeAccountIds?: string[];
  /** The member role in every account. Default: NetAuditMember, the role the member StackSet deploys. */
  roleName: string;
  /** Regions audited in every account. */
  regions: string[];
  /** Targets audited at once. */
  concurrency: number;
  /** Shared-config profile whose principal lists the organization and assumes the member roles. */
  profile?: string;
  externalId?: string;
  /** Import the findings into each member's own Security Hub (as the deployed state machine does). */
  publish?: boolean;
  /** netaudit.config.json; or pass `config` already parsed. */
  configPath?: string;
  config?: AuditConfig;
  quiet?: boolean;
}

/** The outside world of scanOrganization; tests replace it. */
export interface OrgScanDeps {
  organizations?: OrganizationsClient;
  audit?: (target: OrgTarget) => Promise<TargetResult>;
  stderr?: TextSink & { isTTY?: boolean };
}

export const MAX_CLI_CONCURRENCY = 100;

/**
 * `netaudit scan --org`: the state machine's fan-out from a workstation. Lists the active accounts
 * (filtered by OU and account), audits every account × region through the member role with a bounded
 * pool, and returns the summary table and the number of targets that failed. A failing target is a
 * row of the table, never the end of the run. Bad options are an InputError before any call.
 */
export async function scanOrganization(
  options: OrgScanOptions,
  deps: OrgScanDeps = {},
): Promise<{ text: string; failed: number; results: TargetResult[] }> {
  const regions = validateRegions(options.regions);
  const { concurrency } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CLI_CONCURRENCY) {
    throw new InputError(
      `--concurrency must be a whole number from 1 to ${MAX_CLI_CONCURRENCY}, got ${concurrency}`,
    );
  }
  const roleName = options.roleName || DEFAULT_MEMBER_ROLE_NAME;
  if (!/^[\w+=,.@-]{1,64}$/.test(roleName))
    throw new InputError(`--role-name "${roleName}" is not an IAM role name`);
  const config = options.config ?? loadConfig(options.configPath);
  const stderr = deps.stderr ?? process.stderr;
  // One provider for every assumption: the workstation's credentials are resolved (and refreshed) once.
  const masterCredentials = fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  const organizations =
    deps.organizations ??
    new OrganizationsClient({ region: regions[0], credentials: masterCredentials, maxAttempts: 8 });
  try {
    const targets = await listTargets(
      organizations,
      {
        ...(options.ouIds?.length ? { ouIds: options.ouIds } : {}),
        ...(options.excludeOuIds?.length ? { excludeOuIds: options.excludeOuIds } : {}),
        ...(options.accountIds?.length ? { accountIds: options.accountIds } : {}),
        ...(options.excludeAccountIds?.length ? { excludeAccountIds: options.excludeAccountIds } : {}),
      },
      regions,
    );
    if (targets.length === 0) throw new InputError('no active account matches the --ou and account filters');
    const audit =
      deps.audit ??
      ((t: OrgTarget) =>
        auditTarget(t, {
          access: {
            roleName,
            sessionName: 'netaudit-cli',
            stsRegion: process.env.AWS_REGION ?? regions[0]!,
            masterCredentials,
            ...(options.externalId ? { externalId: options.externalId } : {}),
          },
          config,
          publish: Boolean(options.publish),
        }));
    const progress = !options.quiet && stderr.isTTY;
    const results = await auditTargets(targets, concurrency, audit, (r, done) => {
      if (progress) stderr.write(`\rnetaudit: ${done}/${targets.length} targets audited`);
      if (r.status === 'FAILED' && !options.quiet) {
        stderr.write(
          `${progress ? '\n' : ''}netaudit: ${r.accountId} ${r.region} failed: ${r.error?.name}: ${r.error?.message}\n`,
        );
      }
    });
    if (progress) stderr.write('\n');
    return {
      text: formatOrgTable(results, Boolean(options.publish)),
      failed: results.filter((r) => r.status === 'FAILED').length,
      results,
    };
  } finally {
    if (!deps.organizations) organizations.destroy();
  }
}

/**
 * The exit code of `netaudit scan --org`: 1 when a target could not be audited (an incomplete audit must
 * not pass a pipeline) or, with --fail-on, as the single-account scan decides for each target: when one
 * lost API calls during collection, or has open failures at or above it; else 0.
 */
export function orgExitCode(results: readonly TargetResult[], failOn: Severity | undefined): number {
  if (results.some((r) => r.status === 'FAILED')) return 1;
  if (!failOn) return 0;
  if (results.some((r) => (r.collectionErrors ?? 0) > 0)) return 1;
  const severe = SEVERITIES.filter((s) => atLeast(s, failOn));
  return results.some((r) => severe.some((s) => (r.bySeverity?.[s] ?? 0) > 0)) ? 1 : 0;
}
