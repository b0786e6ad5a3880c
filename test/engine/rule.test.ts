import fc from 'fast-check';
import { outcomesOf, passed } from '../../lambda/engine/rule';

describe('outcomesOf', () => {
  it('judges every item once, in order, for each walk', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (ids) => {
        let judged = 0;
        const outcomes = outcomesOf(ids, (id, position) => {
          judged++;
          // The position is the item's own: rules read facts computed for every item by it.
          expect(ids[position]).toBe(id);
          return passed(id, `${id} ok`);
        });
        // Two walks: each asks for a fresh iterator, and for-of, spread and Array.from take each value in turn.
        const first = [...outcomes].map((o) => o.resourceId);
        const second = Array.from(outcomes, (o) => o.message);
        expect(first).toEqual(ids);
        expect(second).toEqual(ids.map((id) => `${id} ok`));
        expect(judged).toBe(2 * ids.length);
      }),
    );
  });

  it('judges lazily: nothing before the walk, one item per step', () => {
    const seen: number[] = [];
    const outcomes = outcomesOf([1, 2, 3], (n) => {
      seen.push(n);
      return passed(`r-${n}`, 'ok');
    });
    expect(seen).toEqual([]);
    for (const outcome of outcomes) {
      expect(outcome.resourceId).toBe(`r-${seen.length}`);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([1, 2]);
  });
});
