/**
 * `a, b, c and 4 more`: keeps a finding readable when it names dozens of routes or hundreds of
 * interfaces.
 */
export function listSome(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
