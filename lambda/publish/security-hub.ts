import type { AwsSecurityFinding, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AuditReport, Result } from '../engine/result';
import { PRODUCT_FIELD, productArn, toAsffFinding } from '../findings/asff';
import { rateLimiter, realClock, realSleep, type Clock, type Sleep } from './pacing';
import { getAllFindings, importFindings, type ApiContext, type FindingFailure } from './security-hub-api';

export { SecurityHubNotEnabledError, type FindingFailure } from './security-hub-api';

export interface PublishOptions {
  /** The time of this publish: UpdatedAt of what it imports, and the reference for refresh age. */
  now: Date;
  /** Unchanged active findings older than this are re-imported so Security Hub's 90-day expiry never drops them. */
  refreshAgeDays: number;
  sleep?: Sleep;
  clock?: Clock;
  productVersion?: string;
}

export interface PublishSummary {
  /** Failures imported as ACTIVE: new, reopened, changed or refreshed. */
  imported: number;
  /** Findings imported as ARCHIVED: fixed, suppressed, or their resource is gone. */
  archived: number;
  /** Active findings left as they are. */
  unchanged: number;
  /** Findings Security Hub still refused after retries (listed in `failures`). */
  failed: number;
  /** Of `imported`, unchanged findings re-imported only to keep them from expiring. */
  refreshed: number;
  /** Failures that are new or reopened in this run and were imported: what alerts are about. */
  newOrReopened: Result[];
  failures: FindingFailure[];
}

type Kind = 'new' | 'reopened' | 'changed' | 'refreshed' | 'archived';

