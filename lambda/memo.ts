/** What `memoized` needs of a cache: a Map, or a WeakMap for object keys. */
interface Cache<K, V> {
  get(key: K): V | undefined;
  has(key: K): boolean;
  set(key: K, value: V): unknown;
}

/**
 * The cache's value for `key`, computed and stored on first use. A stored `undefined` counts as computed
 * ("no answer" is an answer too); a hit costs one lookup unless the stored value is `undefined`.
 */
export function memoized<K, V>(cache: Cache<K, V>, key: K, compute: () => V): V {
  const found = cache.get(key);
  if (found !== undefined || cache.has(key)) return found as V;
  const value = compute();
  cache.set(key, value);
  return value;
}
