import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runInThisContext } from 'node:vm';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Context } from 'aws-lambda';
import { DEFAULT_AUDIT_ENTRY } from '../../lib/audit-function';
import { NetAuditStack } from '../../lib/netaudit-stack';
import { auditReadActions } from '../../lib/network-auditor';
import { ACCOUNT_ID, GROUP_ID, REGION, startAwsStub, VPC_ID, type AwsStub } from './aws-stub';
import { cdkJsonContext } from './support';

/**
 * The one test that bundles: synth with the real esbuild bundling, load the index.js that would be
 * uploaded, and run its handler in-process against a local stub of AWS (the bundle carries its own SDK,
 * so mocking the SDK modules of this test would not reach it; AWS_ENDPOINT_URL does).
 */

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:netaudit-alerts`;
const PRODUCT_ARN = `arn:aws:securityhub:${REGION}:${ACCOUNT_ID}:product/${ACCOUNT_ID}/default`;
const HANDLER_PRESENT = existsSync(DEFAULT_AUDIT_ENTRY);

const lambdaContext: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'NetAudit-AuditorFunction',
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:NetAudit-AuditorFunction`,
  memoryLimitInMB: '1024',
  awsRequestId: 'bundled-handler-test',
  logGroupName: '/aws/lambda/NetAudit-AuditorFunction',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 300_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

const scheduledEvent = {
  version: '0',
  id: 'a6f1b1a8-0000-4000-8000-000000000001',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: ACCOUNT_ID,
  time: '2026-11-28T18:00:00Z',
  region: REGION,
  resources: [`arn:aws:events:${REGION}:${ACCOUNT_ID}:rule/NetAudit-AuditorSchedule`],
  detail: {},
};

const cloudTrailEvent = {
  version: '0',
  id: 'a6f1b1a8-0000-4000-8000-000000000002',
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.ec2',
  account: ACCOUNT_ID,
  time: '2026-11-28T18:05:00Z',
  region: REGION,
  resources: [],
  detail: {
    eventVersion: '1.08',
    eventTime: '2026-11-28T18:05:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'AuthorizeSecurityGroupIngress',
    awsRegion: REGION,
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: {
      groupId: GROUP_ID,
      ipPermissions: {
        items: [
          { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } },
        ],
      },
    },
    responseElements: { requestId: 'c0ffee00-0000-4000-8000-000000000000', _return: true },
  },
};

/** Synthesizes the stack with bundling into `outdir`; returns the bundle's directory and the function's env. */
function synthBundled(outdir: string): { bundleDir: string; environment: Record<string, unknown> } {
  const app = new App({ outdir, context: cdkJsonContext() });
  const stack = new NetAuditStack(app, 'NetAudit');
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
  const environment = (fn!.Properties.Environment.Variables ?? {}) as Record<string, unknown>;
  const s3Key = fn!.Properties.Code.S3Key as string;
  const manifest = JSON.parse(
    readFileSync(path.join(assembly.directory, `${stack.artifactId}.assets.json`), 'utf8'),
  ) as { files: Record<string, { source: { path: string } }> };
  const asset = manifest.files[s3Key.replace(/\.zip$/, '')];
  if (!asset) throw new Error(`no asset ${s3Key} in the assembly`);
  return { bundleDir: path.join(assembly.directory, asset.source.path), environment };
}

const describeBundled = HANDLER_PRESENT ? describe : describe.skip;
const title = HANDLER_PRESENT
  ? 'the bundled audit handler'
  : `the bundled audit handler (SKIPPED: ${path.relative(process.cwd(), DEFAULT_AUDIT_ENTRY)} does not exist yet)`;

