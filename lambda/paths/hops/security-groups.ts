import type { IpPermission, IpRange, Ipv6Range, NetworkInterface, SecurityGroup } from '@aws-sdk/client-ec2';
import type { SnapshotIndex } from '../../engine/snapshot-index';
import { parseCidr } from '../../net/cidr';
import { describePermission, permissionSources, permissionTraffic } from '../../net/permissions';
import {
  ADDRESSES,
  addressCount,
  blockSize,
  holdsPublicAddresses,
  isInternetRange,
  isPublicAddress,
} from '../../net/internet';
import { normalizeProtocol } from '../../net/protocol';
import { cidrHolds, internetRanges } from '../addresses';
import { describePeer, type Peer, type Traffic } from '../peer';
import { resolvePrefixList } from '../../net/prefix-lists';
import { groupIngress, ingressSizes } from '../../net/internet-ingress';
import type { Hop, IpVersion } from '../types';
import { MAX_PORT, PortSet, type PortRange } from '../../net/ports';
import { memoized, memoizedWeak } from '../../memo';

/** A permission as the hop reads it: its traffic, and its sources per IP version (read when first asked). */
interface PermissionFacts {
  permission: IpPermission;
  traffic: ReturnType<typeof permissionTraffic>;
  sources: Partial<Record<IpVersion, Sources>>;
}

interface Sources {
  cidrs: string[];
  groups: string[];
  unresolved: string[];
  /** Whether one of the ranges is the internet on its own (read when first asked). */
  internet?: boolean;
}

// A group's permissions are read once: every walk through the group asks them again.
const factsByGroup = new WeakMap<SecurityGroup, { in?: PermissionFacts[]; out?: PermissionFacts[] }>();

function factsOf(group: SecurityGroup, egress: boolean): PermissionFacts[] {
  const known =
    factsByGroup.get(group) ??
    memoizedWeak(factsByGroup, group, (): { in?: PermissionFacts[]; out?: PermissionFacts[] } => ({}));
  const read = (permissions: IpPermission[] | undefined) =>
    (permissions ?? []).map((permission) => ({
      permission,
      traffic: permissionTraffic(permission),
      sources: {},
    }));
  return egress ? (known.out ??= read(group.IpPermissionsEgress)) : (known.in ??= read(group.IpPermissions));
}

/** Does the permission's protocol and port range carry this traffic? */
function carries(facts: PermissionFacts, traffic: Traffic, version: IpVersion): boolean {
  const { protocol, ports } = facts.traffic;
  if (protocol === 'all') return true;
  if (traffic.protocol === 'icmp') return protocol === (version === 4 ? 'icmp' : 'icmpv6');
  if (protocol !== traffic.protocol) return false;
  const asked = traffic.ports.ranges;
  // A request asks for one port: no set to build.
  if (asked.length === 1 && asked[0]!.from === asked[0]!.to) return ports.has(asked[0]!.from);
  return !ports.intersect(traffic.ports).isEmpty();
}

/** The sources (ingress) or destinations (egress) a permission names, prefix lists resolved. */
function sourcesOf(index: SnapshotIndex, facts: PermissionFacts, version: IpVersion): Sources {
  return (facts.sources[version] ??= readSources(index, facts.permission, version));
}

function readSources(index: SnapshotIndex, permission: IpPermission, version: IpVersion): Sources {
  const cidrs =
    version === 4
      ? (permission.IpRanges ?? []).map((r) => r.CidrIp)
      : (permission.Ipv6Ranges ?? []).map((r) => r.CidrIpv6);
  const out: Sources = { cidrs: cidrs.filter((c): c is string => !!c), groups: [], unresolved: [] };
  for (const pair of permission.UserIdGroupPairs ?? []) if (pair.GroupId) out.groups.push(pair.GroupId);
  for (const ref of permission.PrefixListIds ?? []) {
    if (!ref.PrefixListId) continue;
    const resolved = resolvePrefixList(index, ref.PrefixListId);
    if (resolved.kind === 'resolved') {
      out.cidrs.push(...resolved.cidrs.filter((c) => parseCidr(c)?.version === version));
    } else out.unresolved.push(`${ref.PrefixListId} (${resolved.reason})`);
  }
  return out;
}

