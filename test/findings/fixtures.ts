import { parseConfig } from '../../lambda/config/config';
import { evaluate, summarize } from '../../lambda/engine/evaluate';
import type { AuditReport, Result } from '../../lambda/engine/result';
import { RULE_IDS, RULES } from '../../lambda/rules/registry';
import { buildDemo } from '../support/scenarios';

/** The demo account (every incident scenario) audited by the whole catalogue: realistic findings. */
export function demoReport(): AuditReport {
  return evaluate(buildDemo().snapshot(), parseConfig({}, RULE_IDS), RULES);
}

/** A plain copy of a result with some fields changed (the engine's results are read-only). */
export function changed(result: Result, changes: Partial<Result>): Result {
  return { ...(JSON.parse(JSON.stringify(result)) as Result), ...changes };
}

/** The report with these results, its summary recounted. */
export function withResults(report: AuditReport, results: Result[]): AuditReport {
  return { ...report, results, summary: summarize(results) };
}

/** Text as it may come from AWS names and tags: markup, quotes, a script end tag, CSV and shell specials. */
export const HOSTILE = `</script><img src=x onerror="alert(1)">, 'quoted' & "=cmd|' /C calc'!A0"\nsecond line`;
