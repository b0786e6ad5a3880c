import type { SnapshotIndex } from '../engine/snapshot-index';
import { memoizedWeak } from '../memo';
import type { ManagedPrefixListWithEntries } from '../snapshot/types';

export type ResolvedPrefixList =
  | { kind: 'resolved'; cidrs: string[]; awsManaged: boolean; name?: string }
  | { kind: 'unresolvable'; reason: string };

const listsByIndex = new WeakMap<SnapshotIndex, Map<string, ManagedPrefixListWithEntries>>();

function listsOf(index: SnapshotIndex): Map<string, ManagedPrefixListWithEntries> {
  return memoizedWeak(listsByIndex, index, () => {
    const map = new Map<string, ManagedPrefixListWithEntries>();
    for (const list of index.snapshot.managedPrefixLists ?? []) {
      if (list.PrefixListId) map.set(list.PrefixListId, list);
    }
    return map;
  });
}

/**
 * AWS-managed lists (S3, DynamoDB, CloudFront origin-facing...) are owned by the account `AWS` and named
 * `com.amazonaws.…`: they hold one service's addresses, never arbitrary internet hosts.
 */
function isAwsManaged(list: ManagedPrefixListWithEntries): boolean {
  return list.OwnerId === 'AWS' || (list.PrefixListName?.startsWith('com.amazonaws.') ?? false);
}

/**
 * The CIDRs a managed prefix list stands for, from its entries as collected. Unresolvable when the lists
 * or this list's entries were not collected, or the list is not in the snapshot (deleted, or shared by an
 * account whose lists we cannot read): a rule must then say NOT_EVALUATED, never guess.
 */
export function resolvePrefixList(index: SnapshotIndex, id: string): ResolvedPrefixList {
  // The index counts an absent list, and a failed DescribeManagedPrefixLists or entries call, as missing.
  if (index.missingParts.has('managedPrefixLists')) {
    return { kind: 'unresolvable', reason: `${id}: managed prefix lists could not be collected` };
  }
  const list = listsOf(index).get(id);
  if (!list) return { kind: 'unresolvable', reason: `${id} is not in the snapshot` };
  if (!list.Entries) {
    return {
      kind: 'unresolvable',
      reason: `${id}: its entries were not collected (GetManagedPrefixListEntries)`,
    };
  }
  const cidrs = list.Entries.map((e) => e.Cidr).filter((c): c is string => c !== undefined);
  return {
    kind: 'resolved',
    cidrs,
    awsManaged: isAwsManaged(list),
    ...(list.PrefixListName ? { name: list.PrefixListName } : {}),
  };
}
