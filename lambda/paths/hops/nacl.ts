import type { NetworkAcl, NetworkAclEntry } from '@aws-sdk/client-ec2';
import type { SnapshotIndex } from '../../engine/snapshot-index';
import { parseAddress, parseCidr, type Cidr } from '../../net/cidr';
import { count, describeEntry, entryCidr, entryPorts, orderedEntries, replyLoss } from '../../net/nacl';
import { PortSet } from '../../net/ports';
import { normalizeProtocol } from '../../net/protocol';
import { isInternetRange } from '../../net/internet';
import { describePeer, type Peer, type Traffic } from '../peer';
import { lookups } from '../lookups';
import { memoized, memoizedWeak } from '../../memo';
import type { Hop, IpVersion } from '../types';

/** The NACL a subnet uses: its association, else its VPC's default NACL (a subnet always has one). */
export function naclOfSubnet(index: SnapshotIndex, subnetId: string): NetworkAcl | undefined {
  const explicit = index.networkAclOf(subnetId);
  if (explicit) return explicit;
  const vpcId = index.subnets.get(subnetId)?.VpcId;
  return vpcId ? lookups(index).defaultNaclByVpc.get(vpcId) : undefined;
}

/** An entry as the crossings read it: parsed once per NACL, since every walk crosses the same few. */
interface ReadEntry {
  entry: NetworkAclEntry;
  block: Cidr | undefined;
  /** Matches an arbitrary internet host: an internet-wide range (a narrower one matches some hosts only). */
  internet: boolean;
  protocol: ReturnType<typeof normalizeProtocol>;
  ports: PortSet;
}

const readEntries = new WeakMap<NetworkAcl, { in?: ReadEntry[]; out?: ReadEntry[] }>();

function entriesOf(acl: NetworkAcl, egress: boolean): ReadEntry[] {
  const known =
    readEntries.get(acl) ??
    memoizedWeak(readEntries, acl, (): { in?: ReadEntry[]; out?: ReadEntry[] } => ({}));
  const read = () =>
    orderedEntries(acl, egress).map((entry): ReadEntry => {
      const cidr = entryCidr(entry) ?? '';
      return {
        entry,
        block: parseCidr(cidr),
        internet: isInternetRange(cidr),
        protocol: normalizeProtocol(entry.Protocol),
        ports: entryPorts(entry),
      };
    });
  return egress ? (known.out ??= read()) : (known.in ??= read());
}

function entryCarries(entry: ReadEntry, traffic: Traffic, version: IpVersion): boolean {
  const protocol = entry.protocol;
  if (protocol === 'all') return true;
  if (traffic.protocol === 'icmp') return protocol === (version === 4 ? 'icmp' : 'icmpv6');
  return protocol === traffic.protocol;
}

/**
 * The entries that apply to this peer and traffic, in evaluation order. An exact address is matched by
 * containment; "the internet" (an arbitrary public host) only by an internet-wide range.
 */
function applying(entries: readonly ReadEntry[], peer: Peer, traffic: Traffic, version: IpVersion): number[] {
  const address = peer.kind === 'address' ? parseAddress(peer.address) : undefined;
  const out: number[] = [];
  entries.forEach((e, i) => {
    if (e.block?.version !== version || !entryCarries(e, traffic, version)) return;
    const matches =
      peer.kind === 'internet'
        ? e.internet
        : address?.version === version && e.block.first <= address.first && address.last <= e.block.last;
    if (matches) out.push(i);
  });
  return out;
}

export interface NaclDecision {
  allowed: PortSet;
  evidence: string[];
  /** The lowest rule number that denies some of the ports: a fixing allow goes below it. */
  firstDeny?: number;
}

/**
 * First match by rule number, over the asked ports: each entry decides what no lower entry decided. Only
 * the entries that apply to the peer count, so peers they match alike (every host of a subnet, mostly)
 * share one decision.
 */
export function decideNacl(
  acl: NetworkAcl,
  egress: boolean,
  peer: Peer,
  traffic: Traffic,
  version: IpVersion,
): NaclDecision {
  const entries = entriesOf(acl, egress);
  const matching = applying(entries, peer, traffic, version);
  const decisions =
    decisionsByAcl.get(acl) ?? memoizedWeak(decisionsByAcl, acl, () => new Map<string, NaclDecision>());
  const key = `${egress ? 'out' : 'in'} ${traffic.protocol} ${traffic.ports.toString()} ${matching.join(',')}`;
  return decisions.get(key) ?? memoized(decisions, key, () => decide(acl, entries, matching, traffic));
}

const decisionsByAcl = new WeakMap<NetworkAcl, Map<string, NaclDecision>>();

function decide(
  acl: NetworkAcl,
  entries: readonly ReadEntry[],
  matching: readonly number[],
  traffic: Traffic,
): NaclDecision {
  const ports = traffic.protocol === 'icmp' ? PortSet.range(0) : traffic.ports;
  let remaining = ports;
  let allowed = PortSet.EMPTY;
  const evidence: string[] = [];
  let firstDeny: number | undefined;
  const id = acl.NetworkAclId ?? '?';
  for (const position of matching) {
    if (remaining.isEmpty()) break;
    const { entry, ports: entryPorts } = entries[position]!;
    const hit = traffic.protocol === 'icmp' ? remaining : entryPorts.intersect(remaining);
    if (hit.isEmpty()) continue;
    remaining = remaining.subtract(hit);
    const number = entry.RuleNumber ?? 0;
    if (entry.RuleAction === 'allow') allowed = allowed.union(hit);
    else if (firstDeny === undefined && number < 32767) firstDeny = number;
    evidence.push(
      `${id} ${describeEntry(entry)}${traffic.protocol === 'icmp' ? '' : ` (decides ${hit.toString()})`}`,
    );
  }
  if (!remaining.isEmpty()) {
    evidence.push(
      `${id}: no entry matches ${traffic.protocol === 'icmp' ? 'ICMP' : remaining.toString()}: implicit deny`,
    );
  }
  return { allowed, evidence, ...(firstDeny !== undefined ? { firstDeny } : {}) };
}

