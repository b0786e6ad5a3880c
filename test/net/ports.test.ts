import fc from 'fast-check';
import { MAX_PORT, PortSet, type PortRange } from '../../lambda/net/ports';

/*
 * PortSet against a naive model: a Set<number> of ports. Ranges are drawn from a small domain (0-63) so
 * adjacency and overlap happen often; a second family uses the full port range with sampled probes.
 */
const SMALL = 63;
const smallRange = fc
  .tuple(fc.integer({ min: 0, max: SMALL }), fc.integer({ min: 0, max: SMALL }))
  .map(([a, b]): PortRange => ({ from: a, to: b }));
const smallRanges = fc.array(smallRange, { maxLength: 6 });

const wideRange = fc
  .tuple(fc.integer({ min: 0, max: MAX_PORT }), fc.integer({ min: 0, max: MAX_PORT }))
  .map(([a, b]): PortRange => ({ from: a, to: b }));
const wideRanges = fc.array(wideRange, { maxLength: 6 });

function model(ranges: readonly PortRange[]): Set<number> {
  const out = new Set<number>();
  for (const r of ranges) {
    for (let p = Math.min(r.from, r.to); p <= Math.max(r.from, r.to); p++) out.add(p);
  }
  return out;
}

function portsOf(set: PortSet, max = SMALL): Set<number> {
  const out = new Set<number>();
  for (let p = 0; p <= max; p++) if (set.has(p)) out.add(p);
  return out;
}

const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

/** Sorted, disjoint, non-adjacent, within 0-65535: the invariant every PortSet keeps. */
function expectNormalised(set: PortSet): void {
  set.ranges.forEach((r, i) => {
    expect(r.from).toBeGreaterThanOrEqual(0);
    expect(r.to).toBeLessThanOrEqual(MAX_PORT);
    expect(r.from).toBeLessThanOrEqual(r.to);
    const next = set.ranges[i + 1];
    if (next) expect(next.from).toBeGreaterThan(r.to + 1);
  });
}