function memberOf(eni: NetworkInterface | undefined, groupIds: readonly string[]): string | undefined {
  return (eni?.Groups ?? []).find((g) => g.GroupId && groupIds.includes(g.GroupId))?.GroupId;
}

/**
 * The security groups of one interface, for traffic leaving it (egress) or arriving at it (ingress).
 * Groups are stateful allow lists: the union of every rule counts, and replies always pass. "The internet"
 * is admitted by a range that is internet-wide or by ranges that together cover the address space; a rule
 * that admits some public addresses admits those hosts, not the internet.
 */
export function securityGroupHop(
  index: SnapshotIndex,
  eni: NetworkInterface,
  egress: boolean,
  peer: Peer,
  traffic: Traffic,
  version: IpVersion,
): Hop {
  // NET.1-NET.3 ask the same few group sets the same question for thousands of interfaces: a verdict that
  // does not name the interface (every one but a failure) is decided once per group set.
  const key = `${groupIdsOf(eni)} ${egress ? 'out' : 'in'} ${version} ${peer.kind === 'internet' ? '*' : `${peer.address} ${peer.eni ? groupIdsOf(peer.eni) : '-'}`} ${traffic.protocol} ${traffic.ports.toString()}`;
  const decided = hopsByIndex.get(index) ?? memoizedWeak(hopsByIndex, index, () => new Map<string, Hop>());
  const found = decided.get(key);
  const own = `no security group of ${eni.NetworkInterfaceId ?? '?'}`;
  // A failure names the interface: the rest of it is the group set's, and is kept for the next interface.
  if (found) return found.status === 'FAIL' ? retold(found, own + found.message) : found;
  const hop = decideHop(index, eni, egress, peer, traffic, version);
  if (hop.status !== 'FAIL') decided.set(key, hop);
  else if (hop.message.startsWith(own) && hop.resourceId !== eni.NetworkInterfaceId) {
    decided.set(key, retold(hop, hop.message.slice(own.length)));
  }
  return hop;
}

/**
 * A hop whose evidence is written when first read. The rules of a group set are written out for `explain`;
 * NET.1-NET.3 walk thousands of sets and read only the decisive hop's message and fix.
 */
function hopWithEvidence(
  resourceId: string,
  status: Hop['status'],
  message: string,
  fix: string | null,
  evidence: () => string[],
): Hop {
  let written: string[] | undefined;
  // A getter written in the literal: V8 gives every such hop one shape, where defineProperty reshaped each.
  return {
    kind: 'security-group',
    resourceId,
    status,
    message,
    fix,
    get evidence() {
      return (written ??= evidence());
    },
  };
}

/** The same hop with another message (its evidence still written only when read). */
function retold(hop: Hop, message: string): Hop {
  return hopWithEvidence(hop.resourceId, hop.status, message, hop.fix, () => hop.evidence);
}

const hopsByIndex = new WeakMap<SnapshotIndex, Map<string, Hop>>();

/** An interface's group ids as one key (of caches by group set): one group's id as it is, several joined. */
export function groupIdsOf(eni: NetworkInterface): string {
  const groups = eni.Groups ?? [];
  return groups.length === 1 ? (groups[0]!.GroupId ?? '') : groups.map((g) => g.GroupId).join(',');
}

/** What the rules of some groups say of one packet, before any of it is written out. */
interface Reading {
  /** Permissions that admit the peer, with why when it is by group membership. */
  matched: { group: SecurityGroup; permission: IpPermission; member?: string }[];
  /** Permissions that carry the traffic but do not name the peer. */
  others: { group: SecurityGroup; permission: IpPermission }[];
  unresolved: string[];
  /** Every range the carrying permissions name (for the internet: together they may cover it). */
  allCidrs: string[];
}

