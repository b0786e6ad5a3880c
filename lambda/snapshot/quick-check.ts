import type { z } from 'zod';

/**
 * True only for values the schema accepts. False means "not sure": the caller asks zod, which decides
 * and explains.
 */
export type QuickCheck = (value: unknown) => boolean;

type Schema = z.core.$ZodType;

const ACCEPT_ALL: QuickCheck = () => true;

const KNOWN_DEF_KEYS = new Set([
  'type',
  'checks',
  'entries',
  'values',
  'innerType',
  'element',
  'shape',
  'catchall',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The checks a string may carry that this knows; any other check (a regex, a format) leaves it to zod. */
function minLengthOf(schema: Schema): number | undefined {
  const checks = schema._zod.def.checks ?? [];
  let min = 0;
  for (const check of checks) {
    const def = check._zod.def as { check: string; minimum?: number };
    if (def.check !== 'min_length' || def.minimum === undefined) return undefined;
    min = Math.max(min, def.minimum);
  }
  return min;
}

/**
 * Compiles a zod schema into a predicate over the same shape that allocates nothing. zod builds an output
 * copy of every object it parses: for a snapshot of 100,000 interfaces that is a second snapshot's worth of
 * garbage, and it made validation the costliest step of a load. The zod schema stays the one definition
 * of the format: a schema kind this does not know (a regex, a transform, a strict object) compiles to
 * `undefined`, and zod then checks every item itself.
 */
export function quickCheck(schema: Schema): QuickCheck | undefined {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  // Anything beyond the kind's own definition (a format, a pattern, coercion, a default) changes what zod
  // accepts: only the bare kinds are compiled.
  if (Object.keys(def).some((key) => !KNOWN_DEF_KEYS.has(key))) return undefined;
  const plain = (def.checks ?? []).length === 0;
  switch (def.type) {
    case 'unknown':
    case 'any':
      return ACCEPT_ALL;
    case 'string': {
      const min = minLengthOf(schema);
      if (min === undefined) return undefined;
      return (v) => typeof v === 'string' && v.length >= min;
    }
    case 'number':
      return plain ? (v) => typeof v === 'number' && Number.isFinite(v) : undefined;
    case 'boolean':
      return plain ? (v) => typeof v === 'boolean' : undefined;
    case 'enum': {
      const values = new Set(Object.values(def.entries as Record<string, unknown>));
      return (v) => values.has(v);
    }
    case 'literal': {
      const values = new Set(def.values as unknown[]);
      return (v) => values.has(v);
    }
    case 'optional': {
      const inner = quickCheck(def.innerType as Schema);
      return inner && ((v) => v === undefined || inner(v));
    }
    case 'array': {
      const element = plain ? quickCheck(def.element as Schema) : undefined;
      if (!element) return undefined;
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (const item of v) if (!element(item)) return false;
        return true;
      };
    }
    case 'object': {
      // A loose object (catchall unknown) or the default (unknown keys dropped) accepts any other key.
      const catchall = (def.catchall as Schema | undefined)?._zod.def.type;
      if (!plain || (catchall !== undefined && catchall !== 'unknown')) return undefined;
      const fields: [string, QuickCheck][] = [];
      for (const [key, field] of Object.entries(def.shape as Record<string, Schema>)) {
        const check = quickCheck(field);
        if (!check) return undefined;
        if (check !== ACCEPT_ALL) fields.push([key, check]);
      }
      return (v) => {
        if (!isObject(v)) return false;
        for (const [key, check] of fields) if (!check(v[key])) return false;
        return true;
      };
    }
    default:
      return undefined;
  }
}
