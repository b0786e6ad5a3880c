import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './stats';

/** One `node <cli> scan --snapshot FILE --format json` as a user runs it, measured from outside. */
export interface ScanRun {
  wallMs: number;
  /** The child's own figures, written by the preload at exit (absent if it died before). */
  maxRssMb?: number;
  /** CPU time of the whole process (every thread: the GC helpers too), user and system. */
  userMs?: number;
  systemMs?: number;
  exitCode: number | null;
  /** The first lines of stderr that say what went wrong, when the exit code is not 0. */
  error?: string;
}

/**
 * Writes the preload that reports a scan's peak memory and CPU time at exit, into `dir`, and returns its
 * path. A preload, not a wrapper, so the measured process is exactly the CLI.
 */
export function writeScanPreload(dir: string): string {
  const preload = join(dir, 'scan-preload.js');
  writeFileSync(
    preload,
    "process.on('exit', () => { const f = process.env.BENCH_SCAN_FILE; if (!f) return; " +
      'const u = process.resourceUsage(); ' +
      "require('fs').writeFileSync(f, JSON.stringify({ maxRss: u.maxRSS, user: u.userCPUTime, system: u.systemCPUTime })); });\n",
  );
  return preload;
}

export function scanOnce(cli: string, file: string, preload: string, cwd: string): ScanRun {
  const out = `${preload}.${process.pid}.json`;
  rmSync(out, { force: true });
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--require', preload, cli, 'scan', '--snapshot', file, '--format', 'json'],
    {
      cwd,
      env: { ...process.env, BENCH_SCAN_FILE: out },
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const wallMs = performance.now() - t;
  const run: ScanRun = { wallMs: Math.round(wallMs), exitCode: r.status };
  if (existsSync(out)) {
    const usage = JSON.parse(readFileSync(out, 'utf8')) as { maxRss: number; user: number; system: number };
    run.maxRssMb = Math.round(usage.maxRss / 1024);
    run.userMs = Math.round(usage.user / 1000);
    run.systemMs = Math.round(usage.system / 1000);
    rmSync(out, { force: true });
  }
  // 0: no failure at or above --fail-on (none given); anything else is a broken scan.
  if (r.status !== 0) {
    const lines = r.stderr.split('\n').filter((line) => /Error|Cannot|netaudit:/.test(line));
    run.error = (lines.slice(0, 2).join(' | ') || `exit ${r.status}`).slice(0, 300);
  }
  return run;
}

/** Several scans of one CLI and snapshot, as the benchmark reports them. */
export interface ScanSummary {
  medianWallMs: number;
  /** CPU time of the scan process (all threads), median: it moves less than wall time on a busy machine. */
  medianCpuMs?: number;
  peakRssMb: number;
  /** The last run's exit code, and the first error any run reported. */
  exitCode: number | null;
  error?: string;
}

export function summarizeScans(runs: readonly ScanRun[]): ScanSummary {
  const cpu = runs.flatMap((r) => (r.userMs === undefined ? [] : [r.userMs + (r.systemMs ?? 0)]));
  const error = runs.find((r) => r.error)?.error;
  return {
    medianWallMs: Math.round(median(runs.map((r) => r.wallMs))),
    ...(cpu.length > 0 ? { medianCpuMs: Math.round(median(cpu)) } : {}),
    peakRssMb: Math.max(...runs.map((r) => r.maxRssMb ?? 0)),
    exitCode: runs.at(-1)?.exitCode ?? null,
    ...(error ? { error } : {}),
  };
}
