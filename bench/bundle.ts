import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { cliBundleOptions } from '../scripts/cli-bundle.cjs';

/** The Lambda handler entry, bundled the way lib/audit-function.ts deploys it (SDK included, minified). */
export const HANDLER_ENTRY = 'lambda/handlers/audit.ts';
const ROOT = join(__dirname, '..');

export interface Contributor {
  /** An npm package name, or `netaudit` for the project's own code. */
  name: string;
  bytes: number;
}

export interface BundleReport {
  file: string;
  bytes: number;
  buildMs: number;
  top: Contributor[];
  packages: number;
}

/** `node_modules/@aws-sdk/client-ec2/dist-cjs/index.js` → `@aws-sdk/client-ec2`; own files → `netaudit`. */
export function packageOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return 'netaudit';
  const rest = input.slice(at + 'node_modules/'.length).split('/');
  return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
}

/** Bytes in the output per input package, largest first. */
export function contributors(metafile: Metafile, outfile: string): Contributor[] {
  // Output paths in the metafile are relative to the working directory; the bundle is the one .js output.
  const name = basename(outfile);
  const output = Object.entries(metafile.outputs).find(([path]) => basename(path) === name)?.[1];
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const name = packageOf(input);
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return [...totals.entries()].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** Minified CJS bundle of the Lambda handler for node22, with its metafile; undefined when not there yet. */
export async function bundleHandler(outDir: string): Promise<BundleReport | undefined> {
  if (!existsSync(HANDLER_ENTRY)) return undefined;
  const outfile = join(outDir, 'audit-handler.js');
  const started = performance.now();
  const result = await build({
    entryPoints: [HANDLER_ENTRY],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    // As lib/audit-function.ts: jsonc-parser's UMD "main" cannot be bundled, its ESM "module" can.
    mainFields: ['module', 'main'],
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  const buildMs = performance.now() - started;
  const all = contributors(result.metafile, outfile);
  return {
    file: outfile,
    bytes: statSync(outfile).size,
    buildMs: Math.round(buildMs),
    top: all.slice(0, 10),
    packages: all.length,
  };
}

/**
 * The CLI of the checkout at `root` (this one, or another commit's worktree), bundled exactly as
 * scripts/build-cli.mjs does it, at `outfile`: inside this project, as dist/ is, so that the AWS SDK the
 * bundle leaves out resolves from node_modules.
 */
export async function bundleCli(outfile: string, root: string = ROOT): Promise<string> {
  await build({ ...cliBundleOptions(root, outfile), sourcemap: false, logLevel: 'silent' });
  return outfile;
}