function read(
  index: SnapshotIndex,
  groups: readonly SecurityGroup[],
  egress: boolean,
  peer: Peer,
  traffic: Traffic,
  version: IpVersion,
): Reading {
  const out: Reading = { matched: [], others: [], unresolved: [], allCidrs: [] };
  for (const group of groups) {
    for (const facts of factsOf(group, egress)) {
      if (!carries(facts, traffic, version)) continue;
      const { permission } = facts;
      const sources = sourcesOf(index, facts, version);
      out.unresolved.push(...sources.unresolved);
      if (peer.kind === 'internet') {
        out.allCidrs.push(...sources.cidrs);
        sources.internet ??= internetRanges(sources.cidrs, version).length > 0;
        if (sources.internet) out.matched.push({ group, permission });
        else out.others.push({ group, permission });
        continue;
      }
      const byCidr = sources.cidrs.some((c) => cidrHolds(c, peer.address));
      const member = memberOf(peer.eni, sources.groups);
      if (byCidr || member) out.matched.push({ group, permission, ...(member ? { member } : {}) });
      else out.others.push({ group, permission });
    }
  }
  // Ranges of several rules may together cover the internet (0.0.0.0/1 in one, 128.0.0.0/1 in another).
  if (
    peer.kind === 'internet' &&
    out.matched.length === 0 &&
    internetRanges(out.allCidrs, version).length > 0
  ) {
    out.matched.push(...out.others.splice(0));
  }
  return out;
}

/**
 * The verdict of an interface's groups from every rule read in full, never from the summaries: what
 * `internetPortStatus` must agree with (its property test asks both).
 */
export function statusByRules(
  index: SnapshotIndex,
  eni: NetworkInterface,
  egress: boolean,
  peer: Peer,
  traffic: Traffic,
  version: IpVersion,
): Hop['status'] {
  return statusOf(read(index, index.groupsOfInterface(eni), egress, peer, traffic, version));
}

function statusOf(reading: Reading): Hop['status'] {
  if (reading.matched.length > 0) return 'PASS';
  return reading.unresolved.length > 0 ? 'SKIP' : 'FAIL';
}

/**
 * `securityGroupHop(...).status` for an interface's groups, without writing the hop: NET.1-NET.3 ask it of
 * every group set, and only the verdict tells two sets apart.
 */
export function securityGroupStatus(
  index: SnapshotIndex,
  eni: NetworkInterface,
  egress: boolean,
  peer: Peer,
  traffic: Traffic,
  version: IpVersion,
): Hop['status'] {
  return (
    summedStatus(index, eni, egress, peer, traffic, version) ??
    statusByRules(index, eni, egress, peer, traffic, version)
  );
}

/**
 * `internetPortStatus` when the question is one TCP or UDP port to or from the internet, the one the
 * groups' summaries answer; undefined for any other question, or when the summaries cannot tell.
 */
function summedStatus(
  index: SnapshotIndex,
  eni: NetworkInterface,
  egress: boolean,
  peer: Peer,
  traffic: Traffic,
  version: IpVersion,
): Hop['status'] | undefined {
  if (peer.kind !== 'internet' || traffic.protocol === 'icmp') return undefined;
  const asked = traffic.ports.ranges;
  if (asked.length !== 1 || asked[0]!.from !== asked[0]!.to) return undefined;
  return internetPortStatus(index, eni, egress, traffic.protocol, asked[0]!.from, version);
}

/**
 * The verdict of an interface's groups on one TCP or UDP port to or from the internet, from the groups'
 * summaries alone; undefined when their narrower ranges could add up to the internet and only `read`
 * can tell. NET.2 asks it of every instance: nothing is allocated.
 */
export function internetPortStatus(
  index: SnapshotIndex,
  eni: NetworkInterface,
  egress: boolean,
  protocol: 'tcp' | 'udp',
  port: number,
  version: IpVersion,
): Hop['status'] | undefined {
  let unsure = false;
  let narrow = 0;
  const verdicts = portVerdicts(index, egress, version, protocol, port);
  for (const ref of eni.Groups ?? []) {
    const id = ref.GroupId;
    if (!id) continue;
    let verdict = verdicts.get(id);
    if (verdict === undefined) {
      verdict = portVerdictOf(index, id, egress, version, protocol, port);
      verdicts.set(id, verdict);
    }
    if (verdict === PORT_OPEN) return 'PASS';
    if (verdict === MISSING) continue;
    if (verdict.unsure) unsure = true;
    narrow += verdict.narrowSize;
  }
  if (narrow < ADDRESSES[version]) return unsure ? 'SKIP' : 'FAIL';
  return undefined;
}

