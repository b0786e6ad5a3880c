import { compareRuleIds } from '../engine/evaluate';
import type { AuditReport, ReportPart, Summary } from '../engine/result';
import { SnapshotIndex } from '../engine/snapshot-index';
import { SEVERITIES } from '../engine/severity';
import { InputError } from '../errors';
import { World } from '../paths/world';
import { loadSnapshotFile } from '../snapshot/load';
import type { Snapshot } from '../snapshot/types';

/** A snapshot and where it came from: its file, or `aws://<account>/<region>` when collected live. */
export interface Sourced {
  snapshot: Snapshot;
  source: string;
}

/** Commander parser for an option given once per file (`--snapshot A --snapshot B`); names may hold commas. */
export function eachFile(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export const liveSource = (snapshot: Snapshot): string => `aws://${snapshot.accountId}/${snapshot.region}`;

export function loadSnapshots(files: readonly string[]): Sourced[] {
  return files.map((file) => ({ snapshot: loadSnapshotFile(file), source: file }));
}

/**
 * One index per snapshot, all in one world, so a path is followed from one account or region into
 * another (NET.4 and NET.5 find the world through the index). Each account and region may be given once:
 * the error names both sources.
 */
export function indexInOneWorld(sourced: readonly Sourced[]): { world: World; indexes: SnapshotIndex[] } {
  const seen = new Map<string, string>();
  for (const { snapshot, source } of sourced) {
    const key = `${snapshot.accountId} ${snapshot.region}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new InputError(
        `${earlier} and ${source} are both account ${snapshot.accountId}, region ${snapshot.region}: give each account and region once`,
      );
    }
    seen.set(key, source);
  }
  const indexes = sourced.map(({ snapshot }) => new SnapshotIndex(snapshot));
  return { world: World.of(indexes), indexes };
}

function addSummaries(summaries: readonly Summary[]): Summary {
  const total: Summary = {
    failed: 0,
    passed: 0,
    notEvaluated: 0,
    suppressed: 0,
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Summary['bySeverity'],
  };
  for (const s of summaries) {
    total.failed += s.failed;
    total.passed += s.passed;
    total.notEvaluated += s.notEvaluated;
    total.suppressed += s.suppressed;
    for (const severity of SEVERITIES) total.bySeverity[severity] += s.bySeverity[severity];
  }
  return total;
}

/**
 * The reports of several snapshots as one: every result (each names its account and region), the summaries
 * added up (passes left out of the results still count), every error with its account and region, and
 * `parts` listing the snapshots. A single report comes back as it is, so one file's output never changes.
 */
export function joinReports(parts: readonly { report: AuditReport; source: string }[]): AuditReport {
  const first = parts[0];
  if (!first) throw new InputError('no snapshot to report on');
  if (parts.length === 1) return first.report;
  const reports = parts.map((p) => p.report);
  const ruleIds = [...new Set(reports.flatMap((r) => r.ruleIds))].sort(compareRuleIds);
  const described: ReportPart[] = parts.map(({ report, source }) => ({
    accountId: report.accountId,
    region: report.region,
    partition: report.partition,
    collectedAt: report.collectedAt,
    ...(report.scope ? { scope: report.scope } : {}),
    source,
  }));
  return {
    accountId: first.report.accountId,
    region: first.report.region,
    partition: first.report.partition,
    collectedAt: first.report.collectedAt,
    ruleIds,
    // One concat, not a spread: a region's results are too many for a call's arguments.
    results: ([] as AuditReport['results']).concat(...reports.map((r) => r.results)),
    summary: addSummaries(reports.map((r) => r.summary)),
    errors: reports.flatMap((r) => r.errors.map((e) => ({ ...e, accountId: r.accountId, region: r.region }))),
    parts: described,
  };
}
