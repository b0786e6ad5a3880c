// How the CLI is bundled, in one place: scripts/build-cli.mjs, the binary test and the benchmark use it.
const { join } = require('node:path');

/**
 * esbuild options for the CLI bundle at `outfile`. The AWS SDK (4.2 of its 5.5 MB) stays in node_modules,
 * where the package's dependencies install it: only the commands that call AWS load it, and every other
 * start skips parsing it (about 70 ms). So the bundle must live where node_modules resolves: dist/ or
 * elsewhere inside the project.
 */
exports.cliBundleOptions = (root, outfile) => ({
  entryPoints: [join(root, 'lambda/cli/main.ts')],
  bundle: true,
  platform: 'node',
  // jsonc-parser's UMD "main" cannot be bundled; its ESM "module" build can.
  mainFields: ['module', 'main'],
  target: 'node20',
  external: ['@aws-sdk/*', '@smithy/*'],
  outfile,
  banner: { js: '#!/usr/bin/env node' },
  sourcemap: true,
  logLevel: 'warning',
});
