import type { BuildOptions } from 'esbuild';

export function cliBundleOptions(root: string, outfile: string): BuildOptions;
