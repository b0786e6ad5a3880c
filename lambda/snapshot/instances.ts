/**
 * An instance as a snapshot keeps it: without `NetworkInterfaces`, the copy of its interfaces that
 * DescribeInstances returns. `networkInterfaces` (DescribeNetworkInterfaces) holds them in full and is what
 * every rule and `explain` read; the copy was a fifth of a large region's snapshot and of the time to load
 * it. Every other field is kept as AWS returns it. A snapshot that still has the copies loads as before.
 */
export function withoutInterfaceCopy<T extends object>(instance: T): T {
  if (!('NetworkInterfaces' in instance)) return instance;
  const { NetworkInterfaces: _copy, ...kept } = instance;
  return kept as T;
}
