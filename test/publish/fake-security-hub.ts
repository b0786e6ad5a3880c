import type {
  AwsSecurityFinding,
  AwsSecurityFindingFilters,
  BatchImportFindingsCommandInput,
  BatchImportFindingsCommandOutput,
  DateFilter,
  GetFindingsCommandInput,
  GetFindingsCommandOutput,
  StringFilter,
} from '@aws-sdk/client-securityhub';
import { createSecurityHubClient } from '../../lambda/publish/clients';
import type { Clock, Sleep } from '../../lambda/publish/pacing';

type Answer<I, O> = (input: I) => Omit<O, '$metadata'>;
export interface Answers {
  GetFindings: Answer<GetFindingsCommandInput, GetFindingsCommandOutput>;
  BatchImportFindings: Answer<BatchImportFindingsCommandInput, BatchImportFindingsCommandOutput>;
}

type Handler = (args: { input: object }) => Promise<{ output: object; response: unknown }>;
interface Stack {
  addRelativeTo(
    middleware: (next: Handler, context: { commandName?: string }) => Handler,
    options: { relation: 'after'; toMiddleware: string; name: string },
  ): void;
}

/**
 * An in-memory Security Hub behind the real SecurityHubClient NetAudit builds (createSecurityHubClient):
 * it answers right inside the SDK's retry middleware, in place of signing, the network and parsing, so
 * throttling and server errors are retried by the SDK as in production, with the production budget (6
 * attempts) and its backoff waits recorded (and added to the fake clock) instead of waited for. GetFindings filters (EQUALS
 * / PREFIX on the string attributes NetAudit uses) and pages; BatchImportFindings creates or updates,
 * ignoring an update whose UpdatedAt is not later than the stored one, as Security Hub does.
 */
export class FakeSecurityHub {
  readonly client;
  readonly store = new Map<string, AwsSecurityFinding>();
  /** Every BatchImportFindings request that reached Security Hub, in order. */
  readonly imports: AwsSecurityFinding[][] = [];
  readonly reads: GetFindingsCommandInput[] = [];
  /** The SDK's backoff waits between attempts, in ms. */
  readonly retryWaits: number[] = [];
  /** Ids refused (FailedFindings) on their next N import attempts. */
  readonly refuse = new Map<string, number>();
  ignoredUpdates = 0;
  /** HTTP requests per operation, the SDK's retries and throttled ones included. */
  readonly calls = { get: 0, import: 0, throttled: 0 };
  /** Decides a fault for each request (the simulation); undefined: none. */
  fault: ((op: 'get' | 'import') => Fault | undefined) | undefined;
  /** A test's own answers, in place of the in-memory store's (after throttling and faults). */
  readonly answers: Partial<Answers> = {};
  /** After a `kill`, every call fails and nothing lands, until `revive()`: the process is gone. */
  dead = false;
  private readonly limits?: { get: TokenBucket; import: TokenBucket };

  /**
   * With `time`, Security Hub's documented rates are enforced on the fake clock (GetFindings 3/s, burst
   * 6; BatchImportFindings 10/s, burst 30: beyond them it throttles) and each call takes `latencyMs`.
   */
  constructor(private readonly time?: FakeTime & { latencyMs?: number }) {
    if (time) {
      this.limits = { get: new TokenBucket(3, 6, time.clock), import: new TokenBucket(10, 30, time.clock) };
    }
    this.client = createSecurityHubClient({
      region: 'us-east-1',
      // The SDK resolves an identity before any request, even one the fake answers (the bench has no env).
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fake' },
      waitFor: (ms) => {
        this.retryWaits.push(ms);
        this.time?.advance(ms);
        return 0;
      },
    });
    // Right inside the retry middleware: every attempt reaches the fake, the request is serialized (as on
    // the wire) but neither signed nor sent.
    (this.client.middlewareStack as unknown as Stack).addRelativeTo(
      (_next, context) => async (args) => ({
        output: { ...this.answer(context.commandName, args.input), $metadata: {} },
        response: {},
      }),
      { relation: 'after', toMiddleware: 'retryMiddleware', name: 'fakeSecurityHub' },
    );
  }

  private answer(command: string | undefined, input: object): object {
    if (command === 'BatchImportFindingsCommand') {
      const fault = this.enter('import');
      const request = input as BatchImportFindingsCommandInput;
      return this.answers.BatchImportFindings?.(request) ?? this.batchImport(request, fault);
    }
    if (command !== 'GetFindingsCommand') throw new Error(`the fake does not answer ${command}`);
    this.enter('get');
    const request = input as GetFindingsCommandInput;
    return this.answers.GetFindings?.(request) ?? this.getFindings(request);
  }

