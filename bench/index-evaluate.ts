import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * One audit's index + evaluate (every rule, every result kept, as the Lambda runs it), cold, in a fresh
 * process, of the checkout at `root`: `bench:against --evaluate` runs it for this checkout and another
 * commit by turns. The script is this checkout's for both sides, so both are measured alike; it reads only
 * the engine's long-standing entry points (loadSnapshotFile, SnapshotIndex, evaluate, RULES, defaultConfig).
 *
 *   node --import tsx bench/index-evaluate.ts <root> <snapshot.json>   (prints the figures as JSON)
 */

export interface IndexEvaluateRun {
  indexMs: number;
  evaluateMs: number;
  /** CPU time of index + evaluate (user + system, every thread: the GC helpers too). */
  cpuMs: number;
  results: number;
  /** Set when the child failed: the first line of what it wrote to stderr. */
  error?: string;
}

const SELF = resolve(__filename);

/** Measures `root`'s index + evaluate of `snapshot` in a child process. */
export function indexEvaluateOnce(root: string, snapshot: string): IndexEvaluateRun {
  // Run from this checkout, where tsx is installed; the measured modules are imported by absolute path.
  const r = spawnSync(process.execPath, ['--import', 'tsx', SELF, root, snapshot], {
    cwd: resolve(__dirname, '..'),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) {
    const why = r.error?.message ?? r.stderr.split('\n').find((line) => line.trim()) ?? `exit ${r.status}`;
    return { indexMs: NaN, evaluateMs: NaN, cpuMs: NaN, results: 0, error: why.slice(0, 300) };
  }
  return JSON.parse(r.stdout) as IndexEvaluateRun;
}

async function measure(root: string, snapshot: string): Promise<IndexEvaluateRun> {
  const from = (path: string) => join(resolve(root), path);
  const { loadSnapshotFile } = (await import(
    from('lambda/snapshot/load')
  )) as typeof import('../lambda/snapshot/load');
  const { SnapshotIndex } = (await import(
    from('lambda/engine/snapshot-index')
  )) as typeof import('../lambda/engine/snapshot-index');
  const { evaluate } = (await import(
    from('lambda/engine/evaluate')
  )) as typeof import('../lambda/engine/evaluate');
  const { RULES } = (await import(
    from('lambda/rules/registry')
  )) as typeof import('../lambda/rules/registry');
  const { defaultConfig } = (await import(
    from('lambda/config/config')
  )) as typeof import('../lambda/config/config');
  const loaded = loadSnapshotFile(snapshot);
  const config = defaultConfig();
  const cpu = process.cpuUsage();
  let t = performance.now();
  const index = new SnapshotIndex(loaded);
  const indexMs = performance.now() - t;
  t = performance.now();
  const report = evaluate(loaded, config, RULES, index);
  const evaluateMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return {
    indexMs: Math.round(indexMs),
    evaluateMs: Math.round(evaluateMs),
    cpuMs: Math.round((used.user + used.system) / 1000),
    results: report.results.length,
  };
}

if (require.main === module) {
  const [root, snapshot] = process.argv.slice(2);
  if (!root || !snapshot) {
    process.stderr.write('usage: index-evaluate.ts <checkout root> <snapshot.json>\n');
    process.exit(2);
  }
  measure(root, snapshot).then(
    (run) => process.stdout.write(`${JSON.stringify(run)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
