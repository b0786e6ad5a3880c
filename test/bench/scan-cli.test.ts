import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanOnce, summarizeScans, writeScanPreload } from '../../bench/scan-cli';

/** A stand-in for the CLI: what the benchmark measures is the process, whatever it runs. */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'netaudit-scan-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fakeCli(body: string): string {
  const file = join(dir, 'cli.js');
  writeFileSync(file, body);
  return file;
}

describe('scanOnce', () => {
  it('reports the wall time and, from the child itself, its peak memory and CPU time', () => {
    const cli = fakeCli('const a = new Array(2e6).fill(1); process.stdout.write(String(a.length));\n');
    const run = scanOnce(cli, 'snapshot.json', writeScanPreload(dir), dir);

    expect(run.exitCode).toBe(0);
    expect(run.error).toBeUndefined();
    expect(run.wallMs).toBeGreaterThan(0);
    // A node process with a 16 MB array: tens of MB resident, some CPU time.
    expect(run.maxRssMb).toBeGreaterThan(20);
    expect(run.userMs).toBeGreaterThan(0);
    expect(run.systemMs).toBeGreaterThanOrEqual(0);
  });

  it('passes the scan arguments and keeps the lines of stderr that say what failed', () => {
    const cli = fakeCli(
      "if (process.argv.slice(2).join(' ') !== 'scan --snapshot s.json --format json') process.exit(9);\n" +
        "process.stderr.write('progress...\\nnetaudit: snapshot file not found: s.json\\n'); process.exit(2);\n",
    );
    const run = scanOnce(cli, 's.json', writeScanPreload(dir), dir);

    expect(run.exitCode).toBe(2);
    expect(run.error).toBe('netaudit: snapshot file not found: s.json');
  });
});

describe('summarizeScans', () => {
  it('takes medians of wall and CPU time (user + system), the peak RSS and the first error', () => {
    expect(
      summarizeScans([
        { wallMs: 300, userMs: 250, systemMs: 50, maxRssMb: 80, exitCode: 0 },
        { wallMs: 100, userMs: 90, systemMs: 10, maxRssMb: 90, exitCode: 2, error: 'netaudit: first' },
        { wallMs: 200, userMs: 150, systemMs: 30, maxRssMb: 70, exitCode: 2, error: 'netaudit: second' },
      ]),
    ).toEqual({ medianWallMs: 200, medianCpuMs: 180, peakRssMb: 90, exitCode: 2, error: 'netaudit: first' });
  });

  it('leaves the CPU time out when no run could report it', () => {
    expect(summarizeScans([{ wallMs: 10, exitCode: 1 }])).toEqual({
      medianWallMs: 10,
      peakRssMb: 0,
      exitCode: 1,
    });
  });
});
