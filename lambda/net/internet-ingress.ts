import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import type { SnapshotIndex } from '../engine/snapshot-index';
import { memoized, memoizedWeak } from '../memo';
import { internetSources } from './permissions';

/** One ingress permission of a group that admits the internet, and exactly what it opens. */
export interface InternetPermission {
  permission: IpPermission;
  /** 0.0.0.0/0 and/or ::/0 as named in the permission. */
  sources: readonly string[];
}

/** Per index, so an audit of a changed snapshot (always a new index) never sees stale permissions. */
const ingressByIndex = new WeakMap<SnapshotIndex, Map<SecurityGroup, readonly InternetPermission[]>>();

/**
 * The group's ingress permissions that admit the internet. SG.1 to SG.4 and the reachability engine each ask
 * for every group, so the scan is done once per group and index and shared: reading every rule of every
 * group is most of what asking costs in a large region.
 */
export function internetIngress(index: SnapshotIndex, group: SecurityGroup): readonly InternetPermission[] {
  const byGroup = memoizedWeak(
    ingressByIndex,
    index,
    () => new Map<SecurityGroup, readonly InternetPermission[]>(),
  );
  return memoized(byGroup, group, () => scanInternetIngress(group));
}

const everyByIndex = new WeakMap<SnapshotIndex, readonly (readonly InternetPermission[])[]>();

/**
 * `internetIngress` of every group of the snapshot, in its order: the SG rules walk every group and read
 * theirs by position, where asking by group cost two lookups per group and rule.
 */
export function everyInternetIngress(index: SnapshotIndex): readonly (readonly InternetPermission[])[] {
  return memoizedWeak(everyByIndex, index, () =>
    index.snapshot.securityGroups.map((group) => internetIngress(index, group)),
  );
}

/** Shared by every group that admits nothing from the internet (most of them). */
const NO_INTERNET_INGRESS: readonly InternetPermission[] = [];

function scanInternetIngress(group: SecurityGroup): readonly InternetPermission[] {
  let out: InternetPermission[] | undefined;
  for (const permission of group.IpPermissions ?? []) {
    const sources = internetSources(permission);
    if (sources.length > 0) (out ??= []).push({ permission, sources });
  }
  return out ?? NO_INTERNET_INGRESS;
}