/**
 * One group's summary read for one port: open to the internet, or what a set's verdict still needs of it
 * (whether an unresolved list carries the port, the narrower ranges' size). NET.2 asks it for the groups
 * of every instance: one lookup by id reaches it, where the summary took five steps through memory.
 */
type PortVerdict = typeof PORT_OPEN | typeof MISSING | { unsure: boolean; narrowSize: number };
const PORT_OPEN = 'open';
const MISSING = 'missing';

function portVerdictOf(
  index: SnapshotIndex,
  groupId: string,
  egress: boolean,
  version: IpVersion,
  protocol: 'tcp' | 'udp',
  port: number,
): PortVerdict {
  const group = index.securityGroups.get(groupId);
  if (!group) return MISSING;
  const summary = internetSummaryOf(index, group, egress, version)[protocol];
  if (summary.wide.has(port)) return PORT_OPEN;
  const unsure = summary.unsure.has(port);
  return !unsure && summary.narrowSize === 0 ? CLOSED : { unsure, narrowSize: summary.narrowSize };
}

/** The verdict of most groups that do not open the port: nothing unsure, no narrower ranges. */
const CLOSED = { unsure: false, narrowSize: 0 };

/** Per index, direction and IP version, then per protocol and port: group verdicts by group id. */
const verdictsByIndex = new WeakMap<SnapshotIndex, Map<number, Map<string, PortVerdict>>[]>();

function portVerdicts(
  index: SnapshotIndex,
  egress: boolean,
  version: IpVersion,
  protocol: 'tcp' | 'udp',
  port: number,
): Map<string, PortVerdict> {
  const slots = verdictsByIndex.get(index) ?? memoizedWeak(verdictsByIndex, index, newVerdictSlots);
  const byPort = slots[(egress ? 2 : 0) + (version === 6 ? 1 : 0)]!;
  const key = port * 2 + (protocol === 'udp' ? 1 : 0);
  return byPort.get(key) ?? memoized(byPort, key, newVerdictMap);
}

function newVerdictMap(): Map<string, PortVerdict> {
  return new Map();
}

function newVerdictSlots(): Map<number, Map<string, PortVerdict>>[] {
  return [new Map(), new Map(), new Map(), new Map()];
}

/** What one group's rules of one direction open to an arbitrary internet host, for one protocol and version. */
interface InternetSummary {
  /** Ports a rule opens to an internet-wide source (its ranges, a resolved prefix list's entries). */
  wide: PortSet;
  /** Ports a rule opens to a prefix list that could not be resolved. */
  unsure: PortSet;
  /** How many addresses the other rules' ranges hold together (they may add up to the internet). */
  narrowSize: number;
}

/** A group's summaries of one direction and IP version, per protocol. */
type Summaries = Record<'tcp' | 'udp', InternetSummary>;

/** Per group: ingress and egress, IPv4 and IPv6, each read when first asked. */
const summaries = new WeakMap<SnapshotIndex, Map<SecurityGroup, (Summaries | undefined)[]>>();

// Per index: a summary reads its index's prefix lists, and a group object could be shared by two indexes.
function newSummaryCache(): Map<SecurityGroup, (Summaries | undefined)[]> {
  return new Map();
}

function newSlots(): (Summaries | undefined)[] {
  return [];
}

/**
 * A group's rules read once for the internet, the question NET.1-NET.3 ask of every group set: the same
 * reading as `read`'s, summed up per protocol so that a set's answer is a union.
 */
function internetSummaryOf(
  index: SnapshotIndex,
  group: SecurityGroup,
  egress: boolean,
  version: IpVersion,
): Summaries {
  const byGroup = summaries.get(index) ?? memoizedWeak(summaries, index, newSummaryCache);
  const known = byGroup.get(group) ?? memoized(byGroup, group, newSlots);
  const slot = (egress ? 2 : 0) + (version === 6 ? 1 : 0);
  return (known[slot] ??= summarize(index, group, egress, version));
}

