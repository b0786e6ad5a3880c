import type { Instance, NetworkInterface, SecurityGroup } from '@aws-sdk/client-ec2';
import type { SnapshotIndex } from '../engine/snapshot-index';
import { parseCidr, type Cidr } from '../net/cidr';
import { writtenPrefix } from '../net/internet';
import { memoizedWeak } from '../memo';
import { PortSet } from '../net/ports';
import { ipv6Addresses, privateAddresses, publicMappings, sourceAddress } from './addresses';
import type { IpVersion, PathAnswer, PathProtocol, PathQuery } from './types';
import { groupIdsOf, internetPortStatus, securityGroupStatus } from './hops/security-groups';
import { INTERNET } from './peer';
import { walkPath } from './walker';
import { worldOf, type World } from './world';

/** What NET.1-NET.3 read of a walk: the verdict and the hop that decided it. */
export type WalkOutcome = Pick<PathAnswer, 'verdict' | 'brokenHop' | 'unverifiableHop'>;

/** A question to or from the internet, as the NET rules ask it of every interface: make it once. */
export interface WalkQuestion {
  /** `egress`: the interface to the internet; `ingress`: the internet to the interface. */
  direction: 'egress' | 'ingress';
  protocol: PathProtocol;
  port: number;
  ipVersion: IpVersion;
}

interface Entry {
  outcome: WalkOutcome;
  /**
   * The decisive hop's text names the interface or instance it was walked for. Others of the key take the
   * answer with their own ids written in (`renaming`), when both have the plain shape that makes that exact;
   * else they walk again.
   */
  namesOwnIds: boolean;
  renaming: Renaming | undefined;
}

/**
 * The ids and addresses a hop can name an interface by, in a fixed order: its id, its instance's, its
 * private IPv4, its IPv6 and its public IPv4 address ('' for none). Only interfaces of one private IPv4
 * address, at most one IPv6 address and no public address but the primary's have one: their hop texts differ
 * by these tokens alone. The last is the set of security groups, which a hop names as they are: a text that
 * names one of them is shared only with interfaces of the same set.
 */
type Identity = readonly [string, string, string, string, string, string];

/**
 * Walks shared by every interface that the walker cannot tell apart. Two interfaces give the same walk when
 * they share the subnet, the set of security groups, the instance's state and Platform (its ephemeral
 * ports), whether the address they send from (or are reached at) has a public IPv4 address, and how they
 * are attached: the walker reads nothing else of them, except their addresses. Of the groups, only
 * the verdict of their own hop counts, unless a group on the way (a NAT instance's) admits one of them by
 * reference: then the set itself joins the key. An address matters
 * only where some rule, route or prefix-list entry names a block strictly inside its subnet (a NACL entry
 * for one host, a /32 route of an edge table): such subnets are "non-uniform" and their addresses join the
 * key. An interface that a route targets (a NAT instance) may meet itself on the way: it is keyed alone.
 *
 * A broken or unverifiable answer whose text names the ids or addresses of the interface it was walked for
 * is given to the others of its key with their own ids written in (`Identity`), or walked again for those
 * of another shape, so every finding names its own.
 */
export class WalkMemo {
  private static readonly memos = new WeakMap<SnapshotIndex, WalkMemo>();
  private readonly world: World;
  private readonly entries = new WeakMap<WalkQuestion, Map<unknown, unknown>>();
  private nonUniform: Record<IpVersion, Set<string>> | undefined;
  private routeTargets: Set<string> | undefined;
  private admitted: Set<string> | undefined;
  private readonly groupVerdicts = new WeakMap<WalkQuestion, Map<string, string>>();

  static for(index: SnapshotIndex): WalkMemo {
    return memoizedWeak(WalkMemo.memos, index, newWalkMemo);
  }

  constructor(readonly index: SnapshotIndex) {
    this.world = worldOf(index);
  }

