/** An inclusive range of ports (or ICMP types). */
export interface PortRange {
  from: number;
  to: number;
}

export const MAX_PORT = 65535;

/**
 * An immutable set of ports as sorted, disjoint, non-adjacent ranges. Operations are linear in the number
 * of ranges, so a group opening 0-65535 beside a NACL with fifty denies stays cheap.
 */
export class PortSet {
  static readonly EMPTY = new PortSet([]);
  static readonly ALL = new PortSet([{ from: 0, to: MAX_PORT }]);

  private constructor(readonly ranges: readonly PortRange[]) {}

  static of(...ranges: PortRange[]): PortSet {
    return PortSet.normalize(ranges);
  }

  static range(from: number, to: number = from): PortSet {
    // normalize() for one range, without its arrays: every TCP/UDP rule of every group makes one.
    const low = Math.max(0, Math.min(from, to));
    const high = Math.min(MAX_PORT, Math.max(from, to));
    if (low > high) return PortSet.EMPTY;
    if (low === high) return PortSet.single(low);
    return low === 0 && high === MAX_PORT ? PortSet.ALL : new PortSet([{ from: low, to: high }]);
  }

  /**
   * One port's set, one object per port: every walk asks for its request's port, and hop texts and cache
   * keys read its text (kept on the set).
   */
  private static single(port: number): PortSet {
    let set = PortSet.singles.get(port);
    if (!set) {
      set = new PortSet([{ from: port, to: port }]);
      PortSet.singles.set(port, set);
    }
    return set;
  }

  private static readonly singles = new Map<number, PortSet>();

  static ports(ports: readonly number[]): PortSet {
    return PortSet.normalize(ports.map((p) => ({ from: p, to: p })));
  }

  private static normalize(input: readonly PortRange[]): PortSet {
    const sorted = input
      .map((r) => ({
        from: Math.max(0, Math.min(r.from, r.to)),
        to: Math.min(MAX_PORT, Math.max(r.from, r.to)),
      }))
      .filter((r) => r.from <= r.to)
      .sort((a, b) => a.from - b.from);
    const merged: PortRange[] = [];
    for (const r of sorted) appendRange(merged, r);
    return merged.length === 0 ? PortSet.EMPTY : new PortSet(merged);
  }

  isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  isAll(): boolean {
    return this.ranges.length === 1 && this.ranges[0]!.from === 0 && this.ranges[0]!.to === MAX_PORT;
  }

  has(port: number): boolean {
    // A plain loop: asked for every group of every interface in a large audit.
    for (const r of this.ranges) if (r.from <= port && port <= r.to) return true;
    return false;
  }

  size(): number {
    return this.ranges.reduce((n, r) => n + r.to - r.from + 1, 0);
  }

  union(other: PortSet): PortSet {
    if (other.isEmpty() || this.isAll()) return this;
    if (this.isEmpty() || other.isAll()) return other;
    // Both lists are sorted and disjoint: one merge pass, without normalize()'s copies and sort.
    const a = this.ranges;
    const b = other.ranges;
    const out: PortRange[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      appendRange(out, j >= b.length || (i < a.length && a[i]!.from <= b[j]!.from) ? a[i++]! : b[j++]!);
    }
    return new PortSet(out);
  }

  intersect(other: PortSet): PortSet {
    const out: PortRange[] = [];
    let i = 0;
    let j = 0;
    while (i < this.ranges.length && j < other.ranges.length) {
      const a = this.ranges[i]!;
      const b = other.ranges[j]!;
      const from = Math.max(a.from, b.from);
      const to = Math.min(a.to, b.to);
      if (from <= to) out.push({ from, to });
      if (a.to < b.to) i++;
      else j++;
    }
    return out.length === 0 ? PortSet.EMPTY : new PortSet(out);
  }

  subtract(other: PortSet): PortSet {
    if (other.isEmpty() || this.isEmpty()) return this;
    const out: PortRange[] = [];
    let j = 0;
    for (const a of this.ranges) {
      let from = a.from;
      while (j < other.ranges.length && other.ranges[j]!.to < from) j++;
      let k = j;
      while (k < other.ranges.length && other.ranges[k]!.from <= a.to) {
        const b = other.ranges[k]!;
        if (b.from > from) out.push({ from, to: b.from - 1 });
        from = Math.max(from, b.to + 1);
        k++;
      }
      if (from <= a.to) out.push({ from, to: a.to });
    }
    return out.length === 0 ? PortSet.EMPTY : new PortSet(out);
  }

  equals(other: PortSet): boolean {
    return (
      this.ranges.length === other.ranges.length &&
      this.ranges.every((r, i) => r.from === other.ranges[i]!.from && r.to === other.ranges[i]!.to)
    );
  }

  /** `22, 80-443` or `all` or `none`. */
  toString(): string {
    // Sets are immutable, and hop texts and cache keys ask the same few (ephemeral ranges) all the time.
    return (this.text ??= this.isEmpty()
      ? 'none'
      : this.isAll()
        ? 'all'
        : this.ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(', '));
  }

  private text: string | undefined;
}

/**
 * Adds `range` to sorted, merged ranges, joining it to the last one where they overlap or touch. Ranges in
 * a set are never mutated, so `range` itself is kept when it stands alone and a widened one is a new object.
 */
function appendRange(ranges: PortRange[], range: PortRange): void {
  const last = ranges[ranges.length - 1];
  if (!last || range.from > last.to + 1) ranges.push(range);
  else if (range.to > last.to) ranges[ranges.length - 1] = { from: last.from, to: range.to };
}