describeBundled(title, () => {
  let outdir: string;
  let bundleDir: string;
  let stub: AwsStub;
  let handler: Handler;
  let realEnv: NodeJS.ProcessEnv;
  let savedEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    outdir = mkdtempSync(path.join(tmpdir(), 'netaudit-bundle-'));
    const bundled = synthBundled(outdir);
    bundleDir = bundled.bundleDir;
    const environment = bundled.environment;
    stub = await startAwsStub();

    // Node's own loader, not Jest's sandbox: the bundle is run as Lambda's Node.js runtime runs it,
    // including its dynamic import() of node:http, which Jest's vm contexts refuse.
    const nodeProcess = runInThisContext('process') as NodeJS.Process;
    const nativeRequire = nodeProcess.getBuiltinModule('node:module').createRequire(__filename);
    realEnv = nodeProcess.env;
    savedEnv = { ...realEnv };
    // The function's own environment from the template, with the topic's token replaced by an ARN.
    for (const [key, value] of Object.entries(environment)) {
      if (typeof value === 'string') realEnv[key] = value;
    }
    Object.assign(realEnv, {
      ALERT_TOPIC_ARN: TOPIC_ARN,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL: stub.endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_LAMBDA_FUNCTION_NAME: lambdaContext.functionName,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    delete realEnv.AWS_PROFILE;

    const bundle = nativeRequire(path.join(bundleDir, 'index.js')) as { handler: Handler };
    // Summaries cross from Node's realm into Jest's: compare them as plain JSON.
    handler = async (event, context) => JSON.parse(JSON.stringify(await bundle.handler(event, context)));
  }, 180_000);

  afterAll(async () => {
    if (realEnv) {
      for (const key of Object.keys(realEnv)) if (!(key in savedEnv)) delete realEnv[key];
      Object.assign(realEnv, savedEnv);
    }
    await stub?.close();
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  beforeEach(() => {
    stub.calls.length = 0;
  });

  const called = (service: string, action: string) =>
    stub.calls.filter((c) => c.service === service && c.action === action);

  /** Every call the run made is one the function's IAM policy grants, so none is denied in AWS. */
  const expectOnlyGrantedCalls = () => {
    const granted = new Set([
      ...auditReadActions(),
      'securityhub:GetFindings',
      'securityhub:BatchImportFindings',
      'sns:Publish',
    ]);
    const made = [...new Set(stub.calls.map((c) => `${c.service}:${c.action}`))];
    expect(made.filter((call) => !granted.has(call))).toEqual([]);
  };

  it('is one CommonJS file with its source map, carrying its own AWS SDK', () => {
    const code = readFileSync(path.join(bundleDir, 'index.js'), 'utf8');

    expect(typeof handler).toBe('function');
    expect(existsSync(path.join(bundleDir, 'index.js.map'))).toBe(true);
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
    // An external SDK would be a require() of the package left in the bundle (the "[require(" of an
    // SDK error message is text, not a call).
    expect(code.match(/(?<!\[)require\("@(aws-sdk|smithy)\/[^"]+"\)/g) ?? []).toEqual([]);
  });

  it('audits the whole region on a scheduled event and publishes its findings', async () => {
    const summary = await handler(scheduledEvent, lambdaContext);

    expect(summary).toMatchObject({
      target: 'region',
      accountId: ACCOUNT_ID,
      region: REGION,
      collectionErrors: 0,
    });
    expect(called('sts', 'GetCallerIdentity')).not.toHaveLength(0);
    expect(called('ec2', 'DescribeSecurityGroups')).not.toHaveLength(0);
    expect(called('securityhub', 'GetFindings')).not.toHaveLength(0);
    const imported = called('securityhub', 'BatchImportFindings').flatMap(
      (c) => (c.params.Findings as { ProductArn: string; AwsAccountId: string }[]) ?? [],
    );
    expect(imported.length).toBeGreaterThan(0);
    // The only product the function's IAM policy lets it import as.
    for (const finding of imported)
      expect(finding).toMatchObject({ ProductArn: PRODUCT_ARN, AwsAccountId: ACCOUNT_ID });
    expect(called('sns', 'Publish').map((c) => c.params.TopicArn)).toEqual([TOPIC_ARN]);
    expectOnlyGrantedCalls();
  }, 120_000);

  it('audits the VPC a CloudTrail event touched', async () => {
    const summary = await handler(cloudTrailEvent, lambdaContext);

    expect(summary).toMatchObject({
      target: 'vpcs',
      vpcIds: [VPC_ID],
      accountId: ACCOUNT_ID,
      collectionErrors: 0,
    });
    // Collection is scoped: the subnets it reads are filtered to the VPC of the changed group.
    expect(called('ec2', 'DescribeSubnets').map((c) => Object.values(c.params))).toEqual([
      expect.arrayContaining(['vpc-id', VPC_ID]),
    ]);
    expect(called('securityhub', 'GetFindings')).not.toHaveLength(0);
    expectOnlyGrantedCalls();
  }, 120_000);
});
