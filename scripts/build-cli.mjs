// Bundles the CLI into dist/netaudit.js so the package `bin` works without tsx.
import { build } from 'esbuild';

await build({
  entryPoints: ['lambda/cli/main.ts'],
  bundle: true,
  platform: 'node',
  // jsonc-parser's UMD "main" cannot be bundled; its ESM "module" build can.
  mainFields: ['module', 'main'],
  target: 'node20',
  outfile: 'dist/netaudit.js',
  banner: { js: '#!/usr/bin/env node' },
  sourcemap: true,
  logLevel: 'warning',
});
