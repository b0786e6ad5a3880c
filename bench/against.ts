import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, isSizeName, type SizeName } from './generate';
import { bundleCli } from './bundle';
import { indexEvaluateOnce, type IndexEvaluateRun } from './index-evaluate';
import { scanOnce, summarizeScans, writeScanPreload, type ScanRun } from './scan-cli';
import { median, perTurnChange } from './stats';
import { table } from './table';

/**
 * `npm run bench:against -- <git ref> [--size L] [--runs 5] [--seed N] [--own-snapshots] [--evaluate]
 *   [--no-write]`
 *
 * The whole `netaudit scan --snapshot FILE --format json` of this checkout and of another commit, run by
 * turns (this, that, this, that...), so both see the same machine: on a shared machine wall times drift by
 * a quarter over an hour, and figures recorded at different times do not compare. With `--evaluate`, one
 * audit's index + evaluate instead (every result kept, cold, a fresh process per run: bench/index-evaluate.ts). The other commit is
 * checked out in a temporary git worktree and bundled exactly as this one (scripts/cli-bundle.cjs).
 * By default both scan the snapshot this checkout's generator writes, which isolates the code; with
 * `--own-snapshots` each scans the one its own generator writes (a change to the snapshot format counts).
 * Writes bench/results/<date>-<sha>-vs-<sha>-<size>[-own-snapshots][-evaluate].json.
 */

const ROOT = resolve(__dirname, '..');
const RESULTS = join(ROOT, 'bench', 'results');

interface Side {
  label: string;
  sha: string;
  root: string;
  cli: string;
  snapshot: string;
  runs: ScanRun[];
  evaluations: IndexEvaluateRun[];
}

