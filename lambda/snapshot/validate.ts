import type { ZodError } from 'zod';
import { InputError } from '../errors';
import { snapshotSchema } from './schema';
import type { Snapshot } from './types';

const DEFAULT_LISTS = [
  'vpcs',
  'subnets',
  'routeTables',
  'internetGateways',
  'natGateways',
  'addresses',
  'securityGroups',
  'networkAcls',
  'networkInterfaces',
  'instances',
  'flowLogs',
  'vpcPeeringConnections',
  'staleSecurityGroups',
  'errors',
] as const;

/** `securityGroups[3].GroupId` from zod's path array. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** One line per problem, at most `limit`, each naming the path: `securityGroups[3].GroupId: required`. */
export function formatZodError(error: ZodError, limit = 5): string {
  const lines = error.issues.slice(0, limit).map((issue) => {
    const where = formatPath(issue.path) || '(root)';
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    return `${where}: ${missing ? 'required' : issue.message}`;
  });
  const more = error.issues.length - limit;
  if (more > 0) lines.push(`... and ${more} more problem${more === 1 ? '' : 's'}`);
  return lines.join('\n');
}

/**
 * Validates parsed JSON as a Snapshot. Lists that are absent are taken as empty (a hand-written snapshot
 * may hold only what it is about); a present list of the wrong shape is an error naming its path.
 */
export function validateSnapshot(data: unknown, source = 'snapshot'): Snapshot {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError(`${source}: a snapshot must be a JSON object`);
  }
  const withDefaults: Record<string, unknown> = { vpcAttributes: {}, ...data };
  for (const list of DEFAULT_LISTS) if (withDefaults[list] === undefined) withDefaults[list] = [];
  const parsed = snapshotSchema.safeParse(withDefaults);
  if (!parsed.success) {
    throw new InputError(`${source}: invalid snapshot\n${formatZodError(parsed.error)}`);
  }
  return parsed.data as unknown as Snapshot;
}
