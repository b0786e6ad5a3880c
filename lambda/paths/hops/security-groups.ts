import type { IpPermission, NetworkInterface, SecurityGroup } from '@aws-sdk/client-ec2';
import type { SnapshotIndex } from '../../engine/snapshot-index';
import { parseCidr } from '../../net/cidr';
import { describePermission, permissionSources, permissionTraffic } from '../../net/permissions';
import { holdsPublicAddresses, isPublicAddress } from '../../net/internet';
import { cidrHolds, internetRanges } from '../addresses';
import { describePeer, type Peer, type Traffic } from '../peer';
import { resolvePrefixList } from '../../net/prefix-lists';
import type { Hop, IpVersion } from '../types';
import { MAX_PORT, PortSet, type PortRange } from '../../net/ports';
import { memoizedWeak } from '../../memo';

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
  const known = memoizedWeak(
    factsByGroup,
    group,
    (): { in?: PermissionFacts[]; out?: PermissionFacts[] } => ({}),
  );
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
  const decided = memoizedWeak(hopsByIndex, index, () => new Map<string, Hop>());
  const found = decided.get(key);
  const own = `no security group of ${eni.NetworkInterfaceId ?? '?'}`;
  // A failure names the interface: the rest of it is the group set's, and is kept for the next interface.
  if (found) return found.status === 'FAIL' ? { ...found, message: own + found.message } : found;
  const hop = decideHop(index, eni, egress, peer, traffic, version);
  if (hop.status !== 'FAIL') decided.set(key, hop);
  else if (hop.message.startsWith(own) && hop.resourceId !== eni.NetworkInterfaceId) {
    decided.set(key, { ...hop, message: hop.message.slice(own.length) });
  }
  return hop;
}

const hopsByIndex = new WeakMap<SnapshotIndex, Map<string, Hop>>();

function groupIdsOf(eni: NetworkInterface): string {
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
  return statusOf(read(index, index.groupsOfInterface(eni), egress, peer, traffic, version));
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
  const carrying: PortSet[] = [];
  let wide = PortSet.EMPTY;
  let unsure = PortSet.EMPTY;
  const narrow: string[] = [];
  for (const group of groups) {
    for (const facts of factsOf(group, egress)) {
      const traffic = facts.traffic;
      if (traffic.protocol !== protocol && traffic.protocol !== 'all') continue;
      carrying.push(traffic.ports);
      if (peer.kind !== 'internet') continue;
      const sources = sourcesOf(index, facts, version);
      sources.internet ??= internetRanges(sources.cidrs, version).length > 0;
      if (sources.internet) wide = wide.union(traffic.ports);
      else narrow.push(...sources.cidrs);
      if (sources.unresolved.length > 0) unsure = unsure.union(traffic.ports);
    }
  }
  // For the internet, unless narrower ranges could add up to it, a port passes exactly where an
  // internet-wide rule carries it (what `read` finds, without asking it stretch by stretch).
  if (peer.kind === 'internet' && internetRanges(narrow, version).length === 0) {
    return { pass: wide, skip: unsure.subtract(wide) };
  }
  const bounds = new Set<number>([0]);
  for (const ports of carrying) {
    for (const range of ports.ranges) {
      bounds.add(range.from);
      bounds.add(range.to + 1);
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
  const reading = read(index, groups, egress, peer, traffic, version);
  const ruleText = ({ group, permission }: { group: SecurityGroup; permission: IpPermission }) => {
    const text = `${group.GroupId}: ${describePermission(permission, permissionSources(permission))}`;
    return egress ? text.replace(' from ', ' to ') : text;
  };
  const matched = reading.matched.map((m) =>
    m.member && peer.kind === 'address' ? `${ruleText(m)} (${peer.address} is in ${m.member})` : ruleText(m),
  );
  const others = reading.others.map(ruleText);
  const { unresolved, allCidrs } = reading;
  const hop = (status: Hop['status'], message: string, evidence: string[], fix: string | null): Hop => ({
    kind: 'security-group',
    resourceId,
    status,
    message,
    evidence,
    fix,
  });
  if (matched.length > 0) return hop('PASS', `security groups allow ${way} ${what}`, matched, null);
  if (unresolved.length > 0) {
    return hop(
      'SKIP',
      `no rule certainly allows ${way} ${what}, and a rule names a prefix list that cannot be resolved`,
      [...unresolved, ...others],
      `Collect the managed prefix lists (DescribeManagedPrefixLists, GetManagedPrefixListEntries) and ask again.`,
    );
  }
  const evidence = others.map((r) => `${r} (does not cover ${describePeer(peer)})`);
  const first = groupIds[0] ?? 'a security group of the interface';
  const names = groupIds.join(', ') || 'no security group';
  let fix: string;
  if (peer.kind === 'internet' && !egress) {
    const admitted = publicSources(allCidrs);
    const privateOnly = allCidrs.length > 0 && admitted.length === 0;
    if (privateOnly) {
      evidence.push(
        `the rules name only private ranges (${[...new Set(allCidrs)].join(', ')}): internet clients never have such addresses`,
      );
    } else if (admitted.length > 0) {
      evidence.push(`admitted public sources: ${[...new Set(admitted)].join(', ')}`);
    }
    const rule = others[0];
    fix = rule
      ? `To admit internet clients, edit the rule ${rule}: set its source to the clients' public addresses (a /32 each), or ${version === 4 ? '0.0.0.0/0' : '::/0'} only for a public service.`
      : `Add an inbound rule ${traffic.protocol.toUpperCase()} ${traffic.ports.toString()} from the clients' public addresses to ${first}.`;
  } else if (peer.kind === 'address' && !egress && !isPublicAddress(peer.address)) {
    fix = `Add an inbound rule ${traffic.protocol.toUpperCase()} ${traffic.ports.toString()} from ${peer.address}/32 (or its subnet, or a security group it is in) to ${first}.`;
  } else if (peer.kind === 'address' && !egress) {
    const privateOnly = others.length > 0 && publicSources(allSourcesOf(index, groups, version)).length === 0;
    if (privateOnly)
      evidence.push(
        'the matching rules name only private ranges: internet clients never have such addresses',
      );
    fix = `Add an inbound rule ${traffic.protocol.toUpperCase()} ${traffic.ports.toString()} from ${peer.address}/32 to ${first}.`;
  } else {
    fix = `Add an outbound rule ${what} to ${first}.`;
  }
  return hop(
    'FAIL',
    `no security group of ${eni.NetworkInterfaceId ?? '?'} (${names}) allows ${way} ${what}`,
    evidence,
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