describe('PortSet', () => {
  describe('normalisation', () => {
    it('merges overlapping and adjacent ranges and sorts them', () => {
      expect(PortSet.of({ from: 80, to: 90 }, { from: 85, to: 100 }).ranges).toEqual([{ from: 80, to: 100 }]);
      expect(PortSet.of({ from: 22, to: 22 }, { from: 23, to: 25 }).ranges).toEqual([{ from: 22, to: 25 }]);
      expect(PortSet.of({ from: 443, to: 443 }, { from: 22, to: 22 }).ranges).toEqual([
        { from: 22, to: 22 },
        { from: 443, to: 443 },
      ]);
      expect(PortSet.ports([3, 1, 2, 5]).ranges).toEqual([
        { from: 1, to: 3 },
        { from: 5, to: 5 },
      ]);
    });

    it('range(a, b) is exactly the normalised one-range set, for any bounds', () => {
      const bound = fc.integer({ min: -70000, max: 140000 });
      fc.assert(
        fc.property(bound, bound, (a, b) => {
          expect(PortSet.range(a, b).ranges).toEqual(PortSet.of({ from: a, to: b }).ranges);
        }),
      );
    });

    it('accepts reversed bounds and clamps to 0-65535', () => {
      expect(PortSet.range(100, 90).ranges).toEqual([{ from: 90, to: 100 }]);
      expect(PortSet.range(-5, 70000).isAll()).toBe(true);
      expect(PortSet.range(-1).isEmpty()).toBe(true);
    });

    it('keeps the invariant and the model for any input', () => {
      fc.assert(
        fc.property(smallRanges, (ranges) => {
          const set = PortSet.of(...ranges);
          expectNormalised(set);
          expect(sorted(portsOf(set))).toEqual(sorted(model(ranges)));
          expect(set.size()).toBe(model(ranges).size);
          expect(set.isEmpty()).toBe(model(ranges).size === 0);
        }),
      );
    });

    it('is independent of the order ranges are given in', () => {
      fc.assert(
        fc.property(smallRanges, (ranges) => {
          expect(PortSet.of(...ranges).equals(PortSet.of(...[...ranges].reverse()))).toBe(true);
        }),
      );
    });
  });

  describe('set algebra against the model (small domain)', () => {
    it('union, intersect and subtract match Set operations', () => {
      fc.assert(
        fc.property(smallRanges, smallRanges, (ra, rb) => {
          const a = PortSet.of(...ra);
          const b = PortSet.of(...rb);
          const ma = model(ra);
          const mb = model(rb);
          const union = a.union(b);
          const inter = a.intersect(b);
          const diff = a.subtract(b);
          for (const s of [union, inter, diff]) expectNormalised(s);
          expect(sorted(portsOf(union))).toEqual(sorted(new Set([...ma, ...mb])));
          expect(sorted(portsOf(inter))).toEqual(sorted(new Set([...ma].filter((p) => mb.has(p)))));
          expect(sorted(portsOf(diff))).toEqual(sorted(new Set([...ma].filter((p) => !mb.has(p)))));
          expect(union.size()).toBe(new Set([...ma, ...mb]).size);
          expect(inter.size()).toBe([...ma].filter((p) => mb.has(p)).length);
          expect(diff.size()).toBe([...ma].filter((p) => !mb.has(p)).length);
        }),
      );
    });

    it('equals is true exactly when the modelled sets are equal', () => {
      fc.assert(
        fc.property(smallRanges, smallRanges, (ra, rb) => {
          const same = sorted(model(ra)).join() === sorted(model(rb)).join();
          expect(PortSet.of(...ra).equals(PortSet.of(...rb))).toBe(same);
        }),
      );
    });
  });

  describe('set algebra over the full port range (sampled ports)', () => {
    const probes = fc.array(fc.integer({ min: -2, max: MAX_PORT + 2 }), { minLength: 1, maxLength: 40 });
    const inRanges = (ranges: PortRange[], p: number) =>
      ranges.some((r) => Math.min(r.from, r.to) <= p && p <= Math.max(r.from, r.to));

    it('has() agrees with the ranges for union, intersect and subtract', () => {
      fc.assert(
        fc.property(wideRanges, wideRanges, probes, (ra, rb, ps) => {
          const a = PortSet.of(...ra);
          const b = PortSet.of(...rb);
          // Probe range edges too: off-by-one errors live there.
          const edges = [...ra, ...rb].flatMap((r) => [r.from - 1, r.from, r.to, r.to + 1]);
          for (const p of [...ps, ...edges]) {
            const inA = inRanges(ra, p);
            const inB = inRanges(rb, p);
            expect(a.has(p)).toBe(inA);
            expect(a.union(b).has(p)).toBe(inA || inB);
            expect(a.intersect(b).has(p)).toBe(inA && inB);
            expect(a.subtract(b).has(p)).toBe(inA && !inB);
          }
        }),
      );
    });

    it('size() adds up: |a ∪ b| = |a| + |b| - |a ∩ b| and |a - b| = |a| - |a ∩ b|', () => {
      fc.assert(
        fc.property(wideRanges, wideRanges, (ra, rb) => {
          const a = PortSet.of(...ra);
          const b = PortSet.of(...rb);
          const inter = a.intersect(b).size();
          expect(a.union(b).size()).toBe(a.size() + b.size() - inter);
          expect(a.subtract(b).size()).toBe(a.size() - inter);
          expectNormalised(a.union(b));
          expectNormalised(a.intersect(b));
          expectNormalised(a.subtract(b));
        }),
      );
    });

    it('ALL minus a set, plus that set, is ALL again', () => {
      fc.assert(
        fc.property(wideRanges, (ra) => {
          const a = PortSet.of(...ra);
          expect(PortSet.ALL.subtract(a).union(a).isAll()).toBe(true);
          expect(PortSet.ALL.subtract(a).intersect(a).isEmpty()).toBe(true);
        }),
      );
    });
  });

  describe('constants and predicates', () => {
    it('ALL holds 65536 ports and EMPTY none', () => {
      expect(PortSet.ALL.size()).toBe(65536);
      expect(PortSet.ALL.has(0)).toBe(true);
      expect(PortSet.ALL.has(65535)).toBe(true);
      expect(PortSet.ALL.has(65536)).toBe(false);
      expect(PortSet.EMPTY.size()).toBe(0);
      expect(PortSet.EMPTY.has(0)).toBe(false);
      expect(PortSet.range(0, 65535).isAll()).toBe(true);
      expect(PortSet.range(1, 65535).isAll()).toBe(false);
    });

    it('union with EMPTY and intersect with ALL are identities', () => {
      const s = PortSet.ports([22, 80, 443]);
      expect(s.union(PortSet.EMPTY).equals(s)).toBe(true);
      expect(PortSet.EMPTY.union(s).equals(s)).toBe(true);
      expect(s.intersect(PortSet.ALL).equals(s)).toBe(true);
      expect(s.subtract(PortSet.EMPTY).equals(s)).toBe(true);
      expect(PortSet.EMPTY.subtract(s).isEmpty()).toBe(true);
    });

    it('subtract splits a range around a hole', () => {
      expect(PortSet.range(0, 100).subtract(PortSet.range(10, 20)).ranges).toEqual([
        { from: 0, to: 9 },
        { from: 21, to: 100 },
      ]);
    });
  });

  describe('toString', () => {
    it('writes single ports, ranges, "all" and "none"', () => {
      expect(PortSet.of({ from: 22, to: 22 }, { from: 80, to: 443 }).toString()).toBe('22, 80-443');
      expect(PortSet.ports([3389, 22]).toString()).toBe('22, 3389');
      expect(PortSet.ALL.toString()).toBe('all');
      expect(PortSet.range(0, 65535).toString()).toBe('all');
      expect(PortSet.EMPTY.toString()).toBe('none');
      expect(PortSet.range(1024, 65535).toString()).toBe('1024-65535');
    });
  });
});
