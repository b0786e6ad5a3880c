import fc from 'fast-check';
import { z } from 'zod';
import { quickCheck } from '../../lambda/snapshot/quick-check';
import { itemSchema, SNAPSHOT_LISTS } from '../../lambda/snapshot/validate';
import { NetworkBuilder } from '../support/network-builder';

/** A realistic snapshot: every list has items built the way the rule tests build them. */
function sample() {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-1' });
  const subnet = net.subnet({ vpc, id: 'subnet-1', mapPublicIp: true });
  net.instance({ subnet, id: 'i-1', publicIp: '203.0.113.7' });
  net.natGateway({ subnet, id: 'nat-1', publicIp: '198.51.100.1' });
  net.securityGroup({
    vpc,
    id: 'sg-1',
    ingress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
  });
  return net.snapshot();
}

/** Replaces the value at a random path of a JSON-like value (or deletes it), to make near-valid inputs. */
function mutate(value: unknown, path: number[], replacement: unknown, remove: boolean): unknown {
  if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...value };
  const keys = Object.keys(copy);
  if (keys.length === 0) return copy;
  const key = keys[path[0]! % keys.length]!;
  const record = copy as Record<string, unknown>;
  if (remove && path.length === 1 && !Array.isArray(copy)) delete record[key];
  else record[key] = mutate(record[key], path.slice(1), replacement, remove);
  return copy;
}

describe('quickCheck', () => {
  const snapshot = sample() as unknown as Record<string, unknown[]>;

  it.each(SNAPSHOT_LISTS)('vouches for every valid %s item without asking zod', (list) => {
    const quick = quickCheck(itemSchema(list))!;
    expect(quick).toBeDefined();
    for (const item of snapshot[list] ?? []) expect(quick(item)).toBe(true);
  });

  it('never vouches for an item zod rejects, however it is broken', () => {
    const withItems = SNAPSHOT_LISTS.filter((list) => (snapshot[list] ?? []).length > 0);
    fc.assert(
      fc.property(
        fc.constantFrom(...withItems),
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.oneof(fc.jsonValue(), fc.constantFrom(undefined, '', NaN, Infinity, 'deny', 'allow', 1, 2)),
        fc.boolean(),
        (list, n, path, replacement, remove) => {
          const items = snapshot[list]!;
          const schema = itemSchema(list);
          const broken = mutate(items[n % items.length], path, replacement, remove);
          if (quickCheck(schema)!(broken)) expect(schema.safeParse(broken).success).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('leaves to zod the schema kinds it does not know', () => {
    expect(quickCheck(z.string().regex(/^a/))).toBeUndefined();
    expect(quickCheck(z.strictObject({ a: z.string() }))).toBeUndefined();
    expect(quickCheck(z.looseObject({ a: z.iso.datetime() }))).toBeUndefined();
    expect(quickCheck(z.array(z.string()).min(1))).toBeUndefined();
  });

  it('agrees with zod on the kinds it knows', () => {
    const schema = z.looseObject({
      id: z.string().min(1),
      n: z.number().optional(),
      b: z.boolean(),
      e: z.enum(['allow', 'deny']),
      l: z.literal(1),
      list: z.array(z.looseObject({ x: z.string().optional() })).optional(),
    });
    const quick = quickCheck(schema)!;
    const valid = { id: 'a', b: true, e: 'deny', l: 1, extra: { anything: [1] } };
    expect(quick(valid)).toBe(true);
    expect(quick({ ...valid, id: '' })).toBe(false);
    expect(quick({ ...valid, n: NaN })).toBe(false);
    expect(quick({ ...valid, n: Infinity })).toBe(false);
    expect(quick({ ...valid, b: 'true' })).toBe(false);
    expect(quick({ ...valid, e: 'Allow' })).toBe(false);
    expect(quick({ ...valid, l: 2 })).toBe(false);
    expect(quick({ ...valid, list: [{ x: 1 }] })).toBe(false);
    expect(quick({ ...valid, list: {} })).toBe(false);
    expect(quick([valid])).toBe(false);
    expect(quick(null)).toBe(false);
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(quick(value)).toBe(schema.safeParse(value).success);
      }),
    );
  });
});
