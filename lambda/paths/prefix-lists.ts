import type { SnapshotIndex } from '../engine/snapshot-index';

/** The AWS-managed prefix list of a regional service (`com.amazonaws.<region>.s3`), if the snapshot has it. */
export function servicePrefixListId(index: SnapshotIndex, service: string): string | undefined {
  const name = `com.amazonaws.${index.region}.${service}`;
  return index.snapshot.managedPrefixLists?.find((l) => l.PrefixListName === name)?.PrefixListId;
}
