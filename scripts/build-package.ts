/**
 * Builds everything the published package ships (`npm pack` runs it as `prepack`):
 *   dist/netaudit.js          the CLI (scripts/cli-bundle.cjs)
 *   dist/handlers/<name>/     each Lambda handler, bundled as the constructs' NodejsFunction would, so a
 *                             consumer's `cdk synth` needs neither esbuild nor our TypeScript sources
 *   dist/lib/index.js         the constructs, one CommonJS file; aws-cdk-lib and constructs stay the
 *                             consumer's (peer dependencies), the AWS SDK stays a dependency
 *   dist/types/               their declarations (tsconfig.build.json)
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { DEFAULT_AUDIT_ENTRY } from '../lib/audit-function';
import { ORG_HANDLER_ENTRIES } from '../lib/org/organization-auditor';
import { cliBundleOptions } from './cli-bundle.cjs';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');

/** Every handler the constructs deploy; lib/audit-function.ts looks for dist/handlers/<basename>/index.js. */
export const HANDLER_ENTRIES: readonly string[] = [
  DEFAULT_AUDIT_ENTRY,
  ...Object.values(ORG_HANDLER_ENTRIES),
];

/** The bundling options of lib/audit-function.ts, in esbuild's words: one file that carries its own SDK. */
function handlerOptions(entry: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile: join(DIST, 'handlers', basename(entry, extname(entry)), 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  };
}

const libOptions: BuildOptions = {
  entryPoints: [join(ROOT, 'lib', 'index.ts')],
  outfile: join(DIST, 'lib', 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  external: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', '@aws-sdk/*', '@smithy/*'],
  sourcemap: true,
  logLevel: 'warning',
};

export async function buildPackage(): Promise<void> {
  for (const dir of ['handlers', 'lib', 'types']) rmSync(join(DIST, dir), { recursive: true, force: true });
  await Promise.all([
    build(cliBundleOptions(ROOT, join(DIST, 'netaudit.js'))),
    build(libOptions),
    ...HANDLER_ENTRIES.map((entry) => build(handlerOptions(entry))),
  ]);
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
    {
      stdio: 'inherit',
    },
  );
}

if (require.main === module) {
  buildPackage().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
