import type { Command } from 'commander';
import { SnapshotIndex } from '../../engine/snapshot-index';
import { InputError } from '../../errors';
import { makeStyler } from '../../findings/style';
import {
  explainTarget,
  ReachabilityEngine,
  renderExplainJson,
  renderExplainText,
  type Direction,
  type ExplainReport,
  type Transport,
} from '../../reachability';
import { loadSnapshotFile } from '../../snapshot/load';
import { loadConfig } from '../options';

interface ExplainOptions {
  snapshot?: string;
  port?: string;
  protocol?: string;
  direction?: string;
  format?: string;
  config?: string;
}

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

/** Levenshtein distance, for "did you mean" suggestions on a mistyped id. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The (at most three) known ids closest to a mistyped one, nearest first, ties by id. */
export function closestIds(id: string, known: Iterable<string>, count = 3): string[] {
  return [...known]
    .map((k) => ({ k, d: editDistance(id, k) }))
    .sort((x, y) => x.d - y.d || (x.k < y.k ? -1 : x.k > y.k ? 1 : 0))
    .slice(0, count)
    .map((x) => x.k);
}

function resolveTarget(index: SnapshotIndex, id: string): { kind: 'instance' | 'interface'; id: string } {
  const instance = id.startsWith('i-');
  if (!instance && !id.startsWith('eni-')) {
    throw new InputError(`"${id}" is not an instance id (i-...) or a network interface id (eni-...)`);
  }
  const known = instance ? index.instances : index.networkInterfaces;
  if (!known.has(id)) {
    const suggestions = closestIds(id, known.keys());
    const hint = suggestions.length > 0 ? `; closest known: ${suggestions.join(', ')}` : '';
    throw new InputError(
      `unknown ${instance ? 'instance' : 'network interface'} ${id} in the snapshot${hint}`,
    );
  }
  if (instance && index.interfacesOfInstance(id).length === 0) {
    throw new InputError(`instance ${id} has no network interface in the snapshot`);
  }
  return { kind: instance ? 'instance' : 'interface', id };
}

/** Runs the diagnosis and writes it; returns the report so callers (and tests) can read the verdict. */
export function runExplain(id: string, options: ExplainOptions): ExplainReport {
  const query = {
    direction: choice<Direction>('--direction', options.direction, ['egress', 'ingress'], 'egress'),
    protocol: choice<Transport>('--protocol', options.protocol, ['tcp', 'udp'], 'tcp'),
    port: parsePort(options.port),
  };
  const format = choice('--format', options.format, ['text', 'json'] as const, 'text');
  if (!options.snapshot)
    throw new InputError('explain needs --snapshot FILE (a snapshot written by `netaudit snapshot`)');
  const config = loadConfig(options.config);
  const index = new SnapshotIndex(loadSnapshotFile(options.snapshot));
  const found = explainTarget(ReachabilityEngine.for(index), resolveTarget(index, id.trim()), query);
  const unauthorized =
    query.direction === 'ingress' &&
    found.verdict === 'works' &&
    !config.authorizedPorts[query.protocol].has(query.port);
  const report: ExplainReport = unauthorized
    ? {
        ...found,
        note: `${query.protocol.toUpperCase()} ${query.port} is outside authorizedPorts: NET.1 reports this exposure`,
      }
    : found;
  process.stdout.write(
    format === 'json' ? renderExplainJson(report) : renderExplainText(report, makeStyler(process.stdout)),
  );
  return report;
}

/**
 * `netaudit explain <instance-id|eni-id>`: the step-by-step connectivity diagnosis of RULES.md.
 * Exit status (via process.exitCode, so output is flushed): 0 the path works, 1 it is broken or leaves
 * the VPC where the snapshot cannot follow; bad input throws InputError (exit 2).
 */
export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description(
      'Explain, step by step, whether an instance or interface reaches the internet (or is reached)',
    )
    .argument('<id>', 'instance id (i-...) or network interface id (eni-...)')
    .option('--snapshot <file>', 'snapshot file to read')
    .option('--port <n>', 'port to check (default 443)')
    .option('--protocol <protocol>', 'tcp or udp (default tcp)')
    .option('--direction <direction>', 'egress (to the internet) or ingress (from it) (default egress)')
    .option('--format <format>', 'text or json (default text)')
    .option('--config <file>', 'NetAudit config file')
    .action((id: string, options: ExplainOptions) => {
      const report = runExplain(id, options);
      process.exitCode = report.verdict === 'works' ? 0 : 1;
    });
}
