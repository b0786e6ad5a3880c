import { parseConfig, type ConfigFile } from '../../lambda/config/config';
import { evaluate } from '../../lambda/engine/evaluate';
import type { Result } from '../../lambda/engine/result';
import type { Rule } from '../../lambda/engine/rule';
import type { Snapshot } from '../../lambda/snapshot/types';
import { validateSnapshot } from '../../lambda/snapshot/validate';

/**
 * Runs one rule through the real engine (so NOT_EVALUATED, stamping and suppressions apply) on a snapshot
 * that first passes schema validation, as a loaded file would.
 */
export function runRule(rule: Rule, snapshot: Snapshot, config: ConfigFile = {}): Result[] {
  const valid = validateSnapshot(JSON.parse(JSON.stringify(snapshot)));
  return evaluate(valid, parseConfig(config, [rule.id]), [rule]).results;
}

/** The one result for a resource; fails the test when there is not exactly one. */
export function resultFor(results: Result[], resourceId: string): Result {
  const found = results.filter((r) => r.resourceId === resourceId);
  if (found.length !== 1) {
    throw new Error(
      `expected one result for ${resourceId}, got ${found.length}: ${JSON.stringify(results, null, 2)}`,
    );
  }
  return found[0]!;
}

export function failedIds(results: Result[]): string[] {
  return results.filter((r) => r.status === 'FAILED').map((r) => r.resourceId);
}
