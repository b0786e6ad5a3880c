import type {
  AwsSecurityFinding,
  AwsSecurityFindingFilters,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import type { AuditReport, Result } from '../engine/result';
import { productArn } from '../findings/asff';
import { rateLimiter, realClock, realSleep, type Clock, type Sleep } from './pacing';
import { archiveStored, planDelta, refreshStored, type Kind, type NeedsStored, type Planned } from './plan';
import {
  getAllFindings,
  importFindings,
  type ApiContext,
  type CallCounts,
  type FindingFailure,
} from './security-hub-api';
import {
  emptyState,
  markOf,
  MemoryStateStore,
  mergeMark,
  parseState,
  StateConflictError,
  type FindingMark,
  type PublishState,
  type StateStore,
} from './state';

export { SecurityHubNotEnabledError, type FindingFailure } from './security-hub-api';

export interface PublishOptions {
  /** The time of this publish: UpdatedAt of what it imports, and the reference for refresh age. */
  now: Date;
  /** Unchanged active findings older than this are re-imported so Security Hub's 90-day expiry never drops them. */
  refreshAgeDays: number;
  sleep?: Sleep;
  clock?: Clock;
  productVersion?: string;
  /**
   * Where the marks of what was published are kept between runs. Absent: a state for this run only, so
   * every run reconciles with Security Hub first (the CLI).
   */
  state?: StateStore;
  /** Rules the configuration disables: their active findings are archived, saying so. */
  disabledRules?: readonly string[];
  /** Every rule id NetAudit has: an active finding of any other rule is archived as removed. */
  catalogue?: readonly string[];
  /**
   * Milliseconds left before the run is cut off (Lambda's getRemainingTimeInMillis): the run stops
   * importing in time, saves where it got to, and the next run continues.
   */
  remainingMs?: () => number;
  /** Findings imported between two saves of the state (default CHECKPOINT_EVERY). */
  checkpointEvery?: number;
}

export interface PublishSummary {
  /** Failures imported as ACTIVE: new, reopened, changed, refreshed or sent again. */
  imported: number;
  /** Findings imported as ARCHIVED: fixed, suppressed, their resource or their rule gone. */
  archived: number;
  /** Active findings left as they are. */
  unchanged: number;
  /** Findings Security Hub refused or did not answer for (listed in `failures`); the next run tries again. */
  failed: number;
  /** Of `imported`, unchanged findings re-imported only to keep them from expiring. */
  refreshed: number;
  /** Left alone because Security Hub holds data observed after this report's `collectedAt`. */
  stale: number;
  /** Planned but not sent: the run neared its deadline or another run took the state; the next run sends them. */
  deferred: number;
  /** Why the run stopped early, when it did. */
  stoppedBecause?: string;
  /** How the run learnt what Security Hub holds: everything read back, or only what changed since the last run. */
  sync: 'reconciled' | 'incremental';
  /** Failures that are new or reopened and now in Security Hub, not reported before: what alerts are about. */
  newOrReopened: Result[];
  failures: FindingFailure[];
  calls: CallCounts & { stateSaves: number };
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** The state is rebuilt from Security Hub when its last rebuild is older than this. */
export const RECONCILE_AFTER_DAYS = 7;
/** Security Hub deletes a finding 90 days after its last update: an archived mark older than that is gone. */
const EXPIRY_DAYS = 90;
/** Findings updated this long before the last run's start are read again: imports land with a delay. */
const SYNC_OVERLAP_MS = 10 * 60 * 1000;
/** Findings imported between two saves of the state: a cut-off run redoes at most this many. */
export const CHECKPOINT_EVERY = 1000;
/** Stop starting chunks with less time than this left: a chunk, its retries and the last save fit in it. */
export const DEADLINE_MARGIN_MS = 60_000;
/** GetFindings takes at most 20 values per filter attribute. */
const VALUES_PER_FILTER = 20;

const isNew = (kind: Kind) => kind === 'new' || kind === 'reopened';

/**
 * Delta publishing (see docs/publishing.md): learns what Security Hub holds from the state of the last
 * run (read back in full only when missing or old, otherwise only what changed since), imports only the
 * delta in checkpointed chunks, and saves the state so that a run cut off anywhere is finished by the
 * next one: no finding lost, none created twice, no CreatedAt reset, no alert repeated.
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
    calls: { getFindings: 0, batchImportFindings: 0 },
  };
  const { now } = options;
  const arn = productArn(report.partition, report.region, report.accountId);
  // Every NetAudit finding of this account and region (an aggregation Region also returns linked Regions').
  const ours: AwsSecurityFindingFilters = {
    ProductArn: [{ Value: arn, Comparison: 'EQUALS' }],
    Id: [{ Value: `netaudit/${report.region}/${report.accountId}/`, Comparison: 'PREFIX' }],
  };

  const store = options.state ?? new MemoryStateStore();
  const loaded = await store.load();
  let etag = loaded?.etag;
  const parsed = loaded && parseState(loaded.value, report.accountId, report.region);
  const previous = parsed && 'state' in parsed ? parsed.state : undefined;
  const { state, sync } = await syncState(ctx, ours, previous, report, now);
  const marks = state.findings;
  let saves = 0;
  const save = async () => {
    etag = await store.save(state, etag);
    saves++;
  };

  const plan = planDelta(report, marks, {
    now,
    refreshAgeDays: options.refreshAgeDays,
    ...(options.productVersion ? { productVersion: options.productVersion } : {}),
    ...(options.disabledRules ? { disabledRules: options.disabledRules } : {}),
    ...(options.catalogue ? { catalogue: options.catalogue } : {}),
  });
  const stored = await readStored(ctx, ours, plan.needsStored);
  const sends: Planned[] = [...plan.sends];
  for (const need of plan.needsStored) {
    const finding = stored.get(need.id);
    if (!finding) {
      // Security Hub does not have it (expired, deleted, or never landed): nothing to refresh or archive.
      // One that never landed and is now gone is remembered as resolved at this report's time, so that an
      // older snapshot published later cannot bring it back, and a regression keeps its CreatedAt.
      const mark = marks[need.id];
      if (mark?.p && need.archiveBecause !== undefined) {
        const { p: _pending, n: _new, ...known } = mark;
        marks[need.id] = { ...known, h: '', s: 'ARCHIVED', o: report.collectedAt, u: now.toISOString() };
      } else delete marks[need.id];
      continue;
    }
    sends.push(
      need.archiveBecause === undefined
        ? { kind: 'refreshed', finding: refreshStored(finding, now) }
        : { kind: 'archived', finding: archiveStored(finding, now, report.collectedAt, need.archiveBecause) },
    );
  }

  const summary: PublishSummary = {
    imported: 0,
    archived: 0,
    unchanged: plan.unchanged,
    failed: 0,
    refreshed: 0,
    stale: plan.stale,
    deferred: 0,
    sync,
    newOrReopened: [],
    failures: [],
    calls: ctx.calls as PublishSummary['calls'],
  };
  const chunkSize = options.checkpointEvery ?? CHECKPOINT_EVERY;
  let attempted = 0;
  try {
    // Write-ahead: the whole plan goes into the state as pending before any import, so that a run cut off
    // anywhere (killed, timed out, out of time) is finished by the next one, with the CreatedAt this run
    // gave, instead of being taken for new.
    const before = new Map(sends.map((p) => [p.finding.Id!, marks[p.finding.Id!]]));
    for (const p of sends) {
      const n = isNew(p.kind) || (before.get(p.finding.Id!)?.n && p.finding.RecordState === 'ACTIVE');
      marks[p.finding.Id!] = { ...markOf(p.finding), p: 1, ...(n ? { n: 1 as const } : {}) };
    }
    if (sends.length > 0) await save();
    for (let start = 0; start < sends.length; start += chunkSize) {
      if (options.remainingMs && options.remainingMs() < DEADLINE_MARGIN_MS) {
        summary.deferred = sends.length - start;
        summary.stoppedBecause = 'the run neared its time limit; the next run continues';
        break;
      }
      const chunk = sends.slice(start, start + chunkSize);
      const { imported, failures } = await importFindings(
        ctx,
        chunk.map((p) => p.finding),
      );
      attempted += chunk.length;
      for (const p of chunk) {
        const id = p.finding.Id!;
        if (!imported.has(id)) continue;
        const { p: _pending, ...confirmed } = marks[id]!;
        marks[id] = confirmed;
        if (p.finding.RecordState === 'ARCHIVED') summary.archived++;
        else summary.imported++;
        if (p.kind === 'refreshed') summary.refreshed++;
      }
      for (const failure of failures) {
        // Refused for sure: Security Hub keeps the previous version, and so does the state. A refused new
        // finding stays pending instead, so that it keeps the CreatedAt of when it was first seen failing.
        const previous = before.get(failure.findingId);
        if (!failure.uncertain && previous) marks[failure.findingId] = previous;
      }
      summary.failures.push(...failures);
      if (start + chunkSize < sends.length) await save();
    }
    summary.newOrReopened = takeNewOrReopened(report, marks);
    await save();
  } catch (error) {
    if (!(error instanceof StateConflictError)) throw error;
    // The other run has this run's pending marks (new ones flagged): it confirms and reports them.
    summary.newOrReopened = [];
    summary.stoppedBecause = `${error.message}; that run carries on`;
    summary.deferred = sends.length - attempted;
  }
  summary.failed = summary.failures.length;
  summary.calls = { ...ctx.calls, stateSaves: saves };
  return summary;
}

/** The confirmed active failures not reported as new yet; from now on they are known. */
function takeNewOrReopened(report: AuditReport, marks: Record<string, FindingMark>): Result[] {
  const found: Result[] = [];
  for (const result of report.results) {
    const mark = marks[result.findingId];
    if (result.status !== 'FAILED' || !mark?.n || mark.p || mark.s !== 'ACTIVE') continue;
    const { n: _new, ...known } = mark;
    marks[result.findingId] = known;
    found.push(result);
  }
  return found;
}

/**
 * The marks of what Security Hub holds now. A missing, unreadable or old state is rebuilt from every
 * NetAudit finding (paged by 100); otherwise only the findings updated since the last run are read, so
 * that another writer (the CLI, another deployment) is noticed without reading everything.
 */
async function syncState(
  ctx: ApiContext,
  ours: AwsSecurityFindingFilters,
  previous: PublishState | undefined,
  report: AuditReport,
  now: Date,
): Promise<{ state: PublishState; sync: PublishSummary['sync'] }> {
  const syncedAt = new Date(now.getTime() - SYNC_OVERLAP_MS).toISOString();
  const reconciledAge = previous?.reconciledAt ? now.getTime() - Date.parse(previous.reconciledAt) : Infinity;
  if (!previous || !(reconciledAge < RECONCILE_AFTER_DAYS * DAY_MS)) {
    const known = previous?.findings ?? {};
    const findings: Record<string, FindingMark> = {};
    for (const f of await getAllFindings(ctx, ours)) findings[f.Id!] = mergeMark(known[f.Id!], markOf(f));
    // Sent but unconfirmed and not in Security Hub: still to be sent.
    for (const [id, mark] of Object.entries(known)) if (mark.p && !findings[id]) findings[id] = mark;
    const state = emptyState(report.accountId, report.region);
    return {
      state: { ...state, reconciledAt: now.toISOString(), syncedAt, wroteAt: now.toISOString(), findings },
      sync: 'reconciled',
    };
  }
  const end = new Date(now.getTime() + DAY_MS).toISOString();
  // The last run's own imports all carry its time: reading them back would cost a page per 100 of them.
  const own = previous.wroteAt ? Date.parse(previous.wroteAt) : NaN;
  const ms = (t: number) => new Date(t).toISOString();
  const window =
    own > Date.parse(previous.syncedAt)
      ? [
          { Start: previous.syncedAt, End: ms(own - 1) },
          { Start: ms(own + 1), End: end },
        ]
      : [{ Start: previous.syncedAt, End: end }];
  const changed = await getAllFindings(ctx, { ...ours, UpdatedAt: window });
  const findings = previous.findings;
  for (const f of changed) findings[f.Id!] = mergeMark(findings[f.Id!], markOf(f));
  const expiredBefore = now.getTime() - EXPIRY_DAYS * DAY_MS;
  for (const [id, mark] of Object.entries(findings)) {
    if (mark.s === 'ARCHIVED' && !mark.p && Date.parse(mark.u) < expiredBefore) delete findings[id];
  }
  return { state: { ...previous, syncedAt, wroteAt: now.toISOString(), findings }, sync: 'incremental' };
}

/**
 * The findings NetAudit must send back as Security Hub holds them. Whole rules that are gone are read
 * by GeneratorId (20 rules a request, paged by 100); the rest by id, 20 a request.
 */
async function readStored(
  ctx: ApiContext,
  ours: AwsSecurityFindingFilters,
  needs: readonly NeedsStored[],
): Promise<Map<string, AwsSecurityFinding>> {
  const found = new Map<string, AwsSecurityFinding>();
  const rules = [...new Set(needs.flatMap((n) => (n.wholeRule ? [n.wholeRule] : [])))];
  for (let i = 0; i < rules.length; i += VALUES_PER_FILTER) {
    const findings = await getAllFindings(ctx, {
      ...ours,
      RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
      GeneratorId: rules
        .slice(i, i + VALUES_PER_FILTER)
        .map((r) => ({ Value: `netaudit/${r}`, Comparison: 'EQUALS' })),
    });
    for (const f of findings) found.set(f.Id!, f);
  }
  const ids = needs.filter((n) => !n.wholeRule).map((n) => n.id);
  for (let i = 0; i < ids.length; i += VALUES_PER_FILTER) {
    const findings = await getAllFindings(ctx, {
      ProductArn: ours.ProductArn!,
      Id: ids.slice(i, i + VALUES_PER_FILTER).map((id) => ({ Value: id, Comparison: 'EQUALS' })),
    });
    for (const f of findings) found.set(f.Id!, f);
  }
  return found;
}
