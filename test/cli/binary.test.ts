import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

/**
 * The packaged `netaudit` binary, bundled exactly as scripts/build-cli.mjs does it, run as a user
 * would: a separate process, real exit codes, nothing mocked.
 */
const root = join(__dirname, '..', '..');
const bin = join(mkdtempSync(join(tmpdir(), 'netaudit-bin-')), 'netaudit.js');

beforeAll(() => {
  buildSync({
    entryPoints: [join(root, 'lambda/cli/main.ts')],
    bundle: true,
    platform: 'node',
    mainFields: ['module', 'main'],
    target: 'node20',
    outfile: bin,
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'silent',
  });
});

function netaudit(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

describe('the netaudit binary', () => {
  it('audits the demo (npm run demo) and exits 0', () => {
    const run = netaudit('scan', '--snapshot', 'examples/demo.json');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('CRITICAL');
    expect(run.stderr).toBe('');
  });

  it('exits 1 with --fail-on HIGH on the demo', () => {
    expect(netaudit('scan', '--snapshot', 'examples/demo.json', '--fail-on', 'HIGH').status).toBe(1);
  });

  it('exits 2 with one line on a missing file', () => {
    const run = netaudit('scan', '--snapshot', 'missing.json');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('netaudit: snapshot file not found: missing.json\n');
  });

  it('prints its version and help', () => {
    expect(netaudit('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = netaudit('--help');
    expect(help.status).toBe(0);
    for (const command of ['scan', 'explain', 'snapshot', 'rules']) expect(help.stdout).toContain(command);
  });
});