  /** The walk of one question, shared with every interface the walker cannot tell apart from this one. */
  outcome(
    eni: NetworkInterface,
    instance: Instance | undefined,
    question: WalkQuestion,
    /**
     * What the caller already knows of the port: `PASS`, the interface's own groups admit it; `OPEN`, a port
     * from the internet that both its groups and its subnet's NACL admit. Those are the only hops of a walk
     * from the internet that read the port, so an `OPEN` walk is shared by every such port of the protocol
     * and IP version.
     */
    known?: 'PASS' | 'OPEN',
  ): WalkOutcome {
    const address = this.addressOf(eni, question);
    if (!address) return this.walk(eni, instance, question, undefined);
    const shared =
      known === 'OPEN' && question.direction === 'ingress' ? this.anyOpenPort(question) : question;
    // Keys are nested maps of the strings the snapshot already holds: no key text is built per interface.
    let level =
      this.entries.get(shared) ?? memoizedWeak(this.entries, shared, () => new Map<unknown, unknown>());
    const keys = this.keys;
    const length = this.keyOf(eni, instance, question, address, known && 'PASS');
    for (let i = 0; i < length - 1; i++) {
      let next = level.get(keys[i]) as Map<unknown, unknown> | undefined;
      if (!next) {
        next = new Map();
        level.set(keys[i], next);
      }
      level = next;
    }
    const key = keys[length - 1];
    const entries = level as Map<unknown, Entry>;
    const found = entries.get(key);
    if (found && !found.namesOwnIds) return found.outcome;
    if (found) {
      const identity = found.renaming && this.identityOf(eni, instance);
      return identity && sameShape(found.renaming!, identity)
        ? rename(found.outcome, found.renaming!, identity)
        : this.walk(eni, instance, question, address);
    }
    const outcome = this.walk(eni, instance, question, address);
    const namesOwnIds = namesAny(outcome, ownIds(this.index, eni, instance));
    let identity = namesOwnIds ? this.identityOf(eni, instance) : undefined;
    // A text that names none of the groups fits an interface of any set the key admits.
    const groupIds = (eni.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : []));
    if (identity && !namesAny(outcome, groupIds))
      identity = [identity[0], identity[1], identity[2], identity[3], identity[4], ANY_GROUPS];
    entries.set(key, { outcome, namesOwnIds, renaming: identity && renamingOf(outcome, identity) });
    return outcome;
  }

  /** The question that stands for every open port of a question's protocol and IP version. */
  private anyOpenPort(question: WalkQuestion): WalkQuestion {
    const slot =
      (question.protocol === 'udp' ? 2 : question.protocol === 'icmp' ? 4 : 0) +
      (question.ipVersion === 6 ? 1 : 0);
    return (this.openPorts[slot] ??= { ...question, port: -1 });
  }

  private readonly openPorts: WalkQuestion[] = [];

  /** The interface's `Identity`, or undefined when its shape is not the plain one. */
  private identityOf(eni: NetworkInterface, instance: Instance | undefined): Identity | undefined {
    const v4 = privateAddresses(eni);
    const v6 = ipv6Addresses(eni);
    const mappings = publicMappings(this.index, eni);
    if (v4.length !== 1 || v6.length > 1 || mappings.length > 1) return undefined;
    const id = eni.NetworkInterfaceId;
    const instanceId = eni.Attachment?.InstanceId ?? instance?.InstanceId ?? '';
    if (!id || (instance && instance.InstanceId !== instanceId)) return undefined;
    return [id, instanceId, v4[0]!, v6[0] ?? '', mappings[0]?.public ?? '', groupIdsOf(eni)];
  }

  /** A fresh walk, as `netaudit explain` would make it. */
  private walk(
    eni: NetworkInterface,
    instance: Instance | undefined,
    question: WalkQuestion,
    address: string | undefined,
  ): WalkOutcome {
    const { direction, protocol, port, ipVersion } = question;
    if (!address) {
      return {
        verdict: 'unverifiable',
        brokenHop: null,
        unverifiableHop: {
          kind: 'network-interface',
          resourceId: eni.NetworkInterfaceId ?? '?',
          message: `${eni.NetworkInterfaceId ?? '?'} has no IPv${ipVersion} address`,
          direction: 'forward',
        },
      };
    }
    const own = {
      endpoint: { kind: 'interface' as const, eni, ...(instance ? { instance } : {}), address },
      index: this.index,
    };
    const internet = { endpoint: { kind: 'internet' as const }, index: this.index };
    const query: PathQuery = { protocol, port: protocol === 'icmp' ? 0 : port, ipVersion };
    const answer =
      direction === 'egress'
        ? walkPath(this.world, own, internet, query)
        : walkPath(this.world, internet, own, query);
    return { verdict: answer.verdict, brokenHop: answer.brokenHop, unverifiableHop: answer.unverifiableHop };
  }

  /** The interface's own address in the question: the one it sends from, or the one it is reached at. */
  private addressOf(eni: NetworkInterface, question: WalkQuestion): string | undefined {
    const { direction, ipVersion } = question;
    const primary = ipVersion === 4 ? (eni.PrivateIpAddress ?? sourceAddress(eni, 4)) : undefined;
    if (ipVersion === 6) return sourceAddress(eni, 6);
    if (direction === 'egress') return primary;
    // Reached from the internet, the private address behind the public one decides (the walker's choice).
    const mappings = publicMappings(this.index, eni);
    return (mappings.find((m) => m.private === primary) ?? mappings[0])?.private ?? primary;
  }

  /** `keyOf`'s output: read at once by `outcome`, so one array serves every interface. */
  private readonly keys: unknown[] = [];

  /**
   * What tells this interface's walk apart from others', as the keys of nested maps, outermost first: written
   * into `keys`, and their number returned. How many keys there are must follow from the keys before the
   * last (the subnet decides whether the address joins, `'self'` cuts the key short), or an answer's map
   * would meet another's inner level.
   */
  private keyOf(
    eni: NetworkInterface,
    instance: Instance | undefined,
    question: WalkQuestion,
    address: string,
    known: 'PASS' | undefined,
  ): number {
    const keys = this.keys;
    const { direction, ipVersion } = question;
    const subnet = eni.SubnetId ?? '';
    const groups = this.groupClass(eni, question, known);
    const id = eni.NetworkInterfaceId ?? '';
    const instanceId = eni.Attachment?.InstanceId;
    // A walk out of an interface whose groups deny (or cannot tell) stops at them, before its subnet or
    // address is read: one walk per group set (its text names them), whatever the subnet.
    const stopsAtGroups = direction === 'egress' && (groups === 'FAIL' || groups === 'SKIP');
    keys[0] = stopsAtGroups ? `groups ${groupIdsOf(eni)}` : subnet;
    keys[1] = groups;
    if (this.isRouteTarget(id) || (instanceId && this.isRouteTarget(instanceId))) {
      keys[2] = 'self';
      keys[3] = id;
      return 4;
    }
    const found = instance ?? (instanceId ? this.index.instances.get(instanceId) : undefined);
    const publicV4 =
      ipVersion === 4 &&
      (direction === 'egress'
        ? publicMappings(this.index, eni).some((m) => m.private === address)
        : publicMappings(this.index, eni).length > 0);
    // The Platform decides the ephemeral ports; the rest is whether the walker's checks of the end pass.
    const attached = (eni.Attachment ? (eni.Status === 'available' ? 1 : 2) : 0) + (publicV4 ? 4 : 0);
    const state = instanceId ? (found ? (found.State?.Name ?? '?') : 'missing') : 'service';
    const platform = found?.Platform ?? '';
    keys[2] = attached;
    keys[3] = state;
    keys[4] = platform;
    if (stopsAtGroups || !this.isNonUniform(eni.SubnetId, ipVersion)) return 5;
    keys[5] = address;
    return 6;
  }

  /**
   * The interface's groups as far as the walk can tell: only their own hop's verdict, unless a group of an
   * interface on the way (a NAT instance) admits members of one of them, when the set itself counts.
   */
  private groupClass(eni: NetworkInterface, question: WalkQuestion, known: 'PASS' | undefined): string {
    const { direction, protocol, port, ipVersion } = question;
    this.admitted ??= groupsAdmittedByRouteTargets(this.world);
    const admitted = this.admitted;
    if (admitted.size > 0 && (eni.Groups ?? []).some((g) => g.GroupId && admitted.has(g.GroupId))) {
      return groupIdsOf(eni);
    }
    if (known) return known;
    const egress = direction === 'egress';
    if (protocol !== 'icmp') {
      const status = internetPortStatus(this.index, eni, egress, protocol, port, ipVersion);
      if (status) return status;
    }
    // Only ICMP, and sets whose narrower ranges could add up to the internet, get here: kept per set.
    const key = groupIdsOf(eni);
    const verdicts =
      this.groupVerdicts.get(question) ??
      memoizedWeak(this.groupVerdicts, question, () => new Map<string, string>());
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      const traffic = { protocol, ports: PortSet.range(port) };
      verdict = securityGroupStatus(this.index, eni, egress, INTERNET, traffic, ipVersion);
      verdicts.set(key, verdict);
    }
    return verdict;
  }

  private isNonUniform(subnetId: string | undefined, version: IpVersion): boolean {
    this.nonUniform ??= nonUniformSubnets(this.world);
    return !!subnetId && this.nonUniform[version].has(subnetId);
  }

  private isRouteTarget(id: string): boolean {
    this.routeTargets ??= routeTargetIds(this.index);
    return this.routeTargets.has(id);
  }
}

