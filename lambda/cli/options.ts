import { InvalidArgumentError, type Command } from 'commander';
import { loadConfigFile, defaultConfig, type AuditConfig } from '../config/config';
import { SEVERITIES, type Severity } from '../engine/severity';
import { InputError } from '../errors';
import { RULE_IDS } from '../rules/registry';
import type { Snapshot } from '../snapshot/types';

/** Commander argument parsers that reject bad values with a message naming the accepted ones. */
export function oneOf<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    const v = value.trim();
    const match = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
    if (!match) throw new InvalidArgumentError(`use one of ${allowed.join(', ')}`);
    return match;
  };
}

export const parseSeverity = oneOf<Severity>(SEVERITIES);

export function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

export function parseVpcId(value: string, previous: string[] = []): string[] {
  const ids = collect(value);
  for (const id of ids) {
    if (!/^vpc-[0-9a-f]+$/i.test(id)) throw new InvalidArgumentError(`"${id}" is not a VPC id (vpc-...)`);
  }
  return [...previous, ...ids];
}

/** `--region` names one region: given twice, the first would be dropped without a word. */
export function oneRegion(value: string, previous: string | undefined): string {
  if (previous !== undefined) {
    throw new InvalidArgumentError(
      `--region takes one region: for several, use --regions ${previous},${value}`,
    );
  }
  return value;
}

export function loadConfig(path: string | undefined): AuditConfig {
  return path ? loadConfigFile(path, RULE_IDS) : defaultConfig();
}

/** The live-audit options `scan` and `snapshot` share. */
export interface LiveOptions {
  region?: string;
  profile?: string;
  vpc?: string[];
  quiet?: boolean;
  stats?: boolean;
}

/**
 * Collects the region live. The AWS SDK clients load only here, when a command talks to AWS: a snapshot
 * scan starts without them (their code is most of the bundle, and loading it was a tenth of a second at
 * every start).
 */
export async function collectLiveSnapshot(options: LiveOptions): Promise<Snapshot> {
  const { collectLive } = await import('./live');
  return collectLive({
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.vpc ? { vpcIds: options.vpc } : {}),
    quiet: Boolean(options.quiet),
    stats: Boolean(options.stats),
  });
}

/** `--output` and its alias `--format`, as given. */
export interface FormatOptions {
  output?: string;
  format?: string;
}

/**
 * The output format. `--output` names it, as in the AWS CLI (`--format` is an alias); the file is
 * `--out FILE`. `--output report.json`, the old spelling of a file, is refused with the new one, so it
 * never writes a table to a file named `json` again.
 */
export function resolveFormat<T extends string>(
  options: FormatOptions,
  formats: readonly T[],
  fallback: T,
): T {
  const find = (value: string) => formats.find((f) => f.toLowerCase() === value.trim().toLowerCase());
  if (options.output !== undefined) {
    const format = find(options.output);
    if (!format) {
      throw new InputError(
        `--output "${options.output}" is not a format (${formats.join(', ')}): to write a file, use --out ${options.output}`,
      );
    }
    if (options.format !== undefined && find(options.format) !== format) {
      throw new InputError(`--format is another name for --output: give one of them`);
    }
    return format;
  }
  if (options.format === undefined) return fallback;
  const format = find(options.format);
  if (!format) throw new InputError(`--format "${options.format}": use one of ${formats.join(', ')}`);
  return format;
}

/** `--output <format>`, `--format <format>` (its alias) and `--out <file>`, alike in every command. */
export function addOutputOptions(command: Command, formats: readonly string[], fallback: string): Command {
  return command
    .option('--output <format>', `output format: ${formats.join(', ')} (default ${fallback})`)
    .option('--format <format>', 'same as --output')
    .option('--out <file>', 'write to this file instead of stdout');
}
