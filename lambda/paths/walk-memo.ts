import type { Instance, NetworkInterface } from '@aws-sdk/client-ec2';
import type { SnapshotIndex } from '../engine/snapshot-index';
import { parseCidr, type Cidr } from '../net/cidr';
import { memoizedWeak } from '../memo';
import type { PortSet } from '../net/ports';
import {
  ephemeralPortsOf,
  ipv6Addresses,
  privateAddresses,
  publicIpv4Of,
  publicMappings,
  sourceAddress,
} from './addresses';
import type { IpVersion, PathAnswer, PathProtocol, PathQuery } from './types';
import { walkPath } from './walker';
import { worldOf, type World } from './world';

/** What NET.1-NET.3 read of a walk: the verdict and the hop that decided it. */
export type WalkOutcome = Pick<PathAnswer, 'verdict' | 'brokenHop' | 'unverifiableHop'>;

/** One interface's question to or from the internet, as the NET rules ask it. */
export interface InterfaceQuestion {
  eni: NetworkInterface;
  instance: Instance | undefined;
  /** `egress`: the interface to the internet; `ingress`: the internet to the interface. */
  direction: 'egress' | 'ingress';
  protocol: PathProtocol;
  port: number;
  ipVersion: IpVersion;
}

interface Entry {
  outcome: WalkOutcome;
  /** The decisive hop's text names the interface or instance it was walked for: others re-walk. */
  namesOwnIds: boolean;
}

/**
 * Walks shared by every interface that the walker cannot tell apart. Two interfaces give the same walk when
 * they share the subnet, the set of security groups, the instance's state and Platform (its ephemeral
 * ports), whether the address they send from (or are reached at) has a public IPv4 and an IPv6 address, and
 * how they are attached: the walker reads nothing else of them, except their addresses. An address matters
 * only where some rule, route or prefix-list entry names a block strictly inside its subnet (a NACL entry
 * for one host, a /32 route of an edge table): such subnets are "non-uniform" and their addresses join the
 * key. An interface that a route targets (a NAT instance) may meet itself on the way: it is keyed alone.
 *
 * A broken or unverifiable answer whose text names the ids or addresses of the interface it was walked for
 * is walked again for each other interface, so every finding names its own.
 */
export class WalkMemo {
  private static readonly memos = new WeakMap<SnapshotIndex, WalkMemo>();
  private readonly world: World;
  private readonly entries = new Map<string, Map<string, Map<string, Map<string, Entry>>>>();
  private nonUniform: Record<IpVersion, Set<string>> | undefined;
  private routeTargets: Set<string> | undefined;

  static for(index: SnapshotIndex): WalkMemo {
    return memoizedWeak(WalkMemo.memos, index, () => new WalkMemo(index));
  }

  constructor(readonly index: SnapshotIndex) {
    this.world = worldOf(index);
  }

  /** The walk of one question, shared with every interface the walker cannot tell apart from this one. */
  outcome(question: InterfaceQuestion): WalkOutcome {
    const address = this.addressOf(question);
    if (!address) return this.walk(question, undefined);
    const { eni, instance } = question;
    const subnetId = eni.SubnetId ?? '';
    const byQuestion = this.slot(this.entries, questionKey(question));
    const bySubnet = this.slot(byQuestion, subnetId);
    const byGroups = this.slot(bySubnet, groupKey(eni));
    const key = this.ownKey(question, address);
    const found = byGroups.get(key);
    if (found) return found.namesOwnIds ? this.walk(question, address) : found.outcome;
    const outcome = this.walk(question, address);
    byGroups.set(key, { outcome, namesOwnIds: namesAny(outcome, ownIds(this.index, eni, instance)) });
    return outcome;
  }

