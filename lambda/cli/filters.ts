import { summarize } from '../engine/evaluate';
import type { AuditReport, Result } from '../engine/result';
import { atLeast, SEVERITIES, type Severity } from '../engine/severity';
import { InputError } from '../errors';

/** `--severity`, `--rule` and `--skip-rule` as given (each repeatable and comma-separated). */
export interface FilterOptions {
  severity?: string[];
  rule?: string[];
  skipRule?: string[];
}

export function hasFilters(options: FilterOptions): boolean {
  return Boolean(options.severity?.length || options.rule?.length || options.skipRule?.length);
}

/**
 * Which results a report shows. One severity is a minimum (`--severity HIGH` is HIGH and CRITICAL, as
 * `--fail-on` reads it); several are exactly those (`--severity CRITICAL,LOW`). Rules are ids (`SG.1`) or
 * families (`SG`). Audit-health results (the AUDIT family: API calls that failed) are shown whatever the
 * filters, unless `--skip-rule` names them, so a filtered view never hides that the audit is incomplete.
 */
export function resultFilter(options: FilterOptions, ruleIds: readonly string[]): (r: Result) => boolean {
  const severities = severitySet(options.severity ?? []);
  const wanted = (options.rule ?? []).map((s) => ruleSelector('--rule', s, ruleIds));
  const skipped = (options.skipRule ?? []).map((s) => ruleSelector('--skip-rule', s, ruleIds));
  return (r) => {
    if (skipped.some((matches) => matches(r.ruleId))) return false;
    if (familyOf(r.ruleId) === 'AUDIT') return true;
    if (wanted.length > 0 && !wanted.some((matches) => matches(r.ruleId))) return false;
    return !severities || severities.has(r.severity);
  };
}

/**
 * The report as the filters show it: its results, rules and summary narrowed alike, its collection
 * errors kept (they decide whether the audit was complete, whatever is shown).
 */
export function filterReport(report: AuditReport, keep: (r: Result) => boolean): AuditReport {
  const results = report.results.filter(keep);
  const shownRules = new Set(results.map((r) => r.ruleId));
  return {
    ...report,
    ruleIds: report.ruleIds.filter((id) => shownRules.has(id)),
    results,
    summary: summarize(results),
  };
}

function severitySet(values: readonly string[]): Set<Severity> | undefined {
  if (values.length === 0) return undefined;
  const named = values.map((value) => {
    const match = SEVERITIES.find((s) => s === value.toUpperCase());
    if (!match) throw new InputError(`--severity "${value}": use one of ${SEVERITIES.join(', ')}`);
    return match;
  });
  if (named.length === 1) return new Set(SEVERITIES.filter((s) => atLeast(s, named[0]!)));
  return new Set(named);
}

function familyOf(ruleId: string): string {
  return ruleId.split('.')[0]!;
}

/** A rule id or family, checked against the catalogue: a typo must not silently select nothing. */
function ruleSelector(option: string, value: string, ruleIds: readonly string[]): (id: string) => boolean {
  const wanted = value.toUpperCase();
  const families = [...new Set(ruleIds.map(familyOf))];
  if (ruleIds.includes(wanted)) return (id) => id === wanted;
  if (families.includes(wanted)) return (id) => familyOf(id) === wanted;
  const family = familyOf(wanted);
  if (families.includes(family)) {
    const known = ruleIds.filter((id) => familyOf(id) === family);
    throw new InputError(`${option} "${value}": no such rule (${family} has ${known.join(', ')})`);
  }
  throw new InputError(
    `${option} "${value}": no such rule or family (families: ${families.join(', ')}; netaudit rules lists every id)`,
  );
}
