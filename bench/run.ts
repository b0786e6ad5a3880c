import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleCli, bundleHandler, type BundleReport } from './bundle';
import { DEFAULT_SEED, isSizeName, SIZES, type SizeName } from './generate';
import { summarizeProfile, type ProfileSummary } from './profile';
import type { PathsBench } from './paths';
import { savedPublishingLine } from './publish-simulation';
import { scanOnce, summarizeScans, writeScanPreload, type ScanRun, type ScanSummary } from './scan-cli';
import { median } from './stats';
import { table } from './table';
import type { GenerateResult, MeasureResult } from './worker';

/**
 * `npm run bench -- [--sizes S,M,L] [--runs 5] [--scan-runs 3] [--cold-runs 7] [--seed N]
 *                   [--no-scan] [--no-bundle] [--no-write] [--cpu-prof]`
 *
 * For each size, in a fresh child process per size (so peak RSS figures do not mix): several runs of
 * load (JSON.parse + validateSnapshot), index, full evaluation (every rule, with a time per rule) and
 * ASFF mapping, as medians. Then the whole `netaudit scan --snapshot FILE --format json` as a child
 * process (the CLI bundled with esbuild), the Lambda bundle size and its cold load time. Prints tables
 * and writes bench/results/<date>-<sha>.json and bench/results/latest.json.
 */

const ROOT = resolve(__dirname, '..');
const WORKER = join(ROOT, 'bench', 'worker.ts');
const RESULTS = join(ROOT, 'bench', 'results');

interface Options {
  sizes: SizeName[];
  runs: number;
  scanRuns: number;
  coldRuns: number;
  seed: number;
  scan: boolean;
  bundle: boolean;
  write: boolean;
  cpuProf: boolean;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: 'S,M,L' },
      runs: { type: 'string', default: '5' },
      'scan-runs': { type: 'string', default: '3' },
      'cold-runs': { type: 'string', default: '7' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      'no-scan': { type: 'boolean', default: false },
      'no-bundle': { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map((s) => s.trim().toUpperCase());
  for (const s of sizes) if (!isSizeName(s)) throw new Error(`unknown size ${s}: use S, M, L`);
  const count = (v: string, name: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  return {
    sizes: sizes as SizeName[],
    runs: count(values.runs, 'runs'),
    scanRuns: count(values['scan-runs'], 'scan-runs'),
    coldRuns: count(values['cold-runs'], 'cold-runs'),
    seed: count(values.seed, 'seed'),
    scan: !values['no-scan'],
    bundle: !values['no-bundle'],
    write: !values['no-write'],
    cpuProf: values['cpu-prof'],
  };
}

/** bench/paths.ts in a child process of its own (a fresh heap, as one explain or audit would have). */
function benchPathsIn(file: string | undefined): PathsBench | undefined {
  if (!file) return undefined;
  const out = join(tmpdir(), 'netaudit-bench', 'paths.json');
  rmSync(out, { force: true });
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'paths.ts'), file, out], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return r.status === 0 && existsSync(out)
    ? (JSON.parse(readFileSync(out, 'utf8')) as PathsBench)
    : undefined;
}