interface Planned {
  kind: Kind;
  finding: AwsSecurityFinding;
  result?: Result;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** GetFindings accepts at most 20 values per filter attribute. */
const IDS_PER_LOOKUP = 20;

/** An UpdatedAt Security Hub will accept: strictly after the stored one (an equal or older one is ignored). */
function updatedAfter(now: Date, stored: string | undefined): string {
  const previous = stored ? Date.parse(stored) : NaN;
  return new Date(
    Number.isNaN(previous) || previous < now.getTime() ? now.getTime() : previous + 1,
  ).toISOString();
}

function storedRuleId(finding: AwsSecurityFinding): string {
  return (
    finding.ProductFields?.[PRODUCT_FIELD.ruleId] ?? (finding.GeneratorId ?? '').replace(/^netaudit\//, '')
  );
}

/** The stored finding's own ProductFields (NetAudit's keys only), less `except`. */
function ownProductFields(stored: AwsSecurityFinding, except?: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(stored.ProductFields ?? {}).filter(([k]) => k.startsWith('netaudit/') && k !== except),
  );
}

/**
 * A stored finding sent back with a later UpdatedAt and `changes`. Only the fields NetAudit itself
 * provides are sent (Security Hub fills in its own, and the workflow, notes and top-level severity belong
 * to the customer).
 */
function resendStored(
  stored: AwsSecurityFinding,
  now: Date,
  changes: Required<Pick<AwsSecurityFinding, 'ProductFields' | 'RecordState'>> &
    Pick<AwsSecurityFinding, 'LastObservedAt' | 'Compliance'>,
): AwsSecurityFinding {
  const severity = stored.FindingProviderFields?.Severity ?? stored.Severity;
  const types = stored.FindingProviderFields?.Types ?? stored.Types;
  return {
    SchemaVersion: stored.SchemaVersion,
    Id: stored.Id,
    ProductArn: stored.ProductArn,
    GeneratorId: stored.GeneratorId,
    AwsAccountId: stored.AwsAccountId,
    ...(types ? { Types: types } : {}),
    ...(stored.FirstObservedAt ? { FirstObservedAt: stored.FirstObservedAt } : {}),
    ...(changes.LastObservedAt !== undefined ? { LastObservedAt: changes.LastObservedAt } : {}),
    CreatedAt: stored.CreatedAt,
    UpdatedAt: updatedAfter(now, stored.UpdatedAt),
    ...(severity ? { Severity: severity } : {}),
    Title: stored.Title,
    Description: stored.Description,
    ...(stored.Remediation ? { Remediation: stored.Remediation } : {}),
    ProductFields: changes.ProductFields,
    Resources: stored.Resources,
    ...(changes.Compliance ? { Compliance: changes.Compliance } : {}),
    RecordState: changes.RecordState,
    FindingProviderFields: {
      ...(severity ? { Severity: severity } : {}),
      ...(types ? { Types: types } : {}),
    },
  };
}

/** A stored active finding sent back unchanged but for a later UpdatedAt, so that it does not expire. */
function refreshStored(stored: AwsSecurityFinding, now: Date): AwsSecurityFinding {
  return resendStored(stored, now, {
    ...(stored.LastObservedAt ? { LastObservedAt: stored.LastObservedAt } : {}),
    ProductFields: ownProductFields(stored),
    ...(stored.Compliance ? { Compliance: stored.Compliance } : {}),
    RecordState: 'ACTIVE',
  });
}

/** A stored active finding whose resource this run no longer saw, imported as resolved. */
function archiveStored(stored: AwsSecurityFinding, now: Date, observedAt: string): AwsSecurityFinding {
  return resendStored(stored, now, {
    LastObservedAt: observedAt,
    // The fingerprint only matters for active findings; dropping it keeps room for the reason (50 fields max).
    ProductFields: {
      ...ownProductFields(stored, PRODUCT_FIELD.fingerprint),
      'netaudit/ArchivedBecause': 'the resource no longer exists',
    },
    Compliance: { ...(stored.Compliance ?? {}), Status: 'PASSED' },
    RecordState: 'ARCHIVED',
  });
}

/**
 * What this run may touch: a VPC-scoped run only its own VPCs. A finding whose resource was not seen
 * at all is archived only when its rule ran and could list its resources (a rule NOT_EVALUATED for the
 * whole account archives nothing) and its VPC was collected without error (a failed per-VPC call could
 * hide the resource).
 */
function archiveScope(report: AuditReport) {
  const scope = report.scope?.vpcIds?.length ? new Set(report.scope.vpcIds) : undefined;
  const ran = new Set(report.ruleIds);
  // A rule's list of resources is incomplete only when the engine could not even list them (one
  // account-level NOT_EVALUATED). A NOT_EVALUATED on one resource (a stopped instance, a path through a
  // transit gateway) says nothing about the others: a finding whose resource is gone may still be archived.
  const incomplete = new Set(
    report.results
      .filter((r) => r.status === 'NOT_EVALUATED' && r.resourceType === 'AwsAccount')
      .map((r) => r.ruleId),
  );
  const failedVpcs = new Set(report.errors.flatMap((e) => (e.vpcId ? [e.vpcId] : [])));
  const inScope = (vpcId: string | undefined) => !scope || (vpcId !== undefined && scope.has(vpcId));
  return {
    inScope,
    mayArchiveUnseen: (f: AwsSecurityFinding) => {
      const ruleId = storedRuleId(f);
      const vpcId = f.ProductFields?.[PRODUCT_FIELD.vpcId];
      return (
        ran.has(ruleId) && !incomplete.has(ruleId) && inScope(vpcId) && !(vpcId && failedVpcs.has(vpcId))
      );
    },
  };
}

/**
 * Delta publishing (ARCHITECTURE.md "Security Hub publishing"): reads NetAudit's active findings, then
 * imports only what changed — new and reopened failures, changed ones, resolved ones (ARCHIVED, PASSED)
 * and unchanged ones about to expire — so an unchanged account costs close to nothing per run.
 */
export async function publishToSecurityHub(
  client: SecurityHubClient,
  report: AuditReport,
  options: PublishOptions,
): Promise<PublishSummary> {
  const sleep = options.sleep ?? realSleep;
  const clock = options.clock ?? realClock;
  const ctx: ApiContext = {
    client,
    accountId: report.accountId,
    region: report.region,
    sleep,
    readPace: rateLimiter(3, sleep, clock),
    writePace: rateLimiter(10, sleep, clock),
  };
  const arn = productArn(report.partition, report.region, report.accountId);
  const idPrefix = `netaudit/${report.region}/${report.accountId}/`;
  const active = new Map(
    (
      await getAllFindings(ctx, {
        ProductArn: [{ Value: arn, Comparison: 'EQUALS' }],
        RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
        Id: [{ Value: idPrefix, Comparison: 'PREFIX' }],
      })
    ).map((f) => [f.Id!, f]),
  );

  const { now } = options;
  const refreshBefore = now.getTime() - options.refreshAgeDays * DAY_MS;
  const { inScope, mayArchiveUnseen } = archiveScope(report);
  // Every import keeps the stored finding's history and is dated strictly after it.
  const build = (result: Result, stored: AwsSecurityFinding | undefined) =>
    toAsffFinding(result, {
      ...(options.productVersion ? { productVersion: options.productVersion } : {}),
      updatedAt: updatedAfter(now, stored?.UpdatedAt),
      observedAt: report.collectedAt,
      ...(stored ? kept(stored) : {}),
    });
  const planned: Planned[] = [];
  const candidates: Result[] = [];
  let unchanged = 0;

  // A finding this run cannot judge (NOT_EVALUATED, or its resource unseen while its rule could not list
  // everything) keeps its last verdict, but is still refreshed before Security Hub's 90-day expiry: an
  // expired finding would come back as "new" and alert again.
  const keepAlive = (stored: AwsSecurityFinding) => {
    if (Date.parse(stored.UpdatedAt ?? '') < refreshBefore) {
      planned.push({ kind: 'refreshed', finding: refreshStored(stored, now) });
    } else unchanged++;
  };

  for (const result of report.results) {
    const stored = active.get(result.findingId);
    if (!inScope(result.vpcId)) {
      // Another VPC's finding: its own (full) audit refreshes it.
      if (stored) unchanged++;
    } else if (result.status === 'NOT_EVALUATED') {
      if (stored) keepAlive(stored);
    } else if (result.status !== 'FAILED') {
      if (stored) planned.push({ kind: 'archived', finding: build(result, stored), result });
    } else if (!stored) {
      candidates.push(result);
    } else {
      const finding = build(result, stored);
      // toAsffFinding has stamped the new finding's fingerprint already.
      const fingerprint = finding.ProductFields?.[PRODUCT_FIELD.fingerprint];
      const same = stored.ProductFields?.[PRODUCT_FIELD.fingerprint] === fingerprint;
      const fresh = Date.parse(stored.UpdatedAt ?? '') >= refreshBefore;
      if (!same) planned.push({ kind: 'changed', finding, result });
      else if (!fresh) planned.push({ kind: 'refreshed', finding, result });
      else unchanged++;
    }
  }

  const seen = new Set(report.results.map((r) => r.findingId));
  for (const [id, stored] of active) {
    if (seen.has(id)) continue;
    if (mayArchiveUnseen(stored)) {
      planned.push({ kind: 'archived', finding: archiveStored(stored, now, report.collectedAt) });
    } else if (inScope(stored.ProductFields?.[PRODUCT_FIELD.vpcId])) keepAlive(stored);
    else unchanged++;
  }

  // A failure without an active finding may be a regression of an archived one: keep its history.
  const previous = await lookupFindings(
    ctx,
    arn,
    candidates.map((r) => r.findingId),
  );
  for (const result of candidates) {
    const stored = previous.get(result.findingId);
    planned.push({ kind: stored ? 'reopened' : 'new', finding: build(result, stored), result });
  }

  const { imported, failures } = await importFindings(
    ctx,
    planned.map((p) => p.finding),
  );
  const ok = planned.filter((p) => imported.has(p.finding.Id!));
  return {
    imported: ok.filter((p) => p.kind !== 'archived').length,
    archived: ok.filter((p) => p.kind === 'archived').length,
    unchanged,
    failed: failures.length,
    refreshed: ok.filter((p) => p.kind === 'refreshed').length,
    newOrReopened: ok.filter((p) => p.kind === 'new' || p.kind === 'reopened').map((p) => p.result!),
    failures,
  };
}

/** CreatedAt and FirstObservedAt stay fixed for a finding's whole life. */
function kept(stored: AwsSecurityFinding): { createdAt?: string; firstObservedAt?: string } {
  return {
    ...(stored.CreatedAt ? { createdAt: stored.CreatedAt } : {}),
    ...(stored.FirstObservedAt ? { firstObservedAt: stored.FirstObservedAt } : {}),
  };
}

/** The stored findings (any record state) with these ids, 20 ids a request. */
async function lookupFindings(
  ctx: ApiContext,
  arn: string,
  ids: readonly string[],
): Promise<Map<string, AwsSecurityFinding>> {
  const found = new Map<string, AwsSecurityFinding>();
  for (let i = 0; i < ids.length; i += IDS_PER_LOOKUP) {
    const chunk = ids.slice(i, i + IDS_PER_LOOKUP);
    const findings = await getAllFindings(ctx, {
      ProductArn: [{ Value: arn, Comparison: 'EQUALS' }],
      Id: chunk.map((id) => ({ Value: id, Comparison: 'EQUALS' })),
    });
    for (const f of findings) found.set(f.Id!, f);
  }
  return found;
}
