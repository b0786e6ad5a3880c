import { z, type ZodError } from 'zod';
import { InputError } from '../errors';
import { quickCheck } from './quick-check';
import { snapshotSchema } from './schema';
import { SNAPSHOT_PARTS, V1_PARTS, type Snapshot, type SnapshotPart } from './types';

/** The parts that are objects, not lists. */
type ObjectPart = 'vpcAttributes' | 'vpcBlockPublicAccessOptions';
/** Every list of the format: the snapshot parts (less the objects) and the errors. */
export type ListName = Exclude<SnapshotPart, ObjectPart> | 'errors';
const isList = (p: SnapshotPart): p is Exclude<SnapshotPart, ObjectPart> =>
  p !== 'vpcAttributes' && p !== 'vpcBlockPublicAccessOptions';
export const SNAPSHOT_LISTS: readonly ListName[] = [...SNAPSHOT_PARTS.filter(isList), 'errors'];
/** The lists of schema version 1, which a loaded snapshot always has; version 2's may be absent. */
const V1_LISTS: readonly ListName[] = [...V1_PARTS.filter(isList), 'errors'];

/** `securityGroups[3].GroupId` from zod's path array. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

type Issue = ZodError['issues'][number];

/** One line per problem, at most `limit`, each naming the path: `securityGroups[3].GroupId: required`. */
export function formatZodError(error: ZodError, limit = 5): string {
  return formatIssues(error.issues, limit);
}

function formatIssues(issues: readonly Issue[], limit = 5): string {
  const lines = issues.slice(0, limit).map((issue) => {
    const where = formatPath(issue.path) || '(root)';
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    return `${where}: ${missing ? 'required' : issue.message}`;
  });
  const more = issues.length - limit;
  if (more > 0) lines.push(`... and ${more} more problem${more === 1 ? '' : 's'}`);
  return lines.join('\n');
}

/** The snapshot's header and lists, the lists checked only as arrays: their items are checked one by one. */
const headerSchema = snapshotSchema.extend(
  Object.fromEntries(
    SNAPSHOT_LISTS.map((list) => [
      list,
      V1_LISTS.includes(list) ? z.array(z.unknown()) : z.array(z.unknown()).optional(),
    ]),
  ) as Record<ListName, z.ZodArray<z.ZodUnknown>>,
);

/** The schema of one item of a list (version 2's lists are optional arrays). */
export function itemSchema(list: ListName): z.ZodType {
  const shape: z.ZodType = snapshotSchema.shape[list];
  const array = shape instanceof z.ZodOptional ? shape.unwrap() : shape;
  return (array as z.ZodArray<z.ZodType>).element;
}

const ITEM_SCHEMAS = SNAPSHOT_LISTS.map((list) => {
  const schema = itemSchema(list);
  return [list, schema, quickCheck(schema)] as const;
});

/**
 * Validates parsed JSON as a Snapshot. Lists that are absent are taken as empty (a hand-written snapshot
 * may hold only what it is about); a present list of the wrong shape is an error naming its path.
 *
 * Items are checked one at a time and the input itself is returned: zod would otherwise build a full copy
 * of every object, which for a region with 100,000 interfaces doubles the memory of a load. Each item first
 * goes through a check compiled from the same schema that allocates nothing; zod parses only items that
 * check cannot vouch for, and names what is wrong with them.
 */
export function validateSnapshot(data: unknown, source = 'snapshot'): Snapshot {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError(`${source}: a snapshot must be a JSON object`);
  }
  const withDefaults: Record<string, unknown> = { vpcAttributes: {}, ...data };
  for (const list of V1_LISTS) if (withDefaults[list] === undefined) withDefaults[list] = [];
  const header = headerSchema.safeParse(withDefaults);
  if (!header.success) {
    throw new InputError(`${source}: invalid snapshot\n${formatZodError(header.error)}`);
  }
  const issues: Issue[] = [];
  for (const [list, schema, quick] of ITEM_SCHEMAS) {
    const items = (withDefaults[list] ?? []) as unknown[];
    for (let i = 0; i < items.length; i++) {
      if (quick?.(items[i])) continue;
      const item = schema.safeParse(items[i]);
      if (!item.success)
        for (const issue of item.error.issues) issues.push({ ...issue, path: [list, i, ...issue.path] });
    }
  }
  if (issues.length > 0) throw new InputError(`${source}: invalid snapshot\n${formatIssues(issues)}`);
  return withDefaults as unknown as Snapshot;
}