function git(args: string[]): string {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

/** Runs the worker in a fresh node process and returns its JSON result. */
function worker<T>(args: string[], out: string, nodeFlags: string[] = []): T {
  rmSync(out, { force: true });
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', ...nodeFlags, WORKER, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0 || !existsSync(out))
    throw new Error(`worker ${args[0]} ${args[1]} failed (${r.status})`);
  return JSON.parse(readFileSync(out, 'utf8')) as T;
}

/** What a generated snapshot depends on: the generator, and how the collector keeps an instance. */
const GENERATOR_SOURCES = ['bench/generate.ts', 'bench/generate-hybrid.ts', 'lambda/snapshot/instances.ts'];

/** A digest of the generator's sources: figures are comparable across commits only for the same version. */
function generatorVersion(): string {
  const hash = createHash('sha256');
  for (const file of GENERATOR_SOURCES) hash.update(readFileSync(join(ROOT, file)));
  return hash.digest('hex').slice(0, 10);
}

/** The snapshot file of a size, generated once per generator version and seed and reused after that. */
function snapshotFile(
  dir: string,
  size: SizeName,
  seed: number,
): { file: string; generated?: GenerateResult } {
  const version = generatorVersion();
  const file = join(dir, `${size}-${seed}-${version}.json`);
  const meta = `${file}.meta.json`;
  if (existsSync(file) && existsSync(meta)) {
    return { file, generated: JSON.parse(readFileSync(meta, 'utf8')) as GenerateResult };
  }
  // Snapshots of an older generator (or another seed) are dropped: L alone is 230 MB.
  for (const stale of readdirSync(dir)) {
    if (stale.startsWith(`${size}-`) && !stale.startsWith(basename(file)))
      rmSync(join(dir, stale), { force: true });
  }
  const generated = worker<GenerateResult>(['generate', size, file, meta, String(seed)], meta);
  return { file, generated };
}

interface ScanResult extends ScanSummary {
  runs: number;
}

/** The whole CLI: `node netaudit.js scan --snapshot FILE --format json`, wall and CPU time, peak RSS. */
function scan(cli: string, preload: string, file: string, runs: number): ScanResult {
  const done: ScanRun[] = [];
  for (let i = 0; i < runs; i++) done.push(scanOnce(cli, file, preload, ROOT));
  return { runs, ...summarizeScans(done) };
}

interface ColdLoad {
  runs: number;
  medianMs: number;
  /** `node -e ""` in the same conditions: the part of the figure that is Node itself. */
  nodeBaselineMs: number;
  error?: string;
}

function coldLoad(bundle: string, runs: number): ColdLoad {
  const env = {
    ...process.env,
    AWS_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: 'netaudit-bench',
    POWERTOOLS_SERVICE_NAME: 'netaudit',
    POWERTOOLS_METRICS_NAMESPACE: 'NetAudit',
  };
  const time = (code: string): { ms: number; error?: string } => {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['-e', code], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    const ms = performance.now() - t;
    const why = r.stderr
      .split('\n')
      .filter((line) => /Error|Cannot/.test(line))
      .slice(0, 2)
      .join(' | ');
    return r.status === 0 ? { ms } : { ms, error: why.slice(0, 300) || `exit ${r.status}` };
  };
  const loads: number[] = [];
  const bases: number[] = [];
  let error: string | undefined;
  for (let i = 0; i < runs; i++) {
    bases.push(time('').ms);
    const r = time(`require(${JSON.stringify(bundle)})`);
    loads.push(r.ms);
    error ??= r.error;
  }
  return {
    runs,
    medianMs: Math.round(median(loads)),
    nodeBaselineMs: Math.round(median(bases)),
    ...(error ? { error } : {}),
  };
}

interface Target {
  name: string;
  target: string;
  value: string;
  met: boolean | null;
}

const fmt = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits);

