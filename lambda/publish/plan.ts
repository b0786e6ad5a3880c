import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { AuditReport, Result } from '../engine/result';
import { PRODUCT_FIELD, toAsffFinding } from '../findings/asff';
import type { FindingMark } from './state';

export type Kind = 'new' | 'reopened' | 'changed' | 'refreshed' | 'resent' | 'archived';

/** One finding to import, and the mark it leaves once Security Hub has it. */
export interface Planned {
  kind: Kind;
  finding: AwsSecurityFinding;
}

/** A finding that must be read back first: NetAudit has no result to rebuild it from. */
export interface NeedsStored {
  id: string;
  /** Absent: refresh it as it is (unjudged this run, near expiry). Else archive it, saying why. */
  archiveBecause?: string;
  /** Set when every active finding of the rule goes: read them by rule rather than by id. */
  wholeRule?: string;
}

export interface Plan {
  sends: Planned[];
  needsStored: NeedsStored[];
  unchanged: number;
  /** Left alone: Security Hub holds data observed after this report's collection. */
  stale: number;
}

export interface PlanOptions {
  now: Date;
  refreshAgeDays: number;
  productVersion?: string;
  disabledRules?: readonly string[];
  catalogue?: readonly string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** An UpdatedAt Security Hub will accept: strictly after the stored one (an equal or older one is ignored). */
export function updatedAfter(now: Date, stored: string | undefined): string {
  const previous = stored ? Date.parse(stored) : NaN;
  return new Date(
    Number.isNaN(previous) || previous < now.getTime() ? now.getTime() : previous + 1,
  ).toISOString();
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
  // account-level NOT_EVALUATED). A NOT_EVALUATED on one resource says nothing about the others.
  const incomplete = new Set(
    report.results
      .filter((r) => r.status === 'NOT_EVALUATED' && r.resourceType === 'AwsAccount')
      .map((r) => r.ruleId),
  );
  const failedVpcs = new Set(report.errors.flatMap((e) => (e.vpcId ? [e.vpcId] : [])));
  const inScope = (vpcId: string | undefined) => !scope || (vpcId !== undefined && scope.has(vpcId));
  const collected = (vpcId: string | undefined) => inScope(vpcId) && !(vpcId && failedVpcs.has(vpcId));
  return {
    ran,
    inScope,
    collected,
    mayArchiveUnseen: (mark: FindingMark) => ran.has(mark.r) && !incomplete.has(mark.r) && collected(mark.v),
  };
}

/** Why a rule that did not run has its findings archived, or undefined when they must be kept. */
function goneRuleReason(ruleId: string, options: PlanOptions): string | undefined {
  if (options.disabledRules?.includes(ruleId)) return `rule ${ruleId} is disabled in the configuration`;
  if (options.catalogue && !options.catalogue.includes(ruleId)) {
    return `rule ${ruleId} is no longer in NetAudit's rule catalogue`;
  }
  return undefined;
}

/**
 * The delta between a report and the marks of what Security Hub holds: new and reopened failures,
 * changed ones, resolved ones (ARCHIVED, PASSED), unconfirmed ones sent again, and unchanged ones near
 * Security Hub's 90-day expiry. Nothing is written with data older than what Security Hub holds.
 */
export function planDelta(
  report: AuditReport,
  marks: Readonly<Record<string, FindingMark>>,
  options: PlanOptions,
): Plan {
  const { now } = options;
  const refreshBefore = now.getTime() - options.refreshAgeDays * DAY_MS;
  const collectedAt = Date.parse(report.collectedAt);
  const { ran, inScope, collected, mayArchiveUnseen } = archiveScope(report);
  const plan: Plan = { sends: [], needsStored: [], unchanged: 0, stale: 0 };
  const fresh = (mark: FindingMark) => Date.parse(mark.u) >= refreshBefore;
  // LastObservedAt later than this report's data: another run (or the CLI) saw something newer.
  const newer = (mark: FindingMark | undefined) => !!mark?.o && Date.parse(mark.o) > collectedAt;
  const live = (mark: FindingMark | undefined): mark is FindingMark =>
    !!mark && (mark.s === 'ACTIVE' || !!mark.p);

  const build = (result: Result, mark: FindingMark | undefined) =>
    toAsffFinding(result, {
      ...(options.productVersion ? { productVersion: options.productVersion } : {}),
      updatedAt: updatedAfter(now, mark?.u),
      observedAt: report.collectedAt,
      ...(mark?.c ? { createdAt: mark.c } : {}),
      ...(mark?.f ? { firstObservedAt: mark.f } : {}),
    });
  const send = (kind: Kind, finding: AwsSecurityFinding) => plan.sends.push({ kind, finding });
  // A finding this run cannot judge keeps its last verdict, but is refreshed before Security Hub's 90-day
  // expiry: an expired finding would come back as "new" and alert again.
  const keepAlive = (id: string, mark: FindingMark) => {
    if (mark.s === 'ACTIVE' && (!fresh(mark) || mark.p)) plan.needsStored.push({ id });
    else plan.unchanged++;
  };

  for (const result of report.results) {
    const id = result.findingId;
    const mark = marks[id];
    if (!inScope(result.vpcId)) {
      if (live(mark)) plan.unchanged++;
    } else if (result.status === 'NOT_EVALUATED') {
      if (live(mark)) keepAlive(id, mark);
    } else if (newer(mark)) {
      plan.stale++;
    } else if (result.status !== 'FAILED') {
      if (live(mark)) send('archived', build(result, mark));
    } else if (!mark) {
      send('new', build(result, undefined));
    } else if (mark.s === 'ARCHIVED') {
      // A regression keeps the finding's history.
      send('reopened', build(result, mark));
    } else {
      const finding = build(result, mark);
      if (mark.h !== finding.ProductFields?.[PRODUCT_FIELD.fingerprint]) send('changed', finding);
      else if (mark.p) send('resent', finding);
      else if (!fresh(mark)) send('refreshed', finding);
      else plan.unchanged++;
    }
  }

  const seen = new Set(report.results.map((r) => r.findingId));
  for (const [id, mark] of Object.entries(marks)) {
    if (seen.has(id) || !live(mark)) continue;
    const goneBecause = ran.has(mark.r) ? undefined : goneRuleReason(mark.r, options);
    if (newer(mark) && (goneBecause || mayArchiveUnseen(mark))) plan.stale++;
    else if (goneBecause && collected(mark.v)) {
      plan.needsStored.push({ id, archiveBecause: goneBecause, wholeRule: mark.r });
    } else if (mayArchiveUnseen(mark)) {
      plan.needsStored.push({ id, archiveBecause: 'the resource no longer exists' });
    } else if (inScope(mark.v)) keepAlive(id, mark);
    else plan.unchanged++;
  }
  return plan;
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
export function refreshStored(stored: AwsSecurityFinding, now: Date): AwsSecurityFinding {
  return resendStored(stored, now, {
    ...(stored.LastObservedAt ? { LastObservedAt: stored.LastObservedAt } : {}),
    ProductFields: ownProductFields(stored),
    ...(stored.Compliance ? { Compliance: stored.Compliance } : {}),
    RecordState: 'ACTIVE',
  });
}

/** A stored active finding this run resolves without a result for it, imported as resolved with the reason. */
export function archiveStored(
  stored: AwsSecurityFinding,
  now: Date,
  observedAt: string,
  because: string,
): AwsSecurityFinding {
  return resendStored(stored, now, {
    LastObservedAt: observedAt,
    // The fingerprint only matters for active findings; dropping it keeps room for the reason (50 fields max).
    ProductFields: {
      ...ownProductFields(stored, PRODUCT_FIELD.fingerprint),
      'netaudit/ArchivedBecause': because,
    },
    Compliance: { ...(stored.Compliance ?? {}), Status: 'PASSED' },
    RecordState: 'ARCHIVED',
  });
}