function summarize(
  index: SnapshotIndex,
  group: SecurityGroup,
  egress: boolean,
  version: IpVersion,
): Summaries {
  const none = (): InternetSummary => ({ wide: PortSet.EMPTY, unsure: PortSet.EMPTY, narrowSize: 0 });
  const out: Summaries = { tcp: none(), udp: none() };
  if (!egress) {
    const shared = fromIngressScan(index, group, version);
    if (shared) return shared;
  }
  for (const permission of (egress ? group.IpPermissionsEgress : group.IpPermissions) ?? []) {
    const protocol = normalizeProtocol(permission.IpProtocol);
    if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'all') continue;
    const reach =
      (permission.PrefixListIds ?? []).length > 0
        ? listedReach(index, permission, version)
        : writtenReach(permission, version);
    if (reach === NO_REACH) continue;
    // Most rules name narrow ranges only: their ports are never read.
    const ports = reach.internet || reach.unresolved ? permissionTraffic(permission).ports : undefined;
    if (protocol !== 'udp') addReach(out.tcp, reach, ports);
    if (protocol !== 'tcp') addReach(out.udp, reach, ports);
  }
  return out;
}

/**
 * A group's ingress summary from the scan SG.1-SG.4 make of every group anyway (`groupIngress`), so the
 * rules are not read twice: only the permissions it found open to the internet are read again. Its size of
 * the narrower ranges counts every protocol, overlaps twice: never less than `summarize`'s, so a set it
 * cannot decide falls to the full reading as before. A group naming a prefix list is summed up in full.
 */
function fromIngressScan(
  index: SnapshotIndex,
  group: SecurityGroup,
  version: IpVersion,
): Summaries | undefined {
  const sizes = ingressSizes(index, group);
  if (sizes.lists) return undefined;
  const narrowSize = sizes[version];
  const out: Summaries = {
    tcp: { wide: PortSet.EMPTY, unsure: PortSet.EMPTY, narrowSize },
    udp: { wide: PortSet.EMPTY, unsure: PortSet.EMPTY, narrowSize },
  };
  for (const { permission } of groupIngress(index, group).internet) {
    const protocol = normalizeProtocol(permission.IpProtocol);
    if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'all') continue;
    if (!writtenReach(permission, version).internet) continue;
    const ports = permissionTraffic(permission).ports;
    if (protocol !== 'udp') out.tcp.wide = out.tcp.wide.union(ports);
    if (protocol !== 'tcp') out.udp.wide = out.udp.wide.union(ports);
  }
  return out;
}

function addReach(summary: InternetSummary, reach: Reach, ports: PortSet | undefined): void {
  if (reach.internet) summary.wide = summary.wide.union(ports!);
  if (reach.unresolved) summary.unsure = summary.unsure.union(ports!);
  summary.narrowSize += reach.size;
}

interface Reach {
  internet: boolean;
  unresolved: boolean;
  size: number;
}

/** A range's block, IPv4 or IPv6 (a permission lists each version apart). */
function rangeText(range: IpRange | Ipv6Range): string | undefined {
  return (range as IpRange).CidrIp ?? (range as Ipv6Range).CidrIpv6;
}

const NO_REACH: Reach = { internet: false, unresolved: false, size: 0 };
const INTERNET_REACH: Reach = { internet: true, unresolved: false, size: 0 };

/** A permission that names prefix lists: its sources resolved as `read` resolves them. */
function listedReach(index: SnapshotIndex, permission: IpPermission, version: IpVersion): Reach {
  const sources = readSources(index, permission, version);
  const internet = internetRanges(sources.cidrs, version).length > 0;
  return {
    internet,
    unresolved: sources.unresolved.length > 0,
    size: internet ? 0 : addressCount(sources.cidrs, version),
  };
}

/**
 * Whether a permission's written ranges of one version are the internet (as `read` judges them), or how
 * many addresses they hold. Read without building the permission's facts: most name one narrow block, and
 * there are tens of thousands.
 */