function perK(ms: number | null, interfaces: number): number | null {
  return ms === null ? null : Math.round((ms / (interfaces / 1000)) * 100) / 100;
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const dir = join(tmpdir(), 'netaudit-bench');
  mkdirSync(dir, { recursive: true });
  const started = new Date();
  const sha = git(['rev-parse', '--short', 'HEAD']) || 'nogit';
  const dirty = git(['status', '--porcelain', '--', 'lambda']).split('\n').filter(Boolean).length;
  process.stderr.write(
    `netaudit bench @ ${sha}${dirty ? ` (+${dirty} uncommitted lambda/ paths)` : ''}, node ${process.version}, ` +
      `${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}\n`,
  );

  const sizes: Record<
    string,
    MeasureResult & { generated?: GenerateResult; scan?: ScanResult; file: string; profile?: ProfileSummary }
  > = {};
  const cli = opts.scan
    ? await bundleCli(join(ROOT, 'node_modules', '.netaudit-bench', 'netaudit.js'))
    : undefined;
  const preload = writeScanPreload(dir);
  for (const size of opts.sizes) {
    process.stderr.write(`${size}: generating... `);
    const { file, generated } = snapshotFile(dir, size, opts.seed);
    process.stderr.write(`measuring ${opts.runs} runs... `);
    const profDir = join(dir, `prof-${size}`);
    if (opts.cpuProf) {
      rmSync(profDir, { recursive: true, force: true });
      mkdirSync(profDir, { recursive: true });
    }
    const measured = worker<MeasureResult>(
      ['measure', size, file, join(dir, `measure-${size}.json`), String(opts.runs)],
      join(dir, `measure-${size}.json`),
      opts.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [],
    );
    const profile = opts.cpuProf ? summarizeProfile(profDir, 20) : undefined;
    let scanned: ScanResult | undefined;
    if (cli) {
      process.stderr.write(`scan ×${opts.scanRuns}... `);
      scanned = scan(cli, preload, file, opts.scanRuns);
    }
    process.stderr.write('done\n');
    sizes[size] = {
      ...measured,
      file,
      ...(generated ? { generated } : {}),
      ...(scanned ? { scan: scanned } : {}),
      ...(profile ? { profile } : {}),
    };
  }
  // The CLI was bundled inside node_modules only so that the SDK it leaves out would resolve.
  if (cli) rmSync(dirname(cli), { recursive: true, force: true });

  let bundle: (BundleReport & { coldLoad: ColdLoad }) | { unavailable: string } | undefined;
  if (opts.bundle) {
    try {
      const built = await bundleHandler(dir);
      bundle = built
        ? { ...built, coldLoad: coldLoad(built.file, opts.coldRuns) }
        : { unavailable: 'not available yet (lambda/handlers/audit.ts has not landed)' };
    } catch (err) {
      bundle = { unavailable: `bundle failed: ${(err as Error).message.split('\n')[0]}` };
    }
  }

  // Growth from M to L (5× the data): time ratios per phase.
  const m = sizes.M;
  const l = sizes.L;
  const growth =
    m && l
      ? {
          dataRatio: Math.round((l.interfaces / m.interfaces) * 100) / 100,
          load: ratio(l.medianMs.load, m.medianMs.load),
          index: ratio(l.medianMs.index, m.medianMs.index),
          evaluate: ratio(l.medianMs.evaluate, m.medianMs.evaluate),
          indexPlusEvaluate: ratio(
            l.medianMs.index + l.medianMs.evaluate,
            m.medianMs.index + m.medianMs.evaluate,
          ),
          indexPlusEvaluateCpu: ratio(l.medianMs.indexEvaluateCpu, m.medianMs.indexEvaluateCpu),
          asff:
            l.medianMs.asff !== null && m.medianMs.asff !== null
              ? ratio(l.medianMs.asff, m.medianMs.asff)
              : null,
          scan: l.scan && m.scan ? ratio(l.scan.medianWallMs, m.scan.medianWallMs) : null,
        }
      : undefined;

  const targets: Target[] = [];
  if (l) {
    const ie = l.medianMs.index + l.medianMs.evaluate;
    targets.push({ name: 'L index + evaluate', target: '< 1000 ms', value: `${fmt(ie)} ms`, met: ie < 1000 });
    if (l.scan) {
      targets.push({
        name: 'L whole scan',
        target: '< 5000 ms',
        value: `${l.scan.medianWallMs} ms`,
        met: l.scan.exitCode === 0 && l.scan.medianWallMs < 5000,
      });
      targets.push({
        name: 'L scan peak RSS',
        target: '< 1536 MB',
        value: `${l.scan.peakRssMb} MB`,
        met: l.scan.peakRssMb < 1536,
      });
    }
  }
  if (growth) {
    targets.push({
      name: 'growth M→L (index + evaluate)',
      target: '≤ 6×',
      value: `${fmt(growth.indexPlusEvaluate, 2)}×`,
      met: growth.indexPlusEvaluate <= 6,
    });
  }
  // The path engine on the largest size: one explain after loading, and 1,000 declared paths in an audit.
  const largestSize = opts.sizes[opts.sizes.length - 1];
  const paths = largestSize ? benchPathsIn(sizes[largestSize]?.file) : undefined;
  if (paths && largestSize) {
    targets.push({
      name: `${largestSize} explain (after load)`,
      target: '< 50 ms',
      value: `${paths.explainMedianMs} ms (p95 ${paths.explainP95Ms} ms)`,
      met: paths.explainP95Ms < 50,
    });
    targets.push({
      name: `${largestSize} 1,000 declared paths`,
      target: '< 2000 ms',
      value: `${paths.declaredMs} ms`,
      met: paths.declaredMs < 2000,
    });
  }
  if (bundle && 'bytes' in bundle) {
    targets.push({
      name: 'Lambda bundle (minified)',
      target: '< 2 MB',
      value: `${(bundle.bytes / 1e6).toFixed(2)} MB`,
      met: bundle.bytes < 2_000_000,
    });
    targets.push({
      name: 'Lambda cold load',
      target: '< 300 ms',
      value: `${bundle.coldLoad.medianMs} ms`,
      met: !bundle.coldLoad.error && bundle.coldLoad.medianMs < 300,
    });
  }

  // Readable output.
  const names = Object.keys(sizes);
  const out: string[] = [];
  out.push(
    table([
      [
        'size',
        'ENIs',
        'MB',
        'load',
        'index',
        'evaluate',
        'cpu',
        'gc',
        'asff',
        'idx+eval/1k',
        'all/1k',
        'peak RSS',
        'scan',
        'scan cpu',
        'scan RSS',
      ],
      ...names.map((n) => {
        const r = sizes[n]!;
        const all = r.medianMs.load + r.medianMs.index + r.medianMs.evaluate + (r.medianMs.asff ?? 0);
        return [
          n,
          String(r.interfaces),
          fmt(r.bytes / 1e6, 1),
          `${fmt(r.medianMs.load)} ms`,
          `${fmt(r.medianMs.index)} ms`,
          `${fmt(r.medianMs.evaluate)} ms`,
          `${fmt(r.medianMs.indexEvaluateCpu)} ms`,
          `${fmt(r.medianMs.indexEvaluateGc)} ms`,
          r.medianMs.asff === null ? 'not available yet' : `${fmt(r.medianMs.asff)} ms`,
          `${fmt(perK(r.medianMs.index + r.medianMs.evaluate, r.interfaces), 1)} ms`,
          `${fmt(perK(all, r.interfaces), 1)} ms`,
          `${r.peakRssMb} MB`,
          r.scan
            ? `${r.scan.medianWallMs} ms${r.scan.exitCode === 0 ? '' : ` (exit ${r.scan.exitCode})`}`
            : '-',
          r.scan?.medianCpuMs === undefined ? '-' : `${r.scan.medianCpuMs} ms`,
          r.scan ? `${r.scan.peakRssMb} MB` : '-',
        ];
      }),
    ]),
  );
  out.push(
    `load = JSON.parse + validateSnapshot; cpu, gc: CPU time and GC pauses of index + evaluate; medians of ${opts.runs} runs; scan = CLI child process, median of ${opts.scanRuns} (scan cpu: its CPU time, all threads)`,
  );
  for (const n of names) {
    const r = sizes[n]!;
    out.push(
      `${n}: parse ${fmt(r.medianMs.parse)} ms + validate ${fmt(r.medianMs.validate)} ms; ${r.results.total} results, ${r.results.failed} failed, ${r.results.findings ?? 'n/a'} ASFF findings; engine overhead ${fmt(r.engineOverheadMs)} ms`,
    );
    for (const missing of r.missing) out.push(`  ${n}: not available yet: ${missing}`);
    if (r.scan?.error) out.push(`  ${n}: scan error: ${r.scan.error}`);
  }
  if (growth) {
    out.push(
      `growth M→L (${growth.dataRatio}× data): load ${growth.load}×, index ${growth.index}×, evaluate ${growth.evaluate}×, ` +
        `index+evaluate ${growth.indexPlusEvaluate}× (cpu ${growth.indexPlusEvaluateCpu}×), asff ${growth.asff ?? 'n/a'}×, scan ${growth.scan ?? 'n/a'}×`,
    );
  }
  // Per-rule breakdown: the rules of the largest size, slowest first.
  const largest = sizes[names[names.length - 1]!];
  if (largest && largest.rules.length > 0) {
    out.push('');
    const top = largest.rules.slice(0, 15);
    out.push(
      table([
        [
          'rule',
          ...names.map((n) => `${n} ms`),
          `${largest.size} of which GC`,
          `${largest.size} ms/1k ENI`,
          `${largest.size} results`,
          `${largest.size} failed`,
        ],
        ...top.map((rule) => [
          rule.id,
          ...names.map((n) => fmt(sizes[n]!.rules.find((x) => x.id === rule.id)?.medianMs, 1)),
          fmt(rule.medianGcMs, 1),
          fmt(perK(rule.medianMs, largest.interfaces), 2),
          String(rule.results),
          String(rule.failed),
        ]),
      ]),
    );
    const rest = largest.rules.slice(15).reduce((sum, r) => sum + r.medianMs, 0);
    out.push(
      `(${largest.rules.length - top.length} other rules: ${fmt(rest, 1)} ms together; NET.* share one reachability cache, built by the first NET rule to run)`,
    );
  }
  const profiled = largest?.profile;
  if (profiled && largest) {
    out.push('');
    out.push(
      `CPU profile of ${largest.size} (all ${opts.runs} runs, load included; timings above are slowed by profiling): ` +
        `${fmt(profiled.totalMs)} ms sampled, garbage collector ${fmt(profiled.gcMs)} ms (${fmt((100 * profiled.gcMs) / profiled.totalMs)}%)`,
    );
    out.push(
      table([
        ['function (lambda/)', 'file', 'inclusive ms', 'self ms'],
        ...profiled.top.map((f) => [f.fn, f.file, fmt(f.inclusiveMs), fmt(f.selfMs)]),
      ]),
    );
  }
  out.push('');
  if (bundle && 'bytes' in bundle) {
    out.push(
      `Lambda bundle: ${(bundle.bytes / 1e6).toFixed(2)} MB minified (${bundle.packages} packages); cold load ${bundle.coldLoad.medianMs} ms median of ${bundle.coldLoad.runs} (node alone ${bundle.coldLoad.nodeBaselineMs} ms)${bundle.coldLoad.error ? `; load error: ${bundle.coldLoad.error}` : ''}`,
    );
    out.push(`  top: ${bundle.top.map((c) => `${c.name} ${(c.bytes / 1024).toFixed(0)} KB`).join(', ')}`);
  } else if (bundle) out.push(`Lambda bundle: ${bundle.unavailable}`);
  if (targets.length > 0) {
    out.push('');
    out.push(
      table([
        ['target', 'goal', 'measured', 'met'],
        ...targets.map((t) => [t.name, t.target, t.value, t.met === null ? '?' : t.met ? 'yes' : 'NO']),
      ]),
    );
  }
  out.push('', savedPublishingLine());
  process.stdout.write(`\n${out.join('\n')}\n`);

  if (opts.write) {
    const result = {
      meta: {
        date: started.toISOString(),
        git: sha,
        uncommittedLambdaPaths: dirty,
        generator: generatorVersion(),
        node: process.version,
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        loadAverageAtStart: Math.round(loadavg()[0]! * 10) / 10,
        options: opts,
        sizes: Object.fromEntries(opts.sizes.map((s) => [s, SIZES[s]])),
      },
      sizes: Object.fromEntries(
        names.map((n) => {
          const { file: _file, ...rest } = sizes[n]!;
          return [
            n,
            {
              ...rest,
              perThousandInterfacesMs: {
                load: perK(rest.medianMs.load, rest.interfaces),
                index: perK(rest.medianMs.index, rest.interfaces),
                evaluate: perK(rest.medianMs.evaluate, rest.interfaces),
                asff: perK(rest.medianMs.asff, rest.interfaces),
              },
            },
          ];
        }),
      ),
      growthMtoL: growth ?? null,
      bundle: bundle ?? null,
      targets,
      ...(paths ? { paths } : {}),
    };
    mkdirSync(RESULTS, { recursive: true });
    const name = `${started.toISOString().slice(0, 10)}-${sha}.json`;
    const text = `${JSON.stringify(result, null, 2)}\n`;
    writeFileSync(join(RESULTS, name), text);
    writeFileSync(join(RESULTS, 'latest.json'), text);
    process.stdout.write(`\nwrote bench/results/${name} and bench/results/latest.json\n`);
  }
}

function ratio(a: number, b: number): number {
  return Math.round((a / b) * 100) / 100;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
