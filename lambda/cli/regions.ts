import { AWS_REGION_PATTERN } from '../aws/arn';
import { InputError } from '../errors';
import type { Snapshot } from '../snapshot/types';
import { checkProfile } from './credentials';
import { collectLiveSnapshot, type LiveOptions } from './options';

/** A region that could not be read at all, and the one line that says why. */
export interface RegionFailure {
  region: string;
  reason: string;
}

/** `--regions a,b,c` checked before any call: region names, each once, in the order given. */
export function parseRegions(regions: readonly string[]): string[] {
  for (const region of regions) {
    if (!AWS_REGION_PATTERN.test(region)) {
      throw new InputError(`--regions: "${region}" is not an AWS region (such as eu-west-1)`);
    }
  }
  if (regions.length === 0)
    throw new InputError('--regions needs at least one region, e.g. eu-west-1,us-east-1');
  return [...new Set(regions)];
}

/** Collects one region of several: its snapshot, or why it could not be read at all. */
export async function collectRegion(
  region: string,
  options: Omit<LiveOptions, 'region'>,
  collectOne: (options: LiveOptions) => Promise<Snapshot> = collectLiveSnapshot,
): Promise<{ snapshot: Snapshot } | { failure: RegionFailure }> {
  try {
    return { snapshot: await collectOne({ ...options, region }) };
  } catch (err) {
    // A region not enabled, refused credentials: the user's setup, one line. Anything else is a bug.
    if (!(err instanceof InputError)) throw err;
    return { failure: { region, reason: err.message } };
  }
}

/**
 * Collects several regions of one account, one after another. Each collection already makes eight calls
 * at a time with adaptive retries, and its progress line owns the terminal; one region at a time keeps
 * the display and the error lines readable. A region that cannot be read at all (not enabled for the
 * account, credentials refused there) is recorded with its reason, and the others go on.
 */
export async function collectRegions(
  regions: readonly string[],
  options: Omit<LiveOptions, 'region'>,
  collectOne: (options: LiveOptions) => Promise<Snapshot> = collectLiveSnapshot,
): Promise<{ snapshots: Snapshot[]; failures: RegionFailure[] }> {
  const names = parseRegions(regions);
  // Once, before any region: a wrong profile name is one line, not one line per region.
  checkProfile(options.profile);
  const snapshots: Snapshot[] = [];
  const failures: RegionFailure[] = [];
  for (const region of names) {
    const collected = await collectRegion(region, options, collectOne);
    if ('snapshot' in collected) snapshots.push(collected.snapshot);
    else failures.push(collected.failure);
  }
  return { snapshots, failures };
}

/** One stderr line per region that could not be read. */
export function failureLines(failures: readonly RegionFailure[]): string {
  return failures.map((f) => `netaudit: ${f.region} not audited: ${f.reason}\n`).join('');
}
