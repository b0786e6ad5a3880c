import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import { cliBundleOptions } from '../../scripts/cli-bundle.cjs';
import { NetworkBuilder } from '../support/network-builder';
import { tcp } from '../support/permissions';

/**
 * The packaged `netaudit` binary, bundled exactly as scripts/build-cli.mjs does it, run as a user
 * would: a separate process, real exit codes, nothing mocked. It is built inside the project, as dist/ is,
 * so that the AWS SDK it leaves out resolves from node_modules.
 */
const root = join(__dirname, '..', '..');
const bin = join(mkdtempSync(join(root, 'node_modules', '.netaudit-bin-')), 'netaudit.js');

beforeAll(() => {
  buildSync({ ...cliBundleOptions(root, bin), sourcemap: false, logLevel: 'silent' });
});
afterAll(() => rmSync(dirname(bin), { recursive: true, force: true }));

function netaudit(...args: string[]) {
  return netauditWith({}, ...args);
}

function netauditWith(env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
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

  it('loads the AWS SDK from node_modules for a live scan (here refused by a closed local port)', () => {
    const run = netauditWith(
      {
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_MAX_ATTEMPTS: '1',
      },
      'scan',
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('netaudit: cannot identify the AWS account (ECONNREFUSED)');
  });

  it('ends quietly when its reader stops early (| head), with the exit code the audit earned', () => {
    // Megabytes of output, far more than a pipe holds, so the CLI is still writing when head exits.
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-1', flowLog: true });
    for (let i = 0; i < 3000; i++)
      net.securityGroup({ vpc, id: `sg-open-${i}`, ingress: [tcp(22).from('0.0.0.0/0')] });
    const snapshot = join(dirname(bin), 'exposed.json');
    writeFileSync(snapshot, JSON.stringify(net.snapshot()));
    const piped = (...args: string[]) =>
      spawnSync(
        'bash',
        [
          '-c',
          '"$@" | head -n 2 >/dev/null; echo "${PIPESTATUS[0]}"',
          'bash',
          process.execPath,
          bin,
          ...args,
        ],
        {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
    for (const format of ['json', 'asff', 'sarif', 'table']) {
      const run = piped('scan', '--snapshot', snapshot, '--format', format);
      expect({ format, stderr: run.stderr, code: run.stdout.trim() }).toEqual({
        format,
        stderr: '',
        code: '0',
      });
    }
    const failing = piped('scan', '--snapshot', snapshot, '--format', 'json', '--fail-on', 'HIGH');
    expect({ stderr: failing.stderr, code: failing.stdout.trim() }).toEqual({ stderr: '', code: '1' });
  });
});
