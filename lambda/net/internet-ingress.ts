import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import type { SnapshotIndex } from '../engine/snapshot-index';
import { memoized, memoizedWeak } from '../memo';
import { coversInternet, isInternetRange, isNarrowPrefix, writtenPrefix } from './internet';
import { resolvePrefixList } from './prefix-lists';

/** One ingress permission of a group that admits the internet, and exactly what it opens. */
export interface InternetPermission {
  permission: IpPermission;
  /**
   * The sources that make it the internet, as named: `0.0.0.0/0`, `0.0.0.0/1`, `::/0`, or a prefix list
   * entry as `pl-1 (0.0.0.0/0)`.
   */
  sources: readonly string[];
}

/** An ingress permission naming a managed prefix list NetAudit could not read: it may admit the internet. */
export interface UnresolvedPermission {
  permission: IpPermission;
  /** Why each unreadable list could not be resolved. */
  reasons: readonly string[];
}

/** What a group's ingress opens to the internet, and what could not be decided. */
export interface GroupIngress {
  internet: readonly InternetPermission[];
  unresolved: readonly UnresolvedPermission[];
}

/** Per index, so an audit of a changed snapshot (always a new index) never sees stale permissions. */
const ingressByIndex = new WeakMap<SnapshotIndex, Map<SecurityGroup, GroupIngress>>();

/**
 * The group's ingress toward the internet. SG.1 to SG.4 and the reachability engine each ask for every
 * group, so the scan is done once per group and index and shared: reading every rule of every group is
 * most of what asking costs in a large region.
 */
export function groupIngress(index: SnapshotIndex, group: SecurityGroup): GroupIngress {
  const byGroup = memoizedWeak(ingressByIndex, index, () => new Map<SecurityGroup, GroupIngress>());
  return memoized(byGroup, group, () => scanIngress(index, group));
}

/** The group's ingress permissions that admit the internet (RULES.md's definition). */
export function internetIngress(index: SnapshotIndex, group: SecurityGroup): readonly InternetPermission[] {
  return groupIngress(index, group).internet;
}

const everyByIndex = new WeakMap<SnapshotIndex, readonly GroupIngress[]>();

/**
 * `groupIngress` of every group of the snapshot, in its order: the SG rules walk every group and read
 * theirs by position, where asking by group cost two lookups per group and rule.
 */
export function everyGroupIngress(index: SnapshotIndex): readonly GroupIngress[] {
  return memoizedWeak(everyByIndex, index, () =>
    index.snapshot.securityGroups.map((group) => groupIngress(index, group)),
  );
}

const everyInternetByIndex = new WeakMap<SnapshotIndex, readonly (readonly InternetPermission[])[]>();

/** `internetIngress` of every group, in snapshot order. */
export function everyInternetIngress(index: SnapshotIndex): readonly (readonly InternetPermission[])[] {
  return memoizedWeak(everyInternetByIndex, index, () => everyGroupIngress(index).map((g) => g.internet));
}

/** Shared by every group that admits nothing from the internet and names no unreadable list (most). */
const NOTHING: GroupIngress = { internet: [], unresolved: [] };

/** A source range as found in a permission, with the label a finding gives it. */
interface Source {
  cidr: string;
  label: string;
}

/** The CIDRs a permission names directly or through readable customer prefix lists; AWS-managed lists hold service addresses. */
function sourcesOf(index: SnapshotIndex, permission: IpPermission, unreadable: string[]): Source[] {
  const out: Source[] = [];
  for (const r of permission.IpRanges ?? []) if (r.CidrIp) out.push({ cidr: r.CidrIp, label: r.CidrIp });
  for (const r of permission.Ipv6Ranges ?? [])
    if (r.CidrIpv6) out.push({ cidr: r.CidrIpv6, label: r.CidrIpv6 });
  for (const ref of permission.PrefixListIds ?? []) {
    if (!ref.PrefixListId) continue;
    const list = resolvePrefixList(index, ref.PrefixListId);
    if (list.kind === 'unresolvable') unreadable.push(list.reason);
    else if (!list.awsManaged)
      for (const cidr of list.cidrs) out.push({ cidr, label: `${ref.PrefixListId} (${cidr})` });
  }
  return out;
}

/**
 * Most permissions name a few /16 to /32 ranges and no prefix list: they are rejected on the written
 * prefix alone, without parsing or allocating; a wide private range (10.0.0.0/8) costs one cached lookup. `narrow` sums the address count of the narrow ranges per
 * version, so the search for a set of ranges that together cover everything runs only where the sum
 * could reach it.
 */
function quickScan(permission: IpPermission, narrow: { 4: number; 6: number }): boolean {
  let wide = false;
  for (const r of permission.IpRanges ?? []) {
    const prefix = r.CidrIp ? writtenPrefix(r.CidrIp) : -1;
    if (prefix < 0) continue;
    if (isNarrowPrefix(prefix, 4)) narrow[4] += 2 ** (32 - prefix);
    else if (isInternetRange(r.CidrIp!)) wide = true;
    else narrow[4] += 2 ** (32 - prefix);
  }
  for (const r of permission.Ipv6Ranges ?? []) {
    const prefix = r.CidrIpv6 ? writtenPrefix(r.CidrIpv6) : -1;
    if (prefix < 0) continue;
    if (isNarrowPrefix(prefix, 6)) narrow[6] += 2 ** (128 - prefix);
    else if (isInternetRange(r.CidrIpv6!)) wide = true;
    else narrow[6] += 2 ** (128 - prefix);
  }
  return wide || (permission.PrefixListIds?.length ?? 0) > 0;
}

