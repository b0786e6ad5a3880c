import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runInThisContext } from 'node:vm';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { NetAuditOrgStack } from '../../../lib/org/netaudit-org-stack';
import type { OrgHandler } from '../../../lib/org/organization-auditor';
import { cdkJsonContext } from '../support';
import { ORG_ID } from './support';

/**
 * The organization handlers as Lambda runs them: synthesized with the real esbuild bundling, each
 * index.js loaded by Node's own loader (not Jest's) with the environment the template gives it. No AWS
 * call is made: the steps run here are pure, or fail on their input before any call.
 */

type Handler = (event: unknown) => Promise<unknown>;

describe('the bundled organization handlers', () => {
  let outdir: string;
  const handlers = {} as Record<OrgHandler, Handler>;
  let realEnv: NodeJS.ProcessEnv;
  let savedEnv: NodeJS.ProcessEnv;

  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'netaudit-org-bundle-'));
    const app = new App({ outdir, context: cdkJsonContext() });
    const stack = new NetAuditOrgStack(app, 'NetAuditOrg', {
      organizationId: ORG_ID,
      regions: ['us-east-1'],
    });
    const assembly = app.synth();
    const manifest = JSON.parse(
      readFileSync(path.join(assembly.directory, `${stack.artifactId}.assets.json`), 'utf8'),
    ) as { files: Record<string, { source: { path: string } }> };
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');

    const nodeProcess = runInThisContext('process') as NodeJS.Process;
    const nativeRequire = nodeProcess.getBuiltinModule('node:module').createRequire(__filename);
    realEnv = nodeProcess.env;
    savedEnv = { ...realEnv };
    for (const fn of Object.values(functions)) {
      const name = String(fn.Properties.Description).replace('NetAudit organization run: ', '') as OrgHandler;
      const asset = manifest.files[String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')]!;
      // Each module reads its environment once, when loaded: give it the function's own.
      for (const [key, value] of Object.entries(
        fn.Properties.Environment.Variables as Record<string, unknown>,
      )) {
        realEnv[key] = typeof value === 'string' ? value : 'arn:aws:sns:us-east-1:999999999999:alerts';
      }
      Object.assign(realEnv, { AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT' });
      const bundle = nativeRequire(path.join(assembly.directory, asset.source.path, 'index.js')) as {
        handler: Handler;
      };
      handlers[name] = async (event) => JSON.parse(JSON.stringify(await bundle.handler(event)));
    }
  }, 180_000);

  afterAll(() => {
    if (realEnv) {
      for (const key of Object.keys(realEnv)) if (!(key in savedEnv)) delete realEnv[key];
      Object.assign(realEnv, savedEnv);
    }
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('load, one per step, each exporting its handler', () => {
    expect(Object.keys(handlers).sort()).toEqual([
      'accountSummary',
      'auditTarget',
      'listTargets',
      'summarize',
    ]);
  });

  it('reduce an account the way the state machine hands it over, a caught failure included', async () => {
    const account = await handlers.accountSummary({
      results: [
        {
          accountId: '222222222222',
          account: { accountId: '222222222222', accountName: 'prod' },
          region: 'us-east-1',
          status: 'AUDITED',
          accountName: 'prod',
          bySeverity: { HIGH: 2 },
        },
        {
          accountId: '222222222222',
          region: 'eu-west-1',
          status: 'FAILED',
          error: { name: 'Sandbox.Timedout', message: 'Task timed out after 300.00 seconds' },
        },
      ],
    });

    expect(account).toEqual({
      accountId: '222222222222',
      accountName: 'prod',
      targets: 2,
      audited: 1,
      open: [0, 2, 0, 0, 0],
      failed: [{ regions: ['eu-west-1'], error: 'Sandbox.Timedout: Task timed out after 300.00 seconds' }],
    });
  });

  it('reject a target that is not an account and a region before any AWS call', async () => {
    await expect(handlers.auditTarget({ accountId: 'nope', region: 'us-east-1' })).rejects.toThrow(
      /audit target: unexpected event/,
    );
  });
});