function newWalkMemo(index: SnapshotIndex): WalkMemo {
  return new WalkMemo(index);
}

/** Every id and address a hop message could name an interface or its instance by. */
function ownIds(index: SnapshotIndex, eni: NetworkInterface, instance: Instance | undefined): string[] {
  const ids = [eni.NetworkInterfaceId, eni.Attachment?.InstanceId, instance?.InstanceId];
  ids.push(...privateAddresses(eni), ...ipv6Addresses(eni));
  ids.push(...publicMappings(index, eni).map((m) => m.public));
  return ids.filter((id): id is string => !!id);
}

/** Whether an answer's renaming fits another interface: its group set, and a counterpart for every token named. */
function sameShape(renaming: Renaming, other: Identity): boolean {
  const template = renaming.from;
  if (template[5] !== ANY_GROUPS && template[5] !== other[5]) return false;
  // A token the text names must have a counterpart; one it does not name is not read by the walk (an IPv6
  // address on an IPv4 path) or is told apart by the key already (a public address, an instance).
  return renaming.uses.every((token) => other[token] !== '');
}

/** An identity's group set when the text it was walked for names none of its groups. */
const ANY_GROUPS = '*';

/** Characters that continue an id or address: a token followed or preceded by one is part of another. */
const TOKEN_CHAR = /[\w.:-]/;