function writtenReach(permission: IpPermission, version: IpVersion): Reach {
  let size = 0;
  const ranges = version === 4 ? permission.IpRanges : permission.Ipv6Ranges;
  for (const range of ranges ?? []) {
    const cidr = rangeText(range);
    if (!cidr) continue;
    if (isInternetRange(cidr) && parseCidr(cidr)?.version === version) return INTERNET_REACH;
    size += blockSize(cidr, version);
  }
  if (size === 0) return NO_REACH;
  // Ranges of one rule may add up to the internet on their own (0.0.0.0/1 and 128.0.0.0/1).
  if (size >= ADDRESSES[version]) {
    const cidrs = (ranges ?? []).map((r) => rangeText(r) ?? '');
    if (internetRanges(cidrs, version).length > 0) return INTERNET_REACH;
  }
  return { internet: false, unresolved: false, size };
}

/**
 * Every TCP or UDP port for which `securityGroupHop` passes (`pass`) or cannot decide for an unresolved
 * prefix list (`skip`). The verdict changes only where a rule's port range starts or ends, so the hop's own
 * reading is asked once per stretch between those boundaries.
 */
export function securityGroupPorts(
  index: SnapshotIndex,
  eni: NetworkInterface,
  egress: boolean,
  peer: Peer,
  protocol: 'tcp' | 'udp',
  version: IpVersion,
): { pass: PortSet; skip: PortSet } {
  const groups = index.groupsOfInterface(eni);
  if (peer.kind === 'internet') {
    // Unless narrower ranges could add up to the internet, a port passes exactly where an internet-wide rule
    // carries it (what `read` finds, without asking it stretch by stretch).
    let wide = PortSet.EMPTY;
    let unsure = PortSet.EMPTY;
    let narrow = 0;
    for (const group of groups) {
      const summary = internetSummaryOf(index, group, egress, version)[protocol];
      wide = wide.union(summary.wide);
      unsure = unsure.union(summary.unsure);
      narrow += summary.narrowSize;
    }
    if (narrow < ADDRESSES[version]) return { pass: wide, skip: unsure.subtract(wide) };
  }
  const bounds = new Set<number>([0]);
  for (const group of groups) {
    for (const facts of factsOf(group, egress)) {
      const traffic = facts.traffic;
      if (traffic.protocol !== protocol && traffic.protocol !== 'all') continue;
      for (const range of traffic.ports.ranges) {
        bounds.add(range.from);
        bounds.add(range.to + 1);
      }
    }
  }
  const starts = [...bounds].filter((b) => b <= MAX_PORT).sort((a, b) => a - b);
  const pass: PortRange[] = [];
  const skip: PortRange[] = [];
  starts.forEach((from, i) => {
    const to = (starts[i + 1] ?? MAX_PORT + 1) - 1;
    const status = statusOf(
      read(index, groups, egress, peer, { protocol, ports: PortSet.range(from) }, version),
    );
    if (status === 'PASS') pass.push({ from, to });
    else if (status === 'SKIP') skip.push({ from, to });
  });
  return { pass: PortSet.of(...pass), skip: PortSet.of(...skip) };
}