function placement(number: number | undefined): string {
  return number === undefined ? '' : ` numbered below ${number}`;
}

/** `1 in 64,512` for a fraction of connections. */
function oneIn(lost: number, total: number): string {
  return `about 1 in ${count(Math.round(total / lost))}`;
}

/**
 * One crossing of a subnet's NACL. A request asks for its one port. Replies ask for the whole range of
 * source ports the connection's opener picks from (`ports`): when some of them are denied, that share of
 * connections loses its replies. Up to 1% lost is an intermittent fault (a warning that quantifies it);
 * more is broken.
 */
export function naclHop(
  acl: NetworkAcl | undefined,
  subnetId: string,
  egress: boolean,
  peer: Peer,
  traffic: Traffic,
  version: IpVersion,
  role: 'request' | { replies: string },
): Hop {
  // One address's crossing is written out each time (its decision is shared with the other hosts the same
  // entries match): kept, tens of thousands of them would stay in memory for the whole audit.
  if (!acl || peer.kind === 'address') return decideHop(acl, subnetId, egress, peer, traffic, version, role);
  // NET.1-NET.3 walk tens of thousands of paths through a few hundred NACLs: each crossing is decided once.
  const crossings = hopsByAcl.get(acl) ?? memoizedWeak(hopsByAcl, acl, () => new Map<string, Hop>());
  const key = `${subnetId} ${egress ? 'out' : 'in'} ${version} ${traffic.protocol} ${traffic.ports.toString()} ${role === 'request' ? '' : role.replies}`;
  return (
    crossings.get(key) ??
    memoized(crossings, key, () => decideHop(acl, subnetId, egress, peer, traffic, version, role))
  );
}

/** Hops are values: the same crossing gives the same hop, shared by every walk that makes it. */
const hopsByAcl = new WeakMap<NetworkAcl, Map<string, Hop>>();

function decideHop(
  acl: NetworkAcl | undefined,
  subnetId: string,
  egress: boolean,
  peer: Peer,
  traffic: Traffic,
  version: IpVersion,
  role: 'request' | { replies: string },
): Hop {
  const way = egress ? 'outbound' : 'inbound';
  const towards = `${egress ? 'to' : 'from'} ${describePeer(peer)}`;
  if (!acl) {
    return {
      kind: 'network-acl',
      resourceId: subnetId,
      status: 'SKIP',
      message: `no network ACL for ${subnetId} in the snapshot`,
      evidence: [],
      fix: null,
    };
  }
  const id = acl.NetworkAclId ?? '?';
  const decision = decideNacl(acl, egress, peer, traffic, version);
  const hop = (status: Hop['status'], message: string, fix: string | null): Hop => ({
    kind: 'network-acl',
    resourceId: id,
    status,
    message,
    evidence: decision.evidence,
    fix,
  });
  const label = traffic.protocol === 'icmp' ? 'ICMP' : traffic.protocol.toUpperCase();
  if (role === 'request') {
    const what = `${label}${traffic.protocol === 'icmp' ? '' : ` ${traffic.ports.toString()}`} ${towards}`;
    if (traffic.protocol === 'icmp' ? !decision.allowed.isEmpty() : decision.allowed.equals(traffic.ports)) {
      return hop('PASS', `${id} (${subnetId}) allows ${way} ${what}`, null);
    }
    return hop(
      'FAIL',
      `${id} (${subnetId}) denies ${way} ${what}`,
      `Add an ${way} allow entry for ${what} to ${id}${placement(decision.firstDeny)}.`,
    );
  }
  const what = `${label}${traffic.protocol === 'icmp' ? '' : ` ${traffic.ports.toString()}`} ${towards}`;
  const fix = `Add an ${way} allow entry for ${what} to ${id}${placement(decision.firstDeny)}: NACLs are stateless and replies need it.`;
  if (traffic.protocol === 'icmp') {
    return decision.allowed.isEmpty()
      ? hop('FAIL', `${id} (${subnetId}) blocks the ICMP replies ${way} ${towards}`, fix)
      : hop('PASS', `${id} (${subnetId}) lets the ICMP replies ${way} ${towards}`, null);
  }
  // The 1% line between an intermittent fault and a broken path is the one NACL.2 applies (replyLoss).
  const loss = replyLoss(traffic.ports, decision.allowed);
  if (!loss)
    return hop('PASS', `${id} (${subnetId}) lets replies ${way} on ${role.replies} ${towards}`, null);
  const total = traffic.ports.size();
  const lost = loss.denied.size();
  const share = `${loss.denied.toString()} of ${role.replies}: ${oneIn(lost, total)} connections (${((100 * lost) / total).toFixed(lost * 1000 < total ? 3 : 1)}%) lose their replies`;
  if (!loss.broken) {
    return hop(
      'WARN',
      `${id} (${subnetId}) blocks replies ${way} ${towards} on ports ${share}: intermittent failures`,
      fix,
    );
  }
  return hop('FAIL', `${id} (${subnetId}) blocks replies ${way} ${towards} on ports ${share}`, fix);
}