function run(command: string, args: string[], cwd = ROOT): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${(r.stderr || r.stdout).trim()}`);
  }
  return r.stdout.trim();
}

function options(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      size: { type: 'string', default: 'L' },
      runs: { type: 'string', default: '5' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      'own-snapshots': { type: 'boolean', default: false },
      evaluate: { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const ref = positionals[0];
  if (!ref || positionals.length > 1) throw new Error('give one git ref to compare with, e.g. HEAD~5');
  const size = values.size.toUpperCase();
  if (!isSizeName(size)) throw new Error(`unknown size ${values.size}: use S, M or L`);
  const runs = Number(values.runs);
  const seed = Number(values.seed);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
  if (!Number.isInteger(seed) || seed < 1) throw new Error('--seed must be a positive integer');
  return {
    ref,
    size: size as SizeName,
    runs,
    seed,
    ownSnapshots: values['own-snapshots'],
    evaluate: values.evaluate,
    write: !values['no-write'],
  };
}

/** A snapshot written by the generator of the checkout at `root` (this one, or the other worktree). */
function generate(root: string, size: SizeName, seed: number, file: string): void {
  run(
    process.execPath,
    ['--import', 'tsx', join(root, 'bench', 'generate.ts'), size, file, '--seed', String(seed)],
    root,
  );
}

function summary(side: Side) {
  return {
    label: side.label,
    sha: side.sha,
    snapshot: side.snapshot,
    ...summarizeScans(side.runs),
    runs: side.runs,
  };
}

function evaluationSummary(side: Side) {
  const med = (pick: (r: IndexEvaluateRun) => number) => Math.round(median(side.evaluations.map(pick)));
  return {
    label: side.label,
    sha: side.sha,
    snapshot: side.snapshot,
    medianIndexMs: med((r) => r.indexMs),
    medianEvaluateMs: med((r) => r.evaluateMs),
    medianIndexEvaluateMs: med((r) => r.indexMs + r.evaluateMs),
    medianCpuMs: med((r) => r.cpuMs),
    results: side.evaluations[0]?.results ?? 0,
    runs: side.evaluations,
  };
}

const percent = (fraction: number) =>
  Number.isNaN(fraction) ? '-' : `${fraction > 0 ? '+' : ''}${Math.round(fraction * 100)}%`;
const change = (a: number, b: number) => percent((a - b) / b);

/** One side's runs as lists by turn: wall time, and CPU time where the child reported it. */
function runsOf(side: Side): { wall: number[]; cpu: (number | undefined)[] } {
  return {
    wall: side.runs.map((r) => r.wallMs),
    cpu: side.runs.map((r) => (r.userMs === undefined ? undefined : r.userMs + (r.systemMs ?? 0))),
  };
}

/** Where both CLIs are bundled: inside this project, so the SDK they leave out resolves. */
const BUNDLES = join(ROOT, 'node_modules', '.netaudit-bench');

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const thisSha = run('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = run('git', ['status', '--porcelain', '--', 'lambda']).split('\n').filter(Boolean).length;
  const thatSha = run('git', ['rev-parse', '--short', `${opts.ref}^{commit}`]);
  const work = mkdtempSync(join(tmpdir(), 'netaudit-against-'));
  const tree = join(work, 'tree');
  process.stderr.write(
    `netaudit bench: ${thisSha}${dirty ? ' (+ uncommitted lambda/)' : ''} against ${thatSha}\n`,
  );
  try {
    run('git', ['worktree', 'add', '--detach', tree, thatSha]);
    // The other commit's dependencies are taken to be this checkout's (the SDK and esbuild rarely matter).
    if (!existsSync(join(tree, 'node_modules')))
      symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));

    process.stderr.write(`generating ${opts.size}... `);
    const ours = join(work, `${opts.size}-${thisSha}.json`);
    generate(ROOT, opts.size, opts.seed, ours);
    let theirs = ours;
    if (opts.ownSnapshots) {
      theirs = join(work, `${opts.size}-${thatSha}.json`);
      generate(tree, opts.size, opts.seed, theirs);
    }
    process.stderr.write('bundling... ');
    const sides: Side[] = [
      {
        label: 'this',
        sha: thisSha,
        root: ROOT,
        cli: opts.evaluate ? '' : await bundleCli(join(BUNDLES, 'this.js')),
        snapshot: ours,
        runs: [],
        evaluations: [],
      },
      {
        label: 'that',
        sha: thatSha,
        root: tree,
        cli: opts.evaluate ? '' : await bundleCli(join(BUNDLES, 'that.js'), tree),
        snapshot: theirs,
        runs: [],
        evaluations: [],
      },
    ];
    const preload = writeScanPreload(work);
    for (let i = 0; i < opts.runs; i++) {
      process.stderr.write(`run ${i + 1}/${opts.runs}... `);
      // Alternate which goes first, so neither always runs right after the other's file reads.
      for (const side of i % 2 === 0 ? sides : [...sides].reverse()) {
        if (opts.evaluate) {
          const result = indexEvaluateOnce(side.root, side.snapshot);
          if (result.error) throw new Error(`${side.sha} index + evaluate failed: ${result.error}`);
          side.evaluations.push(result);
          continue;
        }
        const result = scanOnce(side.cli, side.snapshot, preload, ROOT);
        if (result.error) throw new Error(`${side.sha} scan failed: ${result.error}`);
        side.runs.push(result);
      }
    }
    process.stderr.write('done\n');

    const label = `${opts.ownSnapshots ? 'its own snapshot' : 'same snapshot'}`;
    let report: string;
    let figures: { this: object; that: object; perTurnChange?: { wall: number; cpu: number } };
    if (opts.evaluate) {
      const [now, before] = sides.map(evaluationSummary) as [
        ReturnType<typeof evaluationSummary>,
        ReturnType<typeof evaluationSummary>,
      ];
      const row = (s: typeof now, name: string) => [
        name,
        `${s.medianIndexMs} ms`,
        `${s.medianEvaluateMs} ms`,
        `${s.medianIndexEvaluateMs} ms`,
        `${s.medianCpuMs} ms`,
      ];
      report = `${opts.size} index + evaluate (every result kept, cold), ${opts.runs} runs each, by turns:\n${table(
        [
          ['', 'index', 'evaluate', 'index + evaluate', 'cpu'],
          row(before, `${before.sha} (${label})`),
          row(now, now.sha),
          [
            'change',
            change(now.medianIndexMs, before.medianIndexMs),
            change(now.medianEvaluateMs, before.medianEvaluateMs),
            change(now.medianIndexEvaluateMs, before.medianIndexEvaluateMs),
            change(now.medianCpuMs, before.medianCpuMs),
          ],
        ],
      )}`;
      figures = { this: now, that: before };
    } else {
      const [now, before] = sides.map(summary) as [ReturnType<typeof summary>, ReturnType<typeof summary>];
      const [ours, theirs] = [runsOf(sides[0]!), runsOf(sides[1]!)];
      const perTurn = {
        wall: perTurnChange(ours.wall, theirs.wall),
        cpu: perTurnChange(ours.cpu, theirs.cpu),
      };
      report = `${opts.size} whole scan, ${opts.runs} runs each, by turns:\n${table([
        ['', 'wall (median)', 'cpu (median)', 'peak RSS'],
        [
          `${before.sha} (${label})`,
          `${before.medianWallMs} ms`,
          `${before.medianCpuMs ?? '-'} ms`,
          `${before.peakRssMb} MB`,
        ],
        [`${now.sha}`, `${now.medianWallMs} ms`, `${now.medianCpuMs ?? '-'} ms`, `${now.peakRssMb} MB`],
        [
          'change',
          change(now.medianWallMs, before.medianWallMs),
          change(now.medianCpuMs ?? NaN, before.medianCpuMs ?? NaN),
          change(now.peakRssMb, before.peakRssMb),
        ],
        ['change per turn (median)', percent(perTurn.wall), percent(perTurn.cpu), ''],
      ])}`;
      figures = { this: now, that: before, perTurnChange: perTurn };
    }
    process.stdout.write(`\n${report}\n`);

    if (opts.write) {
      const mode = `${opts.ownSnapshots ? '-own-snapshots' : ''}${opts.evaluate ? '-evaluate' : ''}`;
      // The size is in the name: an M run and an L run of one commit pair are two files.
      const name = `${new Date().toISOString().slice(0, 10)}-${thisSha}-vs-${thatSha}-${opts.size}${mode}.json`;
      mkdirSync(RESULTS, { recursive: true });
      const result = {
        date: new Date().toISOString(),
        node: process.version,
        size: opts.size,
        seed: opts.seed,
        ownSnapshots: opts.ownSnapshots,
        measured: opts.evaluate ? 'index + evaluate' : 'whole scan',
        uncommittedLambdaPaths: dirty,
        ...figures,
      };
      writeFileSync(join(RESULTS, name), `${JSON.stringify(result, null, 2)}\n`);
      process.stdout.write(`wrote bench/results/${name}\n`);
    }
  } finally {
    spawnSync('git', ['worktree', 'remove', '--force', tree], { cwd: ROOT });
    rmSync(work, { recursive: true, force: true });
    rmSync(BUNDLES, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`\nbench: ${(err as Error).message}\n`);
  process.exit(1);
});
