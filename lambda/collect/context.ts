import type { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { NetworkFirewallClient } from '@aws-sdk/client-network-firewall';
import type { CollectionError } from '../snapshot/types';
import { attemptsOf, toCollectionError } from './errors';
import type { ApiStats, StatsRecorder } from './stats';

/** Sent after every page and every failure, for a progress display. */
export interface ProgressEvent {
  api: string;
  stats: Readonly<ApiStats>;
  error?: CollectionError;
}

export interface CollectContext {
  ec2: EC2Client;
  directConnect: DirectConnectClient;
  networkFirewall: NetworkFirewallClient;
  stats: StatsRecorder;
  errors: CollectionError[];
  onProgress?: (event: ProgressEvent) => void;
}

/** The part of every SDK output the stats read. */
interface WithMetadata {
  $metadata: { attempts?: number };
}

/** Reads every page, counting calls, retries and time. A failed page throws after it is counted. */
export async function readPages<O extends WithMetadata, T>(
  ctx: CollectContext,
  api: string,
  pages: AsyncIterable<O>,
  pick: (page: O) => T[] | undefined,
): Promise<T[]> {
  const items: T[] = [];
  const iterator = pages[Symbol.asyncIterator]();
  for (;;) {
    const started = performance.now();
    let next: IteratorResult<O>;
    try {
      next = await iterator.next();
    } catch (err) {
      ctx.stats.failure(api, performance.now() - started, attemptsOf(err));
      throw err;
    }
    // The paginator ends without a request once a page carries no NextToken.
    if (next.done) return items;
    const found = pick(next.value) ?? [];
    for (const item of found) items.push(item);
    const stats = ctx.stats.page(
      api,
      performance.now() - started,
      next.value.$metadata.attempts,
      found.length,
    );
    ctx.onProgress?.({ api, stats });
  }
}

/**
 * The pages of an API the SDK has no paginator for (Direct Connect, DescribeVpcBlockPublicAccessExclusions):
 * each page asks for the token the previous one returned, until one returns none.
 */
export async function* pagesByToken<O>(
  send: (token: string | undefined) => Promise<O>,
  nextToken: (page: O) => string | undefined,
): AsyncGenerator<O> {
  let token: string | undefined;
  do {
    const page = await send(token);
    yield page;
    token = nextToken(page);
  } while (token);
}

/** One unpaginated call, counted like a page. */
export async function readOne<O extends WithMetadata>(
  ctx: CollectContext,
  api: string,
  send: () => Promise<O>,
  count: (output: O) => number = () => 1,
): Promise<O> {
  const started = performance.now();
  try {
    const output = await send();
    const stats = ctx.stats.page(api, performance.now() - started, output.$metadata.attempts, count(output));
    ctx.onProgress?.({ api, stats });
    return output;
  } catch (err) {
    ctx.stats.failure(api, performance.now() - started, attemptsOf(err));
    throw err;
  }
}

/**
 * Runs one collection step; a failure (denied, unexpected, or throttled past the retries) is recorded in
 * snapshot.errors and yields undefined, so the rest of the collection goes on and the rules that need
 * this data report NOT_EVALUATED instead of passing on an empty list.
 */
export async function recordFailure<T>(
  ctx: CollectContext,
  api: string,
  vpcId: string | undefined,
  step: () => Promise<T>,
  /** The resource a per-item call was about (a prefix list, a route table): the message names it. */
  about?: string,
): Promise<T | undefined> {
  try {
    return await step();
  } catch (err) {
    const found = toCollectionError(api, err, vpcId);
    const error = about ? { ...found, message: `${about}: ${found.message}` } : found;
    ctx.errors.push(error);
    ctx.onProgress?.({ api, stats: ctx.stats.get(api), error });
    return undefined;
  }
}

/** Records an API that could not run because the call it depends on failed. */
export function notCollected(ctx: CollectContext, api: string, because: string): void {
  const error: CollectionError = {
    api,
    code: 'NotCollected',
    message: `not collected because ${because} failed`,
  };
  ctx.errors.push(error);
  ctx.onProgress?.({ api, stats: ctx.stats.skipped(api), error });
}