/**
 * What the scan of a group's ingress saw besides its internet permissions: how many addresses its ranges
 * that are not the internet on their own hold, per IP version (overlaps counted twice, whatever the
 * protocol), and whether a rule names a prefix list (whose entries it does not count).
 */
export interface IngressSizes {
  4: number;
  6: number;
  lists: boolean;
}

const NO_SIZES: IngressSizes = { 4: 0, 6: 0, lists: false };
const sizesByIndex = new WeakMap<SnapshotIndex, Map<SecurityGroup, IngressSizes>>();

/** `IngressSizes` of a group, from the scan `groupIngress` makes (and shares with SG.1-SG.4). */
export function ingressSizes(index: SnapshotIndex, group: SecurityGroup): IngressSizes {
  groupIngress(index, group);
  return sizesByIndex.get(index)?.get(group) ?? NO_SIZES;
}

function scanIngress(index: SnapshotIndex, group: SecurityGroup): GroupIngress {
  const permissions = group.IpPermissions ?? [];
  const narrow = { 4: 0, 6: 0 };
  let closer = false;
  let lists = false;
  for (const permission of permissions) {
    if (quickScan(permission, narrow)) closer = true;
    if ((permission.PrefixListIds?.length ?? 0) > 0) lists = true;
  }
  if (narrow[4] > 0 || narrow[6] > 0 || lists) {
    const sizes = sizesByIndex.get(index) ?? memoizedWeak(sizesByIndex, index, newSizes);
    sizes.set(group, { 4: narrow[4], 6: narrow[6], lists });
  }
  const sets = narrow[4] >= 2 ** 32 || narrow[6] >= 2 ** 128;
  if (!closer && !sets) return NOTHING;
  if (!sets) return wideSources(index, permissions);
  return withCoveringSets(index, permissions, wideSources(index, permissions));
}

function newSizes(): Map<SecurityGroup, IngressSizes> {
  return new Map();
}

/** The permissions with a range that is the internet on its own (the common case: 0.0.0.0/0, ::/0). */
function wideSources(index: SnapshotIndex, permissions: readonly IpPermission[]): GroupIngress {
  let internet: InternetPermission[] | undefined;
  let unresolved: UnresolvedPermission[] | undefined;
  for (const permission of permissions) {
    let sources: string[] | undefined;
    for (const r of permission.IpRanges ?? [])
      if (r.CidrIp && isInternetRange(r.CidrIp)) (sources ??= []).push(r.CidrIp);
    for (const r of permission.Ipv6Ranges ?? [])
      if (r.CidrIpv6 && isInternetRange(r.CidrIpv6)) (sources ??= []).push(r.CidrIpv6);
    if ((permission.PrefixListIds?.length ?? 0) > 0) {
      const reasons: string[] = [];
      for (const source of sourcesOf(index, { PrefixListIds: permission.PrefixListIds }, reasons))
        if (isInternetRange(source.cidr)) (sources ??= []).push(source.label);
      if (reasons.length > 0) (unresolved ??= []).push({ permission, reasons });
    }
    if (sources) (internet ??= []).push({ permission, sources });
  }
  if (!internet && !unresolved) return NOTHING;
  return { internet: internet ?? [], unresolved: unresolved ?? [] };
}

/**
 * Adds the permissions with the same protocol and ports whose ranges together cover every address: they
 * admit the internet as surely as one 0.0.0.0/0 (0.0.0.0/1 + 128.0.0.0/1, or 256 /8s in two rules).
 */
function withCoveringSets(
  index: SnapshotIndex,
  permissions: readonly IpPermission[],
  wide: GroupIngress,
): GroupIngress {
  const internet = new Map<IpPermission, string[]>(
    wide.internet.map((hit) => [hit.permission, [...hit.sources]]),
  );
  const byTraffic = new Map<string, { permission: IpPermission; sources: Source[] }[]>();
  for (const permission of permissions) {
    const key = `${permission.IpProtocol}:${permission.FromPort}:${permission.ToPort}`;
    memoized(byTraffic, key, () => []).push({ permission, sources: sourcesOf(index, permission, []) });
  }
  for (const members of byTraffic.values()) {
    for (const version of [4, 6] as const) {
      const ofVersion = (s: Source) => s.cidr.includes(':') === (version === 6);
      const cidrs = members.flatMap((m) => m.sources.filter(ofVersion).map((s) => s.cidr));
      if (!coversInternet(cidrs, version)) continue;
      for (const { permission, sources } of members) {
        const labels = sources.filter(ofVersion).map((s) => s.label);
        if (labels.length === 0) continue;
        const known = memoized(internet, permission, () => []);
        for (const label of labels) if (!known.includes(label)) known.push(label);
      }
    }
  }
  if (internet.size === 0) return wide;
  return {
    // In the group's own order, as the console lists them.
    internet: permissions
      .filter((p) => internet.has(p))
      .map((permission) => ({ permission, sources: internet.get(permission)! })),
    unresolved: wide.unresolved,
  };
}
