import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { consumerLock, type ConsumerPackages, type Lockfile } from './consumer-lock';

/**
 * The package as a user gets it: `npm pack`, installed into a fresh folder with nothing but Node.js and
 * npm, then the docs' "use it in your own CDK app" example type-checked and synthesized there and the
 * installed `netaudit` run. Everything npm needs comes from its cache (offline), never the network.
 */
jest.setTimeout(15 * 60_000);

const ROOT = join(__dirname, '..', '..');
/** What `npm pack` needs of the repository; node_modules is linked, not copied. */
const SOURCES = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'LICENSE',
  'README.md',
  'netaudit.config.schema.json',
  'lib',
  'lambda',
  'scripts',
  'docs',
  'examples',
];
const APP_DEPENDENCIES = ['aws-cdk-lib', 'constructs', '@types/node'];
const OFFLINE = {
  ...process.env,
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  NO_COLOR: '1',
};

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = OFFLINE): Run {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function succeed(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  const result = run(command, args, cwd, env);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}\n${result.stdout}`,
    );
  }
  return result.stdout;
}

/** The first ```ts block of the deploy guide's section on one's own CDK app: the example users copy. */
function docsExample(): string {
  const guide = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');
  const section = guide.slice(guide.indexOf('## Using the construct in your own CDK app'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('docs/deploy.md: no ```ts example in "Using the construct in your own CDK app"');
  return code;
}

interface PackResult {
  filename: string;
  integrity: string;
  files: { path: string }[];
}

interface Template {
  Resources: Record<
    string,
    { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, string> }
  >;
}

function lambdaFunctions(template: Template) {
  return Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::Lambda::Function');
}

/** Synthesizes a CommonJS app in the installed folder and returns its templates by stack name. */
function synth(app: string, script: string, outdir: string): Record<string, Template> {
  writeFileSync(
    join(app, script.replace(/\.ts$/, '.js')),
    ts.transpileModule(readFileSync(join(app, script), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText,
  );
  succeed(process.execPath, [script.replace(/\.ts$/, '.js')], app, {
    ...OFFLINE,
    CDK_OUTDIR: join(app, outdir),
  });
  const manifest = JSON.parse(readFileSync(join(app, outdir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  return Object.fromEntries(
    Object.entries(manifest.artifacts)
      .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
      .map(([name, artifact]) => [
        name,
        JSON.parse(readFileSync(join(app, outdir, artifact.properties!.templateFile!), 'utf8')) as Template,
      ]),
  );
}

describe('the packed package, installed into an empty folder', () => {
  const work = mkdtempSync(join(tmpdir(), 'netaudit-pack-'));
  const app = join(work, 'app');
  let pack: PackResult;
  let version: string;

  beforeAll(() => {
    const source = join(work, 'source');
    mkdirSync(source);
    for (const entry of SOURCES) cpSync(join(ROOT, entry), join(source, entry), { recursive: true });
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(source, 'node_modules'));
    [pack] = JSON.parse(
      succeed('npm', ['pack', '--json', '--pack-destination', work], source),
    ) as PackResult[];
    const manifest = JSON.parse(
      readFileSync(join(source, 'package.json'), 'utf8'),
    ) as ConsumerPackages['tarball']['manifest'];
    version = manifest.version;

    mkdirSync(join(app, 'bin'), { recursive: true });
    const packages: ConsumerPackages = {
      name: 'my-cdk-app',
      tarball: { file: `../${pack.filename}`, integrity: pack.integrity, manifest },
      registry: APP_DEPENDENCIES,
    };
    const lock = consumerLock(
      JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lockfile,
      packages,
    );
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ ...lock.packages[''], private: true }, null, 2),
    );
    writeFileSync(join(app, 'package-lock.json'), JSON.stringify(lock, null, 2));
    succeed('npm', ['ci', '--offline', '--no-audit', '--no-fund'], app);
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('ships the built code, the licence and no TypeScript sources', () => {
    const files = pack.files.map((file) => file.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'dist/netaudit.js',
        'dist/lib/index.js',
        'dist/types/lib/index.d.ts',
        'dist/handlers/audit/index.js',
        'examples/demo.json',
      ]),
    );
    expect(files.filter((file) => /^(lambda|lib|test|bench|scripts)\//.test(file))).toEqual([]);
  });

  it('type-checks the docs example against the installed declarations', () => {
    writeFileSync(join(app, 'bin', 'app.ts'), docsExample());
    writeFileSync(
      join(app, 'bin', 'types.ts'),
      [
        "import { MemberRoleStack, NetAuditOrgStack, NetAuditStack, NetworkAuditor, OrganizationAuditor } from 'netaudit';",
        "import type { MemberRoleStackProps, NetworkAuditorProps, OrganizationAuditorProps } from 'netaudit';",
        // Fails as an unused directive if the props' config type were lost (any) on the way to the package.
        '// @ts-expect-error a disabled rule is a rule id',
        'export const wrong: NetworkAuditorProps = { config: { disabledRules: [42] } };',
        "export const org: OrganizationAuditorProps = { organizationId: 'o-abcdefghij', regions: ['us-east-1'] };",
        "export const member: MemberRoleStackProps = { organizationId: 'o-abcdefghij', centralAccountId: '111122223333' };",
        'export const constructs = [MemberRoleStack, NetAuditOrgStack, NetAuditStack, NetworkAuditor, OrganizationAuditor];',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: ['bin/app.ts', 'bin/types.ts'],
      }),
    );
    const tsc = run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('synthesizes the docs example with the pre-built handler, without esbuild', () => {
    expect(existsSync(join(app, 'node_modules', 'esbuild'))).toBe(false);
    writeFileSync(join(app, 'bin', 'app.ts'), docsExample());
    const { Network } = synth(app, 'bin/app.ts', 'cdk.out');
    const [fn] = lambdaFunctions(Network);
    expect(fn.Properties).toMatchObject({ Handler: 'index.handler', Runtime: 'nodejs22.x' });
    const { S3Key } = fn.Properties.Code as { S3Key: string };
    const asset = join(app, 'cdk.out', `asset.${S3Key.replace(/\.zip$/, '')}`);
    expect(readFileSync(join(asset, 'index.js'))).toEqual(
      readFileSync(join(app, 'node_modules', 'netaudit', 'dist', 'handlers', 'audit', 'index.js')),
    );
  });

  it('synthesizes the organization stacks with their four pre-built handlers', () => {
    writeFileSync(
      join(app, 'bin', 'org.ts'),
      [
        "import { App } from 'aws-cdk-lib';",
        "import { MemberRoleStack, NetAuditOrgStack } from 'netaudit';",
        'const app = new App();',
        "new NetAuditOrgStack(app, 'Org', { organizationId: 'o-abcdefghij', regions: ['us-east-1'] });",
        "new MemberRoleStack(app, 'Member', { organizationId: 'o-abcdefghij', centralAccountId: '111122223333' });",
        'app.synth();',
        '',
      ].join('\n'),
    );
    const { Org, Member } = synth(app, 'bin/org.ts', 'cdk.out.org');
    expect(lambdaFunctions(Org).map((fn) => fn.Properties.Handler)).toEqual(Array(4).fill('index.handler'));
    expect(Object.values(Member.Resources).map((resource) => resource.Type)).toContain('AWS::IAM::Role');
  });

  it('installs a netaudit command that prints its version', () => {
    expect(succeed(join(app, 'node_modules', '.bin', 'netaudit'), ['--version'], app).trim()).toBe(version);
  });

  it('installs a netaudit command that audits the bundled demo snapshot', () => {
    const scan = run(
      join(app, 'node_modules', '.bin', 'netaudit'),
      ['scan', '--snapshot', 'node_modules/netaudit/examples/demo.json'],
      app,
    );
    expect(scan.stderr).toBe('');
    expect(scan.status).toBe(0);
    expect(scan.stdout).toContain('CRITICAL');
    expect(scan.stdout).toContain('NET.1');
  });
});
