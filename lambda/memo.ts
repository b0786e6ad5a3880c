/**
 * The cache's value for `key`, computed and stored on first use. A stored `undefined` counts as computed
 * ("no answer" is an answer too); a hit costs one lookup unless the stored value is `undefined`.
 *
 * Maps and WeakMaps have a function each: V8 keeps one set of call-site caches per function, and one
 * function over both kinds made every lookup of the reachability engine's hot caches a generic call
 * (about 0.1 s of a 100,000-interface audit).
 *
 * `compute` is given the key, so a cache of one thing per key (per index, per group) passes a named
 * function and builds nothing per call. A closure is built at every call, hit or miss: hot call sites that
 * need one, for values that are never `undefined`, write `cache.get(key) ?? memoized(cache, key, compute)`.
 */
export function memoized<K, V>(cache: Map<K, V>, key: K, compute: (key: K) => V): V {
  const found = cache.get(key);
  if (found !== undefined || cache.has(key)) return found as V;
  const value = compute(key);
  cache.set(key, value);
  return value;
}

/** `memoized` over a WeakMap (per-index and per-query caches that must not keep their key alive). */
export function memoizedWeak<K extends object, V>(cache: WeakMap<K, V>, key: K, compute: (key: K) => V): V {
  const found = cache.get(key);
  if (found !== undefined || cache.has(key)) return found as V;
  const value = compute(key);
  cache.set(key, value);
  return value;
}
