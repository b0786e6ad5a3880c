import type { SnapshotIndex } from '../engine/snapshot-index';

export type ResolvedPrefixList =
  | { kind: 'resolved'; cidrs: string[]; awsManaged: boolean; name?: string }
  | { kind: 'unresolvable'; reason: string };

/**
 * A managed prefix list's CIDRs, from the snapshot's `managedPrefixLists` and their entries. AWS-managed
 * lists (owner `AWS`, names `com.amazonaws.<region>.<service>`) hold a service's addresses, never an
 * arbitrary internet host.
 */
export function resolvePrefixList(index: SnapshotIndex, id: string): ResolvedPrefixList {
  const lists = index.snapshot.managedPrefixLists;
  if (!lists || index.missingParts.has('managedPrefixLists')) {
    return {
      kind: 'unresolvable',
      reason: `managed prefix lists were not collected, so ${id} cannot be resolved`,
    };
  }
  const list = lists.find((l) => l.PrefixListId === id);
  if (!list) return { kind: 'unresolvable', reason: `${id} is not in the snapshot` };
  if (!list.Entries) return { kind: 'unresolvable', reason: `the entries of ${id} were not collected` };
  return {
    kind: 'resolved',
    cidrs: list.Entries.map((e) => e.Cidr).filter((c): c is string => !!c),
    awsManaged: list.OwnerId === 'AWS' || (list.PrefixListName ?? '').startsWith('com.amazonaws.'),
    ...(list.PrefixListName ? { name: list.PrefixListName } : {}),
  };
}

/** The AWS-managed prefix list of a regional service (`com.amazonaws.<region>.s3`), if the snapshot has it. */
export function servicePrefixListId(index: SnapshotIndex, service: string): string | undefined {
  const name = `com.amazonaws.${index.region}.${service}`;
  return index.snapshot.managedPrefixLists?.find((l) => l.PrefixListName === name)?.PrefixListId;
}