/** A text cut where it names the interface: literal pieces, and the index of the `Identity` token between them. */
type Template = readonly (string | number)[];

/** The decisive hop of an answer as templates, so that another interface's answer is a join. */
interface Renaming {
  from: Identity;
  /** The tokens the texts name. */
  uses: readonly number[];
  resourceId: Template;
  message: Template;
  fix: Template | null;
}

/** Cuts a text at every token of `identity` that stands alone (not inside a longer id or address). */
function templateOf(text: string, identity: Identity): Template {
  const hits: { at: number; length: number; token: number }[] = [];
  for (let token = 0; token < 5; token++) {
    const value = identity[token]!;
    if (!value) continue;
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
      if (standsAlone(text, at, value.length)) hits.push({ at, length: value.length, token });
    }
  }
  // The longer of two tokens found at one place wins (an address inside an id cannot stand alone anyway).
  hits.sort((a, b) => a.at - b.at || b.length - a.length);
  const out: (string | number)[] = [];
  let from = 0;
  for (const hit of hits) {
    if (hit.at < from) continue;
    out.push(text.slice(from, hit.at), hit.token);
    from = hit.at + hit.length;
  }
  out.push(text.slice(from));
  return out;
}

function standsAlone(text: string, at: number, length: number): boolean {
  const before = text[at - 1];
  const after = text[at + length];
  if (before !== undefined && TOKEN_CHAR.test(before)) return false;
  // A full stop ends a sentence; one followed by more of the token does not.
  return (
    after === undefined ||
    !TOKEN_CHAR.test(after) ||
    (after === '.' && !/\w/.test(text[at + length + 1] ?? ''))
  );
}

