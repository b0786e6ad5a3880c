import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfig } from '../lambda/config/config';
import { evaluate } from '../lambda/engine/evaluate';
import type { AuditReport } from '../lambda/engine/result';
import { RULES } from '../lambda/rules/registry';
import { PublishRunner } from '../test/publish/publish-runner';
import { generateSnapshot, isSizeName, type SizeName } from './generate';
import { table } from './table';

/**
 * `npx tsx bench/publish-simulation.ts [--size L] [--latency 100] [--no-write]`
 *
 * Publishing one generated region to a fake Security Hub that enforces the documented rates
 * (GetFindings 3/s burst 6, BatchImportFindings 10/s burst 30) on a fake clock, each call taking
 * `latency` ms: the first run (no state, empty hub), then a run an hour later with nothing changed.
 * Times are simulated seconds (what the Lambda would spend on Security Hub calls), not this machine's.
 * "Before" is the per-finding design this replaced, counted from the same numbers: an ACTIVE sweep
 * (pages of 100) and, on a first run, a GetFindings of 20 ids per new failure at 3/s before any import.
 */

const HOUR = 60 * 60 * 1000;

export interface RunFigures {
  simulatedSeconds: number;
  getFindings: number;
  batchImportFindings: number;
  stateSaves: number;
  imported: number;
  throttled: number;
}

export interface PublishSimulation {
  size: string;
  failures: number;
  first: RunFigures;
  steady: RunFigures;
  before: { first: { calls: number; seconds: number }; steady: { calls: number; seconds: number } };
}

async function timed(runner: PublishRunner, report: AuditReport, now: Date): Promise<RunFigures> {
  const start = runner.time.clock();
  const throttledBefore = runner.hub.calls.throttled;
  const summary = await runner.run(report, now);
  if (!summary) throw new Error('the run was killed');
  if (summary.failed > 0 || summary.deferred > 0) throw new Error('the run did not finish its delta');
  return {
    simulatedSeconds: (runner.time.clock() - start) / 1000,
    getFindings: summary.calls.getFindings,
    batchImportFindings: summary.calls.batchImportFindings,
    stateSaves: summary.calls.stateSaves,
    imported: summary.imported,
    throttled: runner.hub.calls.throttled - throttledBefore,
  };
}

/** The per-finding design's calls and rate-limited seconds for `failures` (at 3 and 10 calls a second). */
function before(failures: number, latencySeconds: number) {
  const sweep = 1;
  const lookups = Math.ceil(failures / 20);
  const imports = Math.ceil(failures / 100);
  const steadySweep = Math.ceil(failures / 100);
  return {
    first: {
      calls: sweep + lookups + imports,
      seconds: Math.round((sweep + lookups) / 3 + imports * Math.max(0.1, latencySeconds)),
    },
    steady: { calls: steadySweep, seconds: Math.round(steadySweep / 3) },
  };
}

export async function simulatePublishing(size: SizeName, latencyMs = 100): Promise<PublishSimulation> {
  const collectedAt = '2026-11-28T00:00:00.000Z';
  const snapshot = generateSnapshot(size, { collectedAt });
  const report = evaluate(snapshot, defaultConfig(), RULES);
  const failures = report.results.filter((r) => r.status === 'FAILED').length;
  const runner = new PublishRunner(latencyMs);
  const t0 = Date.parse(collectedAt) + 5 * 60 * 1000;
  const first = await timed(runner, report, new Date(t0));
  // An hour later, nothing changed (the same data, observed again).
  const again = { ...report, collectedAt: new Date(Date.parse(collectedAt) + HOUR).toISOString() };
  const steady = await timed(runner, again, new Date(t0 + HOUR));
  return { size, failures, first, steady, before: before(failures, latencyMs / 1000) };
}

export function describe(s: PublishSimulation): string {
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(2)}%`;
  const calls = (r: RunFigures) => r.getFindings + r.batchImportFindings;
  return [
    `Security Hub publishing, ${s.size} (${s.failures} failures), simulated at the documented rates:`,
    table([
      [
        'run',
        'seconds',
        'GetFindings',
        'BatchImport',
        'state saves',
        'throttled',
        'before: calls',
        'before: s',
      ],
      [
        'first',
        s.first.simulatedSeconds.toFixed(1),
        String(s.first.getFindings),
        String(s.first.batchImportFindings),
        String(s.first.stateSaves),
        String(s.first.throttled),
        String(s.before.first.calls),
        String(s.before.first.seconds),
      ],
      [
        'steady',
        s.steady.simulatedSeconds.toFixed(1),
        String(s.steady.getFindings),
        String(s.steady.batchImportFindings),
        String(s.steady.stateSaves),
        String(s.steady.throttled),
        String(s.before.steady.calls),
        String(s.before.steady.seconds),
      ],
    ]),
    `steady state: ${calls(s.steady)} Security Hub calls, ${pct(calls(s.steady), s.before.steady.calls)} of before`,
  ].join('\n');
}

/** One line for `npm run bench`: the last saved simulation (it takes minutes at L, so it is not rerun there). */
export function savedPublishingLine(file = resolve(__dirname, 'results', 'publish-simulation.json')): string {
  if (!existsSync(file))
    return 'Security Hub publishing: not simulated yet (npx tsx bench/publish-simulation.ts)';
  const s = JSON.parse(readFileSync(file, 'utf8')) as PublishSimulation;
  const steadyCalls = s.steady.getFindings + s.steady.batchImportFindings;
  return (
    `Security Hub publishing at ${s.size} (${s.failures} failures, simulated at the documented rates; ` +
    `bench/publish-simulation.ts): first run ${s.first.simulatedSeconds.toFixed(1)} s, ` +
    `${s.first.batchImportFindings} imports (before: ${s.before.first.seconds} s); steady run ` +
    `${s.steady.simulatedSeconds.toFixed(1)} s, ${steadyCalls} call(s), ` +
    `${((100 * steadyCalls) / s.before.steady.calls).toFixed(2)}% of before`
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'L' },
      latency: { type: 'string', default: '100' },
      'no-write': { type: 'boolean' },
    },
  });
  const size = values.size ?? 'L';
  if (!isSizeName(size)) throw new Error(`--size: "${size}" is not S, M or L`);
  const result = await simulatePublishing(size, Number(values.latency));
  process.stdout.write(`${describe(result)}\n`);
  if (!values['no-write']) {
    const dir = resolve(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'publish-simulation.json'), `${JSON.stringify(result, null, 2)}\n`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
