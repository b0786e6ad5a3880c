import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { z } from 'zod';
import { PRODUCT_FIELD } from '../findings/asff';

/**
 * What NetAudit last sent Security Hub for one finding: enough to decide the delta without reading the
 * finding back (short keys: a large region has tens of thousands of them).
 */
export interface FindingMark {
  /** Fingerprint of the content last sent ('' when unknown, e.g. an archived finding). */
  h: string;
  /** RecordState last sent. */
  s: 'ACTIVE' | 'ARCHIVED';
  /** CreatedAt, fixed for the finding's whole life. */
  c: string;
  /** FirstObservedAt. */
  f?: string;
  /** LastObservedAt: the collection time of the data last sent. */
  o?: string;
  /** UpdatedAt last sent: the next import must be later. */
  u: string;
  /** Rule id. */
  r: string;
  /** VPC id, for scope-aware archiving. */
  v?: string;
  /** Sent, but not confirmed: Security Hub may or may not hold this version, so the next run sends it again. */
  p?: 1;
  /** New or reopened and not yet reported as such (alerts). */
  n?: 1;
}

export interface PublishState {
  version: 1;
  accountId: string;
  region: string;
  /** When the marks were last rebuilt from every NetAudit finding Security Hub holds. */
  reconciledAt: string;
  /** Findings updated in Security Hub from this time on (by anyone) are read back at the next run. */
  syncedAt: string;
  /** The UpdatedAt of the last run's own imports: left out of the next incremental read-back. */
  wroteAt?: string;
  findings: Record<string, FindingMark>;
}

const markSchema = z.object({
  h: z.string(),
  s: z.enum(['ACTIVE', 'ARCHIVED']),
  c: z.string(),
  f: z.string().optional(),
  o: z.string().optional(),
  u: z.string(),
  r: z.string(),
  v: z.string().optional(),
  p: z.literal(1).optional(),
  n: z.literal(1).optional(),
});

const stateSchema = z.object({
  version: z.literal(1),
  accountId: z.string(),
  region: z.string(),
  reconciledAt: z.string(),
  syncedAt: z.string(),
  wroteAt: z.string().optional(),
  findings: z.record(z.string(), markSchema),
});

/** The state as stored, or a one-line reason it cannot be used (then the run reconciles from Security Hub). */
export function parseState(
  value: unknown,
  accountId: string,
  region: string,
): { state: PublishState } | { problem: string } {
  const parsed = stateSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `invalid state at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? '?'}` };
  }
  const state = parsed.data as PublishState;
  if (state.accountId !== accountId || state.region !== region) {
    return { problem: `state is for ${state.accountId}/${state.region}, not ${accountId}/${region}` };
  }
  return { state };
}

export function emptyState(accountId: string, region: string): PublishState {
  return { version: 1, accountId, region, reconciledAt: '', syncedAt: '', findings: {} };
}

/** A finding as Security Hub holds it, as a mark. */
export function markOf(finding: AwsSecurityFinding): FindingMark {
  const fields = finding.ProductFields ?? {};
  const vpcId = fields[PRODUCT_FIELD.vpcId];
  const ruleId = fields[PRODUCT_FIELD.ruleId] ?? (finding.GeneratorId ?? '').replace(/^netaudit\//, '');
  return {
    h: finding.RecordState === 'ACTIVE' ? (fields[PRODUCT_FIELD.fingerprint] ?? '') : '',
    s: finding.RecordState === 'ARCHIVED' ? 'ARCHIVED' : 'ACTIVE',
    c: finding.CreatedAt ?? '',
    ...(finding.FirstObservedAt ? { f: finding.FirstObservedAt } : {}),
    ...(finding.LastObservedAt ? { o: finding.LastObservedAt } : {}),
    u: finding.UpdatedAt ?? '',
    r: ruleId,
    ...(vpcId ? { v: vpcId } : {}),
  };
}

/**
 * What we know of a finding once Security Hub has told us its stored version: the later of the two by
 * UpdatedAt. A pending mark Security Hub already holds (same or later UpdatedAt) is confirmed; one it does
 * not hold stays pending. Not yet alerted stays not yet alerted while the finding is active.
 */
export function mergeMark(known: FindingMark | undefined, stored: FindingMark): FindingMark {
  if (!known) return stored;
  const knownAt = Date.parse(known.u);
  const storedAt = Date.parse(stored.u);
  if (storedAt < knownAt) return known;
  const { p: _pending, n, ...confirmed } = known;
  const merged = storedAt === knownAt ? confirmed : stored;
  return n && merged.s === 'ACTIVE' ? { ...merged, n } : merged;
}

/** Where the state lives between runs. `etag` makes a save conditional: two writers cannot clobber each other. */
export interface StateStore {
  /** For messages: `s3://bucket/key`, or `memory`. */
  readonly location: string;
  load(): Promise<{ value: unknown; etag: string } | undefined>;
  /** Writes `state` if the stored version is still `etag` (absent: if none exists); returns the new etag. */
  save(state: PublishState, etag: string | undefined): Promise<string>;
}

/** The state store of one account and region. */
export type StateStoreFor = (accountId: string, region: string) => StateStore;

/** Another run saved the state since this one read it: this run stops and leaves the rest to that one. */
export class StateConflictError extends Error {
  constructor(location: string) {
    super(`${location} was written by another run since this run read it`);
    this.name = 'StateConflictError';
  }
}

/**
 * A state that lives only as long as the process: the CLI without a bucket (every run then reconciles
 * from Security Hub), and tests.
 */
export class MemoryStateStore implements StateStore {
  readonly location = 'memory';
  saves = 0;
  private stored: { value: unknown; etag: string } | undefined;

  async load(): Promise<{ value: unknown; etag: string } | undefined> {
    return this.stored && { value: structuredClone(this.stored.value), etag: this.stored.etag };
  }

  async save(state: PublishState, etag: string | undefined): Promise<string> {
    if (etag !== this.stored?.etag) throw new StateConflictError(this.location);
    this.saves++;
    this.stored = { value: structuredClone(state), etag: `"${this.saves}"` };
    return this.stored.etag;
  }
}