function fill(template: Template, identity: Identity): string {
  let text = '';
  for (const part of template) text += typeof part === 'number' ? identity[part] : part;
  return text;
}

function renamingOf(outcome: WalkOutcome, from: Identity): Renaming {
  const hop = outcome.brokenHop ?? outcome.unverifiableHop;
  const resourceId = templateOf(hop?.resourceId ?? '', from);
  const message = templateOf(hop?.message ?? '', from);
  const fix = outcome.brokenHop?.fix ? templateOf(outcome.brokenHop.fix, from) : null;
  const uses = [...resourceId, ...message, ...(fix ?? [])].filter((p): p is number => typeof p === 'number');
  return { from, uses: [...new Set(uses)], resourceId, message, fix };
}

/** The answer walked for one interface, as a walk for another of the same key writes it. */
function rename(outcome: WalkOutcome, renaming: Renaming, to: Identity): WalkOutcome {
  const { brokenHop, unverifiableHop } = outcome;
  return {
    verdict: outcome.verdict,
    brokenHop: brokenHop && {
      ...brokenHop,
      resourceId: fill(renaming.resourceId, to),
      message: fill(renaming.message, to),
      fix: renaming.fix ? fill(renaming.fix, to) : brokenHop.fix,
    },
    unverifiableHop: unverifiableHop && {
      ...unverifiableHop,
      resourceId: fill(renaming.resourceId, to),
      message: fill(renaming.message, to),
    },
  };
}

function namesAny(outcome: WalkOutcome, ids: readonly string[]): boolean {
  const hop = outcome.brokenHop ?? outcome.unverifiableHop;
  if (!hop) return false;
  const text = `${hop.resourceId} ${hop.message} ${'fix' in hop ? (hop.fix ?? '') : ''}`;
  return ids.some((id) => text.includes(id));
}

/** Ids of instances and interfaces that some route sends traffic to (NAT instances, appliances). */
function routeTargetIds(index: SnapshotIndex): Set<string> {
  const ids = new Set<string>();
  for (const table of index.snapshot.routeTables) {
    for (const route of table.Routes ?? []) {
      if (route.InstanceId) ids.add(route.InstanceId);
      if (route.NetworkInterfaceId) ids.add(route.NetworkInterfaceId);
    }
  }
  return ids;
}

/**
 * Groups that a group of some route target (a NAT instance, an appliance) admits by reference: a walk
 * through that target asks whether the sender is a member of them.
 */
function groupsAdmittedByRouteTargets(world: World): Set<string> {
  const admitted = new Set<string>();
  for (const group of routeTargetGroups(world)) {
    for (const permission of group.IpPermissions ?? []) {
      for (const pair of permission.UserIdGroupPairs ?? []) if (pair.GroupId) admitted.add(pair.GroupId);
    }
  }
  return admitted;
}

/** The groups of the interfaces some route sends traffic to: the only groups that see a sender's address. */
function routeTargetGroups(world: World): SecurityGroup[] {
  return memoizedWeak(targetGroupsByWorld, world, readTargetGroups);
}

/** Asked by two of the walk memo's one-time readings: read once per world. */
const targetGroupsByWorld = new WeakMap<World, SecurityGroup[]>();

function readTargetGroups(world: World): SecurityGroup[] {
  const groups: SecurityGroup[] = [];
  for (const index of world.indexes) {
    const targets = routeTargetIds(index);
    if (targets.size === 0) continue;
    for (const eni of index.snapshot.networkInterfaces) {
      const instanceId = eni.Attachment?.InstanceId;
      if (targets.has(eni.NetworkInterfaceId ?? '') || (instanceId && targets.has(instanceId))) {
        groups.push(...index.groupsOfInterface(eni));
      }
    }
  }
  return groups;
}

