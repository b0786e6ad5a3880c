/** Waits `ms` milliseconds. Injected everywhere so tests control time instead of waiting for it. */
export type Sleep = (ms: number) => Promise<void>;
/** Milliseconds since the epoch. Injected with Sleep so rate limits are tested without a real clock. */
export type Clock = () => number;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const realClock: Clock = () => Date.now();

/**
 * Spaces calls at least 1/perSecond apart: Security Hub's documented rates (GetFindings 3/s,
 * BatchImportFindings 10/s) are per account and region, so staying under them beats retrying.
 */
export function rateLimiter(perSecond: number, sleep: Sleep, clock: Clock): () => Promise<void> {
  // Whole milliseconds, rounded up: never a hair faster than the limit.
  const interval = Math.ceil(1000 / perSecond);
  let next = -Infinity;
  return async () => {
    const now = clock();
    const wait = next - now;
    if (wait > 0) await sleep(wait);
    next = Math.max(now, next) + interval;
  };
}

const THROTTLING = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'LimitExceededException',
  'RequestLimitExceeded',
]);

interface AwsErrorLike {
  name?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $retryable?: { throttling?: boolean };
}

export function errorName(error: unknown): string {
  return (error as AwsErrorLike | undefined)?.name ?? 'Error';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isThrottling(error: unknown): boolean {
  const e = error as AwsErrorLike | undefined;
  return (
    THROTTLING.has(errorName(error)) || e?.$metadata?.httpStatusCode === 429 || !!e?.$retryable?.throttling
  );
}

/** HTTP requests an SDK call made, its retries included (the SDK records them in `$metadata`). */
export function attemptsOf(responseOrError: unknown): number {
  return (responseOrError as AwsErrorLike | undefined)?.$metadata?.attempts ?? 1;
}

/** `baseDelayMs`, doubled for each attempt after the first (no jitter: one caller per account and region). */
export function backoffDelay(baseDelayMs: number, attempt: number): number {
  return baseDelayMs * 2 ** (attempt - 1);
}
