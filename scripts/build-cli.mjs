// Bundles the CLI into dist/netaudit.js so the package `bin` works without tsx.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cliBundle from './cli-bundle.cjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build(cliBundle.cliBundleOptions(root, join(root, 'dist', 'netaudit.js')));