  reset(): void {
    this.imports.length = 0;
    this.reads.length = 0;
  }

  importedFindings(): AwsSecurityFinding[] {
    return this.imports.flat();
  }

  revive(): void {
    this.dead = false;
  }

  /** Throttling, faults and the kill, in the order a real call meets them. */
  private enter(op: 'get' | 'import'): Fault | undefined {
    if (this.dead) throw Object.assign(new Error('process killed'), { name: 'Killed' });
    this.calls[op]++;
    if (this.time?.latencyMs) this.time.advance(this.time.latencyMs);
    if (this.limits && !this.limits[op].take()) {
      this.calls.throttled++;
      throw awsError('TooManyRequestsException', 429);
    }
    const fault = this.fault?.(op);
    if (fault === 'throttle') throw awsError('TooManyRequestsException', 429);
    if (fault === '5xx') throw awsError('InternalException', 500);
    if (fault === 'timeout') throw awsError('TimeoutError', undefined);
    if (fault === 'kill') {
      this.dead = true;
      throw Object.assign(new Error('process killed'), { name: 'Killed' });
    }
    return fault;
  }

  private getFindings(input: GetFindingsCommandInput) {
    this.reads.push(input);
    const all = [...this.store.values()].filter((f) => matches(f, input.Filters ?? {}));
    const start = Number(input.NextToken ?? 0);
    const size = input.MaxResults ?? 100;
    const page = all.slice(start, start + size);
    return {
      Findings: structuredClone(page),
      ...(start + size < all.length ? { NextToken: String(start + size) } : {}),
    };
  }

  private batchImport(input: BatchImportFindingsCommandInput, fault: Fault | undefined) {
    const findings = input.Findings ?? [];
    this.imports.push(structuredClone(findings));
    const failed = [];
    for (const f of findings) {
      const refusals = this.refuse.get(f.Id!) ?? 0;
      if (refusals > 0 || (fault === 'partial' && failed.length % 2 === 0 && failed.length < 10)) {
        this.refuse.set(f.Id!, refusals - 1);
        failed.push({ Id: f.Id!, ErrorCode: 'InternalFailure', ErrorMessage: 'try again' });
        continue;
      }
      const stored = this.store.get(f.Id!);
      if (stored && Date.parse(f.UpdatedAt!) <= Date.parse(stored.UpdatedAt!)) {
        this.ignoredUpdates++;
        continue;
      }
      this.store.set(f.Id!, {
        ...structuredClone(f),
        ProductFields: { ...f.ProductFields, 'aws/securityhub/FindingId': `arn:finding/${f.Id}` },
        ProductName: 'Default',
        CompanyName: 'Personal',
        Region: 'us-east-1',
        Workflow: { Status: 'NEW' },
      });
    }
    // The import landed, but the answer never came back.
    if (fault === 'timeout-after') throw awsError('TimeoutError', undefined);
    return {
      SuccessCount: findings.length - failed.length,
      FailedCount: failed.length,
      FailedFindings: failed,
    };
  }
}

export type Fault = 'throttle' | '5xx' | 'timeout' | 'timeout-after' | 'partial' | 'kill';

function awsError(name: string, status: number | undefined): Error {
  return Object.assign(new Error(name), { name, $metadata: status ? { httpStatusCode: status } : {} });
}

/** Security Hub's throttling: `rate` tokens a second, at most `burst` saved up. */
class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {
    this.tokens = burst;
    this.at = clock();
  }

  take(): boolean {
    const now = this.clock();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.rate);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

function value(f: AwsSecurityFinding, key: keyof AwsSecurityFindingFilters): string | undefined {
  const v = (f as unknown as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
}

function matches(f: AwsSecurityFinding, filters: AwsSecurityFindingFilters): boolean {
  return Object.entries(filters).every(([key, list]) => {
    const actual = value(f, key as keyof AwsSecurityFindingFilters);
    return (list as (StringFilter & DateFilter)[]).some((filter) => {
      if (filter.Start !== undefined || filter.End !== undefined) {
        const at = Date.parse(actual ?? '');
        return at >= Date.parse(filter.Start ?? '') && at <= Date.parse(filter.End ?? '');
      }
      return filter.Comparison === 'PREFIX' ? actual?.startsWith(filter.Value!) : actual === filter.Value;
    });
  });
}

export interface FakeTime {
  clock: Clock;
  sleep: Sleep;
  sleeps: number[];
  /** Moves the clock without a sleep: the time a call takes. */
  advance: (ms: number) => void;
}

/** A clock that only moves when the code under test sleeps (or a fake call takes time): no waiting. */
export function fakeTime(start = Date.parse('2026-11-28T01:00:00Z')): FakeTime {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    advance: (ms) => {
      now += ms;
    },
  };
}