function decideHop(
  index: SnapshotIndex,
  eni: NetworkInterface,
  egress: boolean,
  peer: Peer,
  traffic: Traffic,
  version: IpVersion,
): Hop {
  const groups: SecurityGroup[] = index.groupsOfInterface(eni);
  const groupIds = groups.map((g) => g.GroupId ?? '?');
  const resourceId = groupIds.join(',') || (eni.NetworkInterfaceId ?? '?');
  const way = egress ? 'outbound' : 'inbound';
  const what = `${traffic.protocol === 'icmp' ? 'ICMP' : `${traffic.protocol.toUpperCase()} ${traffic.ports.toString()}`} ${egress ? 'to' : 'from'} ${describePeer(peer)}`;
  let known: Reading | undefined;
  const readingOf = () => (known ??= read(index, groups, egress, peer, traffic, version));
  const ruleText = ({ group, permission }: { group: SecurityGroup; permission: IpPermission }) => {
    const text = `${group.GroupId}: ${describePermission(permission, permissionSources(permission))}`;
    return egress ? text.replace(' from ', ' to ') : text;
  };
  const matched = () =>
    readingOf().matched.map((m) =>
      m.member && peer.kind === 'address'
        ? `${ruleText(m)} (${peer.address} is in ${m.member})`
        : ruleText(m),
    );
  const others = () => readingOf().others.map(ruleText);
  const hop = (status: Hop['status'], message: string, evidence: () => string[], fix: string | null): Hop =>
    hopWithEvidence(resourceId, status, message, fix, evidence);
  // One port to or from the internet, what NET.1-NET.3 ask of every group set: the groups' summaries give
  // the verdict, and the rules are read only for a text that names them (or when the evidence is read).
  const summed = summedStatus(index, eni, egress, peer, traffic, version);
  if (summed === 'PASS') return hop('PASS', `security groups allow ${way} ${what}`, matched, null);
  if (summed !== 'FAIL' || !egress) {
    const { matched: matching, unresolved } = readingOf();
    if (matching.length > 0) return hop('PASS', `security groups allow ${way} ${what}`, matched, null);
    if (unresolved.length > 0) {
      return hop(
        'SKIP',
        `no rule certainly allows ${way} ${what}, and a rule names a prefix list that cannot be resolved`,
        () => [...unresolved, ...others()],
        `Collect the managed prefix lists (DescribeManagedPrefixLists, GetManagedPrefixListEntries) and ask again.`,
      );
    }
  }
  // A failure's evidence too is written when read: NET.2 meets thousands of group sets without outbound 443.
  const notCovering = () => others().map((r) => `${r} (does not cover ${describePeer(peer)})`);
  let more = (): string[] => [];
  const first = groupIds[0] ?? 'a security group of the interface';
  const names = groupIds.join(', ') || 'no security group';
  let fix: string;
  if (peer.kind === 'internet' && !egress) {
    const { allCidrs, others: unmatched } = readingOf();
    const admitted = publicSources(allCidrs);
    const privateOnly = allCidrs.length > 0 && admitted.length === 0;
    if (privateOnly) {
      more = () => [
        `the rules name only private ranges (${[...new Set(allCidrs)].join(', ')}): internet clients never have such addresses`,
      ];
    } else if (admitted.length > 0) {
      more = () => [`admitted public sources: ${[...new Set(admitted)].join(', ')}`];
    }
    const rule = unmatched[0] && ruleText(unmatched[0]);
    fix = rule
      ? `To admit internet clients, edit the rule ${rule}: set its source to the clients' public addresses (a /32 each), or ${version === 4 ? '0.0.0.0/0' : '::/0'} only for a public service.`
      : `Add an inbound rule ${traffic.protocol.toUpperCase()} ${traffic.ports.toString()} from the clients' public addresses to ${first}.`;
  } else if (peer.kind === 'address' && !egress && !isPublicAddress(peer.address)) {
    fix = `Add an inbound rule ${traffic.protocol.toUpperCase()} ${traffic.ports.toString()} from ${peer.address}/32 (or its subnet, or a security group it is in) to ${first}.`;
  } else if (peer.kind === 'address' && !egress) {
    const privateOnly =
      readingOf().others.length > 0 && publicSources(allSourcesOf(index, groups, version)).length === 0;
    if (privateOnly)
      more = () => [
        'the matching rules name only private ranges: internet clients never have such addresses',
      ];
    fix = `Add an inbound rule ${traffic.protocol.toUpperCase()} ${traffic.ports.toString()} from ${peer.address}/32 to ${first}.`;
  } else {
    fix = `Add an outbound rule ${what} to ${first}.`;
  }
  return hop(
    'FAIL',
    `no security group of ${eni.NetworkInterfaceId ?? '?'} (${names}) allows ${way} ${what}`,
    () => [...notCovering(), ...more()],
    fix,
  );
}

function publicSources(cidrs: readonly string[]): string[] {
  return cidrs.filter((c) => {
    const parsed = parseCidr(c);
    return !!parsed && holdsPublicAddresses(parsed);
  });
}

function allSourcesOf(index: SnapshotIndex, groups: readonly SecurityGroup[], version: IpVersion): string[] {
  return groups.flatMap((g) => factsOf(g, false).flatMap((f) => sourcesOf(index, f, version).cidrs));
}
