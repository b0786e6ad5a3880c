/**
 * Brings an SDK shape to what `aws ec2 describe-* --output json` prints and a Snapshot file holds:
 * timestamps as ISO strings, no undefined members, and no empty objects. The API returns empty shapes
 * for absent things (an interface without a public IP has `Association: {}`); dropping them here means
 * every reader can test presence with `?.` instead of guessing what an empty shape means. Arrays are
 * kept as they are, empty or not: an empty rule list is information.
 */
export function cleanShape<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(clean);
  if (typeof value !== 'object' || value === null) return value;
  const members: [string, unknown][] = [];
  for (const [key, member] of Object.entries(value)) {
    const cleaned = clean(member);
    if (cleaned === undefined || isEmptyObject(cleaned)) continue;
    members.push([key, cleaned]);
  }
  // fromEntries defines every key as the object's own, `__proto__` included: nothing is lost or inherited.
  return Object.fromEntries(members);
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  );
}