/**
 * Every CIDR block that a NACL entry, route or prefix-list entry of the world's snapshots names, or a rule
 * of a group that sees the sender's address (a NAT instance's): an interface's own groups match only the
 * internet on these questions.
 */
function namedBlocks(world: World): Set<string> {
  const blocks = new Set<string>();
  const add = (text: string | undefined) => {
    if (text) blocks.add(text);
  };
  for (const group of routeTargetGroups(world)) {
    for (const permission of [...(group.IpPermissions ?? []), ...(group.IpPermissionsEgress ?? [])]) {
      for (const range of permission.IpRanges ?? []) add(range.CidrIp);
      for (const range of permission.Ipv6Ranges ?? []) add(range.CidrIpv6);
    }
  }
  for (const { snapshot } of world.indexes) {
    for (const acl of snapshot.networkAcls) {
      for (const entry of acl.Entries ?? []) {
        add(entry.CidrBlock);
        add(entry.Ipv6CidrBlock);
      }
    }
    for (const table of snapshot.routeTables) {
      for (const route of table.Routes ?? []) {
        add(route.DestinationCidrBlock);
        add(route.DestinationIpv6CidrBlock);
      }
    }
    for (const table of snapshot.transitGatewayRouteTables ?? []) {
      for (const route of table.Routes ?? []) add(route.DestinationCidrBlock);
    }
    for (const list of snapshot.managedPrefixLists ?? []) {
      for (const entry of list.Entries ?? []) add(entry.Cidr);
    }
  }
  return blocks;
}

/**
 * Subnets (per IP version) holding a block that some rule, route or prefix-list entry names strictly inside
 * them: there two addresses of the subnet can be treated differently. Blocks nest or are disjoint, so it is
 * enough to look each named block's wider prefixes up among the subnets' blocks.
 */
export function nonUniformSubnets(world: World): Record<IpVersion, Set<string>> {
  const out: Record<IpVersion, Set<string>> = { 4: new Set(), 6: new Set() };
  const subnetsByBlock = new Map<string, string[]>();
  const prefixes: Record<IpVersion, Set<number>> = { 4: new Set(), 6: new Set() };
  const blockKey = (version: IpVersion, first: bigint, prefix: number) => `${version} ${first} ${prefix}`;
  for (const { snapshot } of world.indexes) {
    for (const subnet of snapshot.subnets) {
      const texts = [
        subnet.CidrBlock,
        ...(subnet.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.Ipv6CidrBlock),
      ];
      for (const text of texts) {
        const cidr = text ? parseCidr(text) : undefined;
        if (!cidr || !subnet.SubnetId) continue;
        prefixes[cidr.version].add(cidr.prefix);
        const key = blockKey(cidr.version, cidr.first, cidr.prefix);
        subnetsByBlock.set(key, [...(subnetsByBlock.get(key) ?? []), subnet.SubnetId]);
      }
    }
  }
  const narrowest = { 4: Math.min(...prefixes[4]), 6: Math.min(...prefixes[6]) };
  for (const text of namedBlocks(world)) {
    // Only a block narrower than some subnet can lie strictly inside one: most are read without parsing.
    if (writtenPrefix(text) <= narrowest[text.includes(':') ? 6 : 4]) continue;
    const cidr: Cidr | undefined = parseCidr(text);
    if (!cidr) continue;
    const bits = cidr.version === 4 ? 32 : 128;
    for (const prefix of prefixes[cidr.version]) {
      if (prefix >= cidr.prefix) continue;
      const hostBits = BigInt(bits - prefix);
      const first = (cidr.first >> hostBits) << hostBits;
      for (const id of subnetsByBlock.get(blockKey(cidr.version, first, prefix)) ?? []) {
        out[cidr.version].add(id);
      }
    }
  }
  return out;
}
