import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { ASFF_LIMITS } from '../findings/asff-text';
import { attemptsOf, backoffDelay, errorMessage, errorName, isThrottling, type Sleep } from './pacing';

/** Security Hub is off in this account and region (or the default product is not enabled): one clear error. */
export class SecurityHubNotEnabledError extends Error {
  constructor(accountId: string, region: string, cause: string) {
    super(
      `Security Hub is not enabled in account ${accountId}, region ${region} (${cause}). Enable it ` +
        `(aws securityhub enable-security-hub --region ${region}) or run without publishing to Security Hub.`,
    );
    this.name = 'SecurityHubNotEnabledError';
  }
}

export interface FindingFailure {
  findingId: string;
  code: string;
  message: string;
  /**
   * The whole call failed (timeout, 5xx, throttling after every retry): Security Hub may have taken the
   * finding anyway, so it is sent again with the same CreatedAt rather than treated as never sent.
   */
  uncertain?: boolean;
}

/** API calls made, the SDK's retries included, for the run's summary and the benchmark. */
export interface CallCounts {
  getFindings: number;
  batchImportFindings: number;
}

export interface ApiContext {
  client: SecurityHubClient;
  accountId: string;
  region: string;
  sleep: Sleep;
  /** Waits for the GetFindings rate (3/s). */
  readPace: () => Promise<void>;
  /** Waits for the BatchImportFindings rate (10/s). */
  writePace: () => Promise<void>;
  calls: CallCounts;
}

/** The wait before re-sending FailedFindings; it doubles each round. */
const BASE_DELAY_MS = 250;
/** Rounds of re-sending the findings a call reported in FailedFindings. */
const FAILED_FINDING_ROUNDS = 3;
/** BatchImportFindings takes at most 6 MB per call; keep room for the request envelope. */
const MAX_BATCH_BYTES = 6 * 1024 * 1024 - 64 * 1024;

function notEnabled(ctx: ApiContext, code: string, message: string): never {
  throw new SecurityHubNotEnabledError(ctx.accountId, ctx.region, `${code}: ${message}`);
}

/**
 * Only a client error (4xx other than throttling) says for sure that Security Hub took nothing; a timeout
 * or a connection lost (no status) and a server error may come after the import landed.
 */
function mayHaveLanded(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
  return status === undefined || status >= 500 || isThrottling(error);
}

const isNotEnabled = (code: string | undefined): boolean => code?.startsWith('InvalidAccess') ?? false;

/**
 * Every finding matching the filters, 100 a page, at GetFindings' rate. The client retries throttling
 * and server errors itself (see clients.ts); an error after its last attempt is thrown.
 */
export async function getAllFindings(
  ctx: ApiContext,
  filters: AwsSecurityFindingFilters,
): Promise<AwsSecurityFinding[]> {
  const findings: AwsSecurityFinding[] = [];
  let token: string | undefined;
  do {
    await ctx.readPace();
    let page;
    try {
      page = await ctx.client.send(
        new GetFindingsCommand({ Filters: filters, MaxResults: 100, ...(token ? { NextToken: token } : {}) }),
      );
      ctx.calls.getFindings += attemptsOf(page);
    } catch (error) {
      ctx.calls.getFindings += attemptsOf(error);
      if (isNotEnabled(errorName(error))) notEnabled(ctx, errorName(error), errorMessage(error));
      throw error;
    }
    findings.push(...(page.Findings ?? []));
    token = page.NextToken;
  } while (token);
  return findings;
}

/** A finding's size as Security Hub counts it: its JSON in UTF-8. */
function findingBytes(finding: AwsSecurityFinding): number {
  return Buffer.byteLength(JSON.stringify(finding), 'utf8');
}

/** Splits findings into calls of at most 100 findings and under 6 MB. */
export function batches(
  findings: readonly AwsSecurityFinding[],
  sizeOf: (finding: AwsSecurityFinding) => number = findingBytes,
): AwsSecurityFinding[][] {
  const result: AwsSecurityFinding[][] = [];
  let current: AwsSecurityFinding[] = [];
  let bytes = 0;
  for (const finding of findings) {
    const size = sizeOf(finding);
    if (
      current.length >= ASFF_LIMITS.findingsPerBatch ||
      (current.length > 0 && bytes + size > MAX_BATCH_BYTES)
    ) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(finding);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}

/**
 * Imports findings in batches. The client retries a call that fails as a whole (throttling, a server
 * error, a timeout); what fails after its last attempt is returned for every finding of the batch.
 * BatchImportFindings does not throw on partial failure, and the SDK does not look inside a 200: the
 * findings it lists in FailedFindings are sent again here (with backoff) and whatever still fails is
 * returned, never dropped. Returns the ids that were accepted and the failures.
 */
export async function importFindings(
  ctx: ApiContext,
  findings: readonly AwsSecurityFinding[],
): Promise<{ imported: Set<string>; failures: FindingFailure[] }> {
  const imported = new Set<string>();
  const failures: FindingFailure[] = [];
  // Each finding is measured once, for the size limit and for batching.
  const sizes = new Map(findings.map((f) => [f, findingBytes(f)]));
  const sendable = findings.filter((f) => {
    const size = sizes.get(f)!;
    if (size <= ASFF_LIMITS.findingBytes) return true;
    failures.push({
      findingId: f.Id!,
      code: 'FindingTooLarge',
      message: `${size} bytes, over Security Hub's 240 KB`,
    });
    return false;
  });
  for (const batch of batches(sendable, (f) => sizes.get(f)!)) {
    let pending = batch;
    for (let round = 1; pending.length > 0; round++) {
      let response;
      await ctx.writePace();
      try {
        response = await ctx.client.send(new BatchImportFindingsCommand({ Findings: pending }));
        ctx.calls.batchImportFindings += attemptsOf(response);
      } catch (error) {
        ctx.calls.batchImportFindings += attemptsOf(error);
        if (isNotEnabled(errorName(error))) notEnabled(ctx, errorName(error), errorMessage(error));
        failures.push(
          ...pending.map((f) => ({
            findingId: f.Id!,
            code: errorName(error),
            message: errorMessage(error),
            ...(mayHaveLanded(error) ? { uncertain: true } : {}),
          })),
        );
        break;
      }
      const failed = new Map((response.FailedFindings ?? []).map((f) => [f.Id ?? '', f]));
      for (const f of pending) if (!failed.has(f.Id!)) imported.add(f.Id!);
      const all = [...failed.values()];
      // Security Hub off answers every finding with InvalidAccess instead of throwing.
      if (all.length === pending.length && all.every((f) => isNotEnabled(f.ErrorCode))) {
        notEnabled(ctx, all[0]!.ErrorCode!, all[0]!.ErrorMessage ?? '');
      }
      if (failed.size === 0) break;
      if (round >= FAILED_FINDING_ROUNDS) {
        failures.push(
          ...all.map((f) => ({
            findingId: f.Id ?? '?',
            code: f.ErrorCode ?? 'Unknown',
            message: f.ErrorMessage ?? 'no message',
          })),
        );
        break;
      }
      await ctx.sleep(backoffDelay(BASE_DELAY_MS, round));
      pending = pending.filter((f) => failed.has(f.Id!));
    }
  }
  return { imported, failures };
}
