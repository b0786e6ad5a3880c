import { Option, type Command } from 'commander';
import { InputError } from '../../errors';
import { makeStyler } from '../../findings/style';
import { answerPath, type PathQuestion } from '../../paths/explain';
import { renderPathJson, renderPathMermaid, renderPathText } from '../../paths/render';
import type { PathAnswer, PathProtocol } from '../../paths/types';
import { collect, collectLiveSnapshot, loadConfig, oneRegion } from '../options';
import { writeOutput } from '../output';
import { collectRegions } from '../regions';
import { eachFile, indexInOneWorld, liveSource, loadSnapshots, type Sourced } from '../snapshots';

interface ExplainOptions {
  to?: string;
  snapshot?: string[];
  region?: string;
  regions?: string[];
  profile?: string;
  port?: string;
  protocol?: string;
  ipVersion?: string;
  direction?: string;
  format?: string;
  output?: string;
  out?: string;
  config?: string;
}

const FORMATS = ['text', 'json', 'mermaid'] as const;

function choice<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  const match = allowed.find((a) => a === value.trim().toLowerCase());
  if (!match) throw new InputError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  return match;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 443;
  const port = /^\d{1,5}$/.test(value.trim()) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535))
    throw new InputError(`--port must be a number from 0 to 65535, got "${value}"`);
  return port;
}

/**
 * The question the flags ask. Version 1's form (`explain ID --direction ingress|egress`) still works: it
 * means `explain internet --to ID` or `explain ID --to internet`.
 */
export function questionOf(source: string, options: ExplainOptions): PathQuestion {
  const protocol = choice<PathProtocol>('--protocol', options.protocol, ['tcp', 'udp', 'icmp'], 'tcp');
  const port = parsePort(options.port);
  const ipVersion =
    options.ipVersion === undefined
      ? undefined
      : choice('--ip-version', options.ipVersion, ['4', '6'] as const, '4');
  const base = { protocol, port, ...(ipVersion ? { ipVersion: Number(ipVersion) as 4 | 6 } : {}) };
  if (options.direction !== undefined) {
    if (options.to !== undefined)
      throw new InputError('--direction is the old form of --to: give one or the other');
    const direction = choice('--direction', options.direction, ['egress', 'ingress'] as const, 'egress');
    return direction === 'ingress'
      ? { ...base, source: 'internet', destination: source }
      : { ...base, source, destination: 'internet' };
  }
  return { ...base, source, destination: options.to ?? 'internet' };
}

/**
 * The snapshots the question is asked in: the files given, or live regions. Every region must be read:
 * a path into a region that could not be would only be unverifiable, so its failure is the answer.
 */
async function snapshotsOf(options: ExplainOptions): Promise<Sourced[]> {
  if (options.snapshot) {
    if (options.region || options.regions || options.profile)
      throw new InputError(
        '--snapshot explains a file: --region, --regions and --profile collect live regions instead',
      );
    return loadSnapshots(options.snapshot);
  }
  if (options.region && options.regions) {
    throw new InputError('--region collects one region and --regions several: give one of them');
  }
  const profile = options.profile ? { profile: options.profile } : {};
  if (options.regions) {
    const { snapshots, failures } = await collectRegions(options.regions, { ...profile, quiet: true });
    const failed = failures[0];
    if (failed) throw new InputError(`${failed.region} could not be read: ${failed.reason}`);
    return snapshots.map((snapshot) => ({ snapshot, source: liveSource(snapshot) }));
  }
  if (options.region || options.profile) {
    const snapshot = await collectLiveSnapshot({
      ...(options.region ? { region: options.region } : {}),
      ...profile,
      quiet: true,
    });
    return [{ snapshot, source: liveSource(snapshot) }];
  }
  throw new InputError(
    'explain needs --snapshot FILE (once per account and region), or --region R / --regions A,B [--profile P] to collect (read-only) and explain',
  );
}

/** Answers the question and writes it; returns the answer so callers (and tests) can read the verdict. */
export async function runExplain(source: string, options: ExplainOptions): Promise<PathAnswer> {
  const format = choice('--format', options.format ?? options.output, FORMATS, 'text');
  const question = questionOf(source.trim(), options);
  const config = loadConfig(options.config);
  const { world } = indexInOneWorld(await snapshotsOf(options));
  const found = answerPath(world, question, config.onPremisesNetworks);
  const unauthorized =
    found.source.kind === 'internet' &&
    found.verdict === 'works' &&
    question.protocol !== 'icmp' &&
    !config.authorizedPorts[question.protocol].has(question.port);
  const answer: PathAnswer = unauthorized
    ? {
        ...found,
        warnings: [
          ...found.warnings,
          {
            resourceId: found.destination.id ?? found.destination.input,
            message: `${question.protocol.toUpperCase()} ${question.port} is outside authorizedPorts: NET.1 reports this exposure`,
          },
        ],
      }
    : found;
  const text =
    format === 'json'
      ? renderPathJson(answer)
      : format === 'mermaid'
        ? renderPathMermaid(answer)
        : renderPathText(answer, makeStyler(options.out ? { isTTY: false } : process.stdout));
  writeOutput(text, options.out);
  return answer;
}

/** 0 works, 1 broken, 4 unverifiable (2 bad input and 3 unexpected errors come from main). */
export function explainExitCode(answer: PathAnswer): number {
  return answer.verdict === 'works' ? 0 : answer.verdict === 'broken' ? 1 : 4;
}

/**
 * `netaudit explain SOURCE [--to DESTINATION]`: can one end reach the other, hop by hop there and back.
 * The exit status goes through process.exitCode, so output is flushed first.
 */
export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description(
      'Explain, hop by hop there and back, whether SOURCE reaches DESTINATION (default: the internet)',
    )
    .argument(
      '<source>',
      'internet, an instance id (i-...), an interface id (eni-...), an IP address or an on-premises network name',
    )
    .option(
      '--to <destination>',
      'the other end, in the same forms, or aws:s3 / aws:dynamodb (default internet)',
    )
    .option('--protocol <protocol>', 'tcp, udp or icmp (default tcp)')
    .option('--port <n>', 'destination port (default 443)')
    .option('--ip-version <4|6>', 'IP version (default 4, or 6 when only IPv6 is possible)')
    .option(
      '--snapshot <file>',
      'snapshot file to read (repeatable: one file per account and region, and paths are followed across them)',
      eachFile,
    )
    .option('--region <region>', 'collect this region live (read-only) and explain', oneRegion)
    .option(
      '--regions <list>',
      'collect these regions live (comma-separated) and explain across them',
      collect,
    )
    .option('--profile <name>', 'AWS profile for --region or --regions')
    .option('--format <format>', 'text, json or mermaid (default text)')
    .addOption(new Option('--output <format>', 'alias of --format').hideHelp())
    .option('--out <file>', 'write the answer to a file instead of stdout')
    .option('--direction <direction>', 'version 1 form: egress (to the internet) or ingress (from it)')
    .option('--config <file>', 'NetAudit config file (onPremisesNetworks, authorizedPorts)')
    .addHelpText(
      'after',
      '\nExit codes: 0 the path works, 1 it is broken, 2 bad input, 3 unexpected error, 4 unverifiable from these snapshots.',
    )
    .action(async (source: string, options: ExplainOptions) => {
      const answer = await runExplain(source, options);
      process.exitCode = explainExitCode(answer);
    });
}
