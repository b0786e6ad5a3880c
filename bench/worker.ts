import { writeFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import type { AuditConfig } from '../lambda/config/config';
import type { AuditReport } from '../lambda/engine/result';
import type { Outcome, Rule } from '../lambda/engine/rule';
import type { Snapshot } from '../lambda/snapshot/types';
import { countsOf, DEFAULT_SEED, generateSnapshot, isSizeName } from './generate';
import { median } from './stats';

/**
 * One benchmark step in a fresh process, so that each size's peak RSS is its own:
 *
 *   worker generate <S|M|L> <snapshot.json> <result.json> [seed]
 *   worker measure  <S|M|L> <snapshot.json> <result.json> <runs>
 *
 * The result is written as JSON to <result.json> (stdout stays free for whatever the code under test
 * prints). Modules that have not landed yet (the ASFF mapping, a rule family) are reported as missing
 * instead of failing the whole benchmark.
 */

export interface GenerateResult {
  size: string;
  seed: number;
  counts: Record<string, number>;
  bytes: number;
  generateMs: number;
  stringifyMs: number;
}

export interface RuleTiming {
  id: string;
  /** Median over runs, in ms. */
  medianMs: number;
  /** GC pauses inside the rule's time (median): a rule can pay for a major GC that others' garbage caused. */
  medianGcMs: number;
  results: number;
  failed: number;
}

export interface MeasureResult {
  size: string;
  runs: number;
  interfaces: number;
  bytes: number;
  /** Median ms per phase. `load` = JSON.parse + validateSnapshot from the file text. */
  medianMs: {
    read: number;
    parse: number;
    validate: number;
    load: number;
    index: number;
    evaluate: number;
    asff: number | null;
    /** CPU time (user + system, all threads) of index + evaluate: less sensitive to a busy machine. */
    indexEvaluateCpu: number;
    /** Garbage collection pauses during index + evaluate. */
    indexEvaluateGc: number;
  };
  /** Every run, for the curious (ms). */
  runsMs: {
    read: number;
    parse: number;
    validate: number;
    index: number;
    evaluate: number;
    asff: number | null;
  }[];
  /** Rule evaluation inside `evaluate`, per rule id, median ms; the rest is the engine's own work. */
  rules: RuleTiming[];
  engineOverheadMs: number;
  ruleCount: number;
  results: { total: number; failed: number; findings: number | null };
  /** process.resourceUsage().maxRSS after the first run (one audit) and at the end, in MB. */
  peakRssMb: number;
  peakRssEndMb: number;
  missing: string[];
}

const mb = (kb: number): number => Math.round(kb / 1024);

/** Runs of the per-rule breakdown (after the measured runs). */
const BREAKDOWN_RUNS = 3;

async function optional<T>(load: () => Promise<T>, what: string, missing: string[]): Promise<T | undefined> {
  try {
    return await load();
  } catch (err) {
    missing.push(`${what}: ${(err as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

type Loader = typeof import('../lambda/snapshot/load');

/** Reads and parses the file as loadSnapshotFile does; the text goes out of scope on return, as there. */
function readAndParse(
  loader: Loader,
  file: string,
): { data: unknown; read: number; parse: number; size: number } {
  let t = performance.now();
  const text = loader.readTextFile(file);
  const read = performance.now() - t;
  t = performance.now();
  const data: unknown = loader.parseJson(text, file);
  return { data, read, parse: performance.now() - t, size: text.length };
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function measure(size: string, file: string, runs: number): Promise<MeasureResult> {
  const missing: string[] = [];
  const { validateSnapshot } = await import('../lambda/snapshot/validate');
  const loader = await import('../lambda/snapshot/load');
  const { SnapshotIndex } = await import('../lambda/engine/snapshot-index');
  const { evaluate } = await import('../lambda/engine/evaluate');
  const { defaultConfig } = await import('../lambda/config/config');
  const registry = await optional(() => import('../lambda/rules/registry'), 'rules registry', missing);
  const asff = await optional(() => import('../lambda/findings/asff'), 'ASFF mapping', missing);
  const rules: readonly Rule[] = registry?.RULES ?? [];
  if (!rules.some((r) => r.id.startsWith('NET.'))) missing.push('reachability rules NET.*: not registered');
  const config: AuditConfig = defaultConfig();

  const perRule = new Map<
    string,
    { ms: number[]; windows: [number, number][]; results: number; failed: number }
  >();
  const timed: Rule[] = rules.map((rule) => {
    const slot = { ms: [] as number[], windows: [] as [number, number][], results: 0, failed: 0 };
    perRule.set(rule.id, slot);
    return {
      ...rule,
      evaluate(index, cfg) {
        const t0 = performance.now();
        let outcomes: Outcome[];
        try {
          outcomes = Array.from(rule.evaluate(index, cfg));
        } catch (err) {
          // A rule being edited in the working tree must not stop the benchmark of all the others.
          const why = `rule ${rule.id} threw: ${(err as Error).message.split('\n')[0]}`;
          if (!missing.includes(why)) missing.push(why);
          outcomes = [];
        }
        const t1 = performance.now();
        slot.ms.push(t1 - t0);
        slot.windows.push([t0, t1]);
        slot.results = outcomes.length;
        slot.failed = outcomes.filter((o) => o.status === 'FAILED').length;
        return outcomes;
      },
    };
  });

  /** As loadSnapshotFile: the text and the parsed tree go out of scope once the snapshot is validated. */
  const load = (path: string) => {
    const { data, read, parse, size } = readAndParse(loader, path);
    const t = performance.now();
    const snapshot: Snapshot = validateSnapshot(data, path);
    return { snapshot, read, parse, validate: performance.now() - t, size };
  };

  // GC pauses, to tell allocation pressure from computation (entries arrive asynchronously).
  const gcEntries: { start: number; duration: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcEntries.push({ start: e.startTime, duration: e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  const windows: [number, number][] = [];
  const cpuMs: number[] = [];

  const all: MeasureResult['runsMs'] = [];
  let peakRssMb = 0;
  let interfaces = 0;
  let bytes = 0;
  let resultCount = { total: 0, failed: 0, findings: null as number | null };
  let last: Snapshot | undefined;
  for (let run = 0; run < runs; run++) {
    gc();
    const { snapshot, read, parse, validate, size } = load(file);
    bytes = size;
    interfaces = snapshot.networkInterfaces.length;
    const cpu0 = process.cpuUsage();
    let t = performance.now();
    const window0 = t;
    const index = new SnapshotIndex(snapshot);
    const indexMs = performance.now() - t;
    t = performance.now();
    // The rules as they are: a wrapper that timed each one would have to collect its outcomes into an array,
    // which changes how the engine stamps them (a walk hands over the item each outcome is about).
    const report: AuditReport = evaluate(snapshot, config, rules, index);
    const evaluateMs = performance.now() - t;
    const cpu = process.cpuUsage(cpu0);
    cpuMs.push((cpu.user + cpu.system) / 1000);
    windows.push([window0, performance.now()]);
    let asffMs: number | null = null;
    let findings: number | null = null;
    if (asff) {
      t = performance.now();
      findings = asff.toAsffFindings(report).length;
      asffMs = performance.now() - t;
    }
    all.push({ read, parse, validate, index: indexMs, evaluate: evaluateMs, asff: asffMs });
    resultCount = { total: report.results.length, failed: report.summary.failed, findings };
    if (run === 0) peakRssMb = mb(process.resourceUsage().maxRSS);
    last = snapshot;
  }

  // The per-rule breakdown, from runs of their own: each rule timed alone, its outcomes collected. What the
  // rules' medians leave of the real runs' evaluate median is roughly the engine's own work (stamping,
  // sorting): roughly, since the rules ran in other runs, and on arrays where the real runs walk.
  for (let run = 0; last && run < Math.min(runs, BREAKDOWN_RUNS); run++) {
    gc();
    evaluate(last, config, timed, new SnapshotIndex(last));
  }
  // A rule that never ran (its input missing) counts for nothing.
  const inRules = [...perRule.values()].reduce(
    (sum, slot) => sum + (slot.ms.length ? median(slot.ms) : 0),
    0,
  );
  const engineOverheadMs = median(all.map((r) => r.evaluate)) - inRules;

  await new Promise((done) => setTimeout(done, 50));
  observer.disconnect();
  const gcIn = ([from, to]: [number, number]): number =>
    gcEntries.filter((e) => e.start >= from && e.start < to).reduce((sum, e) => sum + e.duration, 0);
  const gcMs = windows.map(gcIn);

  const med = (pick: (r: MeasureResult['runsMs'][number]) => number): number => round(median(all.map(pick)));
  const asffRuns = all.map((r) => r.asff).filter((x): x is number => x !== null);
  return {
    size,
    runs,
    interfaces,
    bytes,
    medianMs: {
      read: med((r) => r.read),
      parse: med((r) => r.parse),
      validate: med((r) => r.validate),
      load: med((r) => r.parse + r.validate),
      index: med((r) => r.index),
      evaluate: med((r) => r.evaluate),
      asff: asffRuns.length > 0 ? round(median(asffRuns)) : null,
      indexEvaluateCpu: round(median(cpuMs)),
      indexEvaluateGc: round(median(gcMs)),
    },
    runsMs: all.map((r) => ({
      read: round(r.read),
      parse: round(r.parse),
      validate: round(r.validate),
      index: round(r.index),
      evaluate: round(r.evaluate),
      asff: r.asff === null ? null : round(r.asff),
    })),
    rules: [...perRule.entries()]
      .map(([id, slot]) => ({
        id,
        medianMs: round(median(slot.ms)),
        medianGcMs: round(median(slot.windows.map(gcIn))),
        results: slot.results,
        failed: slot.failed,
      }))
      .sort((a, b) => b.medianMs - a.medianMs),
    engineOverheadMs: round(engineOverheadMs),
    ruleCount: rules.length,
    results: resultCount,
    peakRssMb,
    peakRssEndMb: mb(process.resourceUsage().maxRSS),
    missing,
  };
}

function generate(size: string, file: string, seed: number): GenerateResult {
  if (!isSizeName(size)) throw new Error(`unknown size ${size}: use S, M or L`);
  let t = performance.now();
  const snapshot = generateSnapshot(size, { seed });
  const generateMs = performance.now() - t;
  const counts = countsOf(snapshot);
  t = performance.now();
  const text = JSON.stringify(snapshot);
  const stringifyMs = performance.now() - t;
  writeFileSync(file, text);
  return {
    size,
    seed,
    counts,
    bytes: text.length,
    generateMs: round(generateMs),
    stringifyMs: round(stringifyMs),
  };
}

export function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

async function main(argv: string[]): Promise<void> {
  const [mode, size = 'S', file = '', out = '', extra] = argv;
  if (!file || !out)
    throw new Error('usage: worker generate|measure <size> <snapshot.json> <result.json> [n]');
  const result =
    mode === 'generate'
      ? generate(size, file, extra ? Number(extra) : DEFAULT_SEED)
      : mode === 'measure'
        ? await measure(size, file, Math.max(1, Number(extra ?? 5)))
        : undefined;
  if (!result) throw new Error(`unknown mode ${mode}`);
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
