/** The median of a list of numbers (the mean of the two middle ones for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The change of `now` against `before` run by turns (`now[i]` and `before[i]` measured one after the
 * other): the median of the per-turn ratios, less one. On a shared machine a neighbour slows both runs of
 * a turn alike, so this moves less than the ratio of the two medians. NaN when no turn has both figures.
 */
export function perTurnChange(
  now: readonly (number | undefined)[],
  before: readonly (number | undefined)[],
): number {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(now.length, before.length); i++) {
    const a = now[i];
    const b = before[i];
    if (a !== undefined && b !== undefined && b > 0) ratios.push(a / b);
  }
  return median(ratios) - 1;
}