  /** A fresh walk, as `netaudit explain` would make it. */
  private walk(question: InterfaceQuestion, address: string | undefined): WalkOutcome {
    const { eni, instance, direction, protocol, port, ipVersion } = question;
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
  private addressOf(question: InterfaceQuestion): string | undefined {
    const { eni, direction, ipVersion } = question;
    if (direction === 'egress' || ipVersion === 6) return sourceAddress(eni, ipVersion);
    // Reached from the internet, the private address behind the public one decides (the walker's choice).
    const primary = sourceAddress(eni, 4);
    const mappings = publicMappings(this.index, eni);
    return (mappings.find((m) => m.private === primary) ?? mappings[0])?.private ?? primary;
  }

  /** What tells this interface apart from the others of its subnet and group set. */
  private ownKey(question: InterfaceQuestion, address: string): string {
    const { eni, instance, direction, ipVersion } = question;
    const id = eni.NetworkInterfaceId ?? '';
    const instanceId = eni.Attachment?.InstanceId;
    if (this.isRouteTarget(id) || (instanceId && this.isRouteTarget(instanceId))) return `self ${id}`;
    const found = instance ?? (instanceId ? this.index.instances.get(instanceId) : undefined);
    const publicV4 =
      ipVersion === 4 &&
      (direction === 'egress'
        ? publicIpv4Of(this.index, eni, address) !== undefined
        : publicMappings(this.index, eni).length > 0);
    const flags = [
      eni.Attachment ? (eni.Status === 'available' ? 'a' : 'A') : '-',
      instanceId ? (found ? (found.State?.Name ?? 'unknown') : 'missing') : 'service',
      portsLabel(ephemeralPortsOf(found).ports),
      publicV4 ? 'P' : '-',
      ipv6Addresses(eni).length > 0 ? '6' : '-',
    ].join('');
    return this.isNonUniform(eni.SubnetId, ipVersion) ? `${flags} ${address}` : flags;
  }

  private isNonUniform(subnetId: string | undefined, version: IpVersion): boolean {
    this.nonUniform ??= nonUniformSubnets(this.world);
    return !!subnetId && this.nonUniform[version].has(subnetId);
  }

  private isRouteTarget(id: string): boolean {
    this.routeTargets ??= routeTargetIds(this.index);
    return this.routeTargets.has(id);
  }

  private slot<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
    let found = map.get(key);
    if (!found) {
      found = new Map();
      map.set(key, found);
    }
    return found;
  }
}

function questionKey(q: InterfaceQuestion): string {
  return `${q.direction} ${q.protocol} ${q.port} ${q.ipVersion}`;
}

/** The interface's group ids as one key: one group's id as it is, several joined. */
function groupKey(eni: NetworkInterface): string {
  const groups = eni.Groups ?? [];
  return groups.length === 1 ? (groups[0]!.GroupId ?? '') : groups.map((g) => g.GroupId).join(',');
}

function portsLabel(ports: PortSet): string {
  return ports.toString();
}

/** Every id and address a hop message could name an interface or its instance by. */
function ownIds(index: SnapshotIndex, eni: NetworkInterface, instance: Instance | undefined): string[] {
  const ids = [eni.NetworkInterfaceId, eni.Attachment?.InstanceId, instance?.InstanceId];
  ids.push(...privateAddresses(eni), ...ipv6Addresses(eni));
  ids.push(...publicMappings(index, eni).map((m) => m.public));
  return ids.filter((id): id is string => !!id);
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

/** Every CIDR block a rule, route or prefix-list entry of the world's snapshots names. */
function namedBlocks(world: World): Set<string> {
  const blocks = new Set<string>();
  const add = (text: string | undefined) => {
    if (text) blocks.add(text);
  };
  for (const { snapshot } of world.indexes) {
    for (const acl of snapshot.networkAcls) {
      for (const entry of acl.Entries ?? []) {
        add(entry.CidrBlock);
        add(entry.Ipv6CidrBlock);
      }
    }
    for (const group of snapshot.securityGroups) {
      for (const permission of [...(group.IpPermissions ?? []), ...(group.IpPermissionsEgress ?? [])]) {
        for (const range of permission.IpRanges ?? []) add(range.CidrIp);
        for (const range of permission.Ipv6Ranges ?? []) add(range.CidrIpv6);
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
  for (const text of namedBlocks(world)) {
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
