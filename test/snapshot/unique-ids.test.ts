import fc from 'fast-check';
import { SeenIds } from '../../lambda/snapshot/unique-ids';

describe('SeenIds', () => {
  it('answers as a set would, whatever the order of the ids (property)', () => {
    const id = fc.constantFrom('a', 'b', 'c', 'sg-1', 'sg-10', 'sg-2', 'vpc-1');
    fc.assert(
      fc.property(fc.array(id, { maxLength: 30 }), fc.boolean(), (ids, sortFirst) => {
        const list = sortFirst ? [...ids].sort() : ids;
        const seen = new SeenIds();
        const reference = new Set<string>();
        for (const x of list) {
          expect(seen.add(x)).toBe(!reference.has(x));
          reference.add(x);
        }
      }),
    );
  });

  it('finds a repeat right after the ascending run, and one after the switch to a set', () => {
    const seen = new SeenIds();
    expect(['eni-1', 'eni-2', 'eni-3'].map((x) => seen.add(x))).toEqual([true, true, true]);
    expect(seen.add('eni-3')).toBe(false);
    expect(seen.add('eni-0')).toBe(true);
    expect(seen.add('eni-2')).toBe(false);
  });
});
