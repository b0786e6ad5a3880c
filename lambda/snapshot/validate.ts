import { z, type ZodError } from 'zod';
import { InputError } from '../errors';
import { quickCheck } from './quick-check';
import { ITEM_CHECKS, reservedNameProblem, type Report } from './item-checks';
import { snapshotSchema } from './schema';
import {
  PART_API,
  SNAPSHOT_PARTS,
  V1_PARTS,
  type CollectionError,
  type Snapshot,
  type SnapshotPart,
} from './types';
import { SeenIds, UNIQUE_ID } from './unique-ids';

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

/** One thing wrong with the input and where it is: `securityGroups[3].GroupId: required`. */
export interface Problem {
  path: readonly PropertyKey[];
  message: string;
}

function fromZod(error: ZodError, prefix: readonly PropertyKey[] = []): Problem[] {
  return error.issues.map((issue) => {
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    // A record's bad key: its own check says what is wrong ("must be an AWS region such as us-east-1").
    const keyProblem = issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
    const message = missing ? 'required' : keyProblem ? `invalid key: ${keyProblem}` : issue.message;
    return { path: [...prefix, ...issue.path], message };
  });
}

/** One line per problem, at most `limit`, each naming the path: `securityGroups[3].GroupId: required`. */
export function formatZodError(error: ZodError, limit = 5): string {
  return formatProblems(fromZod(error), limit);
}

export function formatProblems(problems: readonly Problem[], limit = 5): string {
  const lines = problems.slice(0, limit).map((p) => `${formatPath(p.path) || '(root)'}: ${p.message}`);
  const more = problems.length - limit;
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
export function itemSchema(list: ListName): z.ZodObject {
  const shape: z.ZodType = snapshotSchema.shape[list];
  const array = shape instanceof z.ZodOptional ? shape.unwrap() : shape;
  return (array as z.ZodArray<z.ZodObject>).element;
}

const ITEM_SCHEMAS = SNAPSHOT_LISTS.map((list) => {
  const schema = itemSchema(list);
  // The fields that name a resource (`VpcId`, `SubnetId`...): the index looks resources up by them.
  const idFields = Object.keys(schema.shape).filter((key) => /Id$/.test(key));
  const unique: string | undefined = UNIQUE_ID[list];
  return { list, schema, quick: quickCheck(schema), idFields, unique };
});

/** A version 1 part absent from a file was not collected: recorded as such, never taken as empty. */
function notCollected(part: SnapshotPart): CollectionError {
  return { api: PART_API[part], code: 'NotCollected', message: `the snapshot file has no ${part}` };
}

/**
 * Validates parsed JSON as a Snapshot. A version 1 part absent from the file is recorded in `errors` as not
 * collected, so the rules that need it are NOT_EVALUATED rather than passing on an empty list; a version 2
 * list absent stays absent, which the index reads as not collected too. A present list of the wrong shape,
 * a value AWS would never return (a CIDR block that is not one, port 70000, protocol `http`) or an id listed
 * twice is an error naming its path.
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
  const withDefaults: Record<string, unknown> = { ...data };
  const missing: CollectionError[] = [];
  for (const part of V1_PARTS) {
    if (withDefaults[part] !== undefined) continue;
    withDefaults[part] = part === 'vpcAttributes' ? {} : [];
    missing.push(notCollected(part));
  }
  // No errors list means no call failed; a null one is still refused by the schema.
  if (withDefaults.errors === undefined) withDefaults.errors = [];
  const header = headerSchema.safeParse(withDefaults);
  if (!header.success) {
    throw new InputError(`${source}: invalid snapshot\n${formatZodError(header.error)}`);
  }
  const problems: Problem[] = [];
  for (const key of Object.keys(withDefaults.vpcAttributes as object)) {
    const bad = reservedNameProblem(key);
    if (bad) problems.push({ path: ['vpcAttributes', key], message: bad });
  }
  for (const { list, schema, quick, idFields, unique } of ITEM_SCHEMAS) {
    const items = (withDefaults[list] ?? []) as Record<string, unknown>[];
    const report: Report = (path, message) => problems.push({ path: [list, ...path], message });
    const check = ITEM_CHECKS[list] as ((item: unknown, i: number, report: Report) => void) | undefined;
    const seen = new SeenIds();
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (!quick?.(item)) {
        const parsed = schema.safeParse(item);
        if (!parsed.success) {
          problems.push(...fromZod(parsed.error, [list, i]));
          continue;
        }
      }
      check?.(item, i, report);
      for (const field of idFields) {
        const value = item[field];
        // Only a name of 9 or 11 characters can be reserved: the cheap test keeps the lookup off the rest.
        if (typeof value !== 'string' || (value.length !== 9 && value.length !== 11)) continue;
        const bad = reservedNameProblem(value);
        if (bad) report([i, field], bad);
      }
      if (unique === undefined) continue;
      const id = item[unique];
      if (typeof id !== 'string') continue;
      if (seen.add(id)) continue;
      // The rare duplicate pays for finding its first copy.
      const first = items.findIndex((other) => other[unique] === id);
      report([i, unique], `${id} is listed twice (also ${list}[${first}])`);
    }
  }
  if (problems.length > 0) throw new InputError(`${source}: invalid snapshot\n${formatProblems(problems)}`);
  if (missing.length > 0) withDefaults.errors = [...(withDefaults.errors as CollectionError[]), ...missing];
  return withDefaults as unknown as Snapshot;
}
