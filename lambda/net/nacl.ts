import type { NetworkAcl, NetworkAclEntry } from '@aws-sdk/client-ec2';
import { isInternetCidr } from './cidr';
import { PortSet } from './ports';
import { hasPorts, normalizeProtocol, protocolMatches, type Protocol } from './protocol';

/** Traffic crossing a NACL in one direction, to or from an arbitrary internet host (0.0.0.0/0 or ::/0). */
export interface NaclQuery {
  egress: boolean;
  protocol: Protocol;
  ipVersion: 4 | 6;
}

/** Which entry decided which ports: the evidence `explain` prints and findings name. */
export interface NaclDecision {
  entry: NetworkAclEntry;
  action: 'allow' | 'deny';
  ports: PortSet;
}

export interface NaclVerdict {
  allowed: PortSet;
  decisions: NaclDecision[];
}

/** Entries of one direction in evaluation order: ascending rule number, as AWS evaluates them. */
export function orderedEntries(acl: NetworkAcl, egress: boolean): NetworkAclEntry[] {
  return (acl.Entries ?? [])
    .filter((e) => Boolean(e.Egress) === egress)
    .sort((a, b) => (a.RuleNumber ?? 0) - (b.RuleNumber ?? 0));
}

/** Ports an entry covers (all ports for protocol -1 or an entry without a port range). */
export function entryPorts(entry: NetworkAclEntry): PortSet {
  const protocol = normalizeProtocol(entry.Protocol);
  if (!hasPorts(protocol) || !entry.PortRange) return PortSet.ALL;
  return PortSet.range(entry.PortRange.From ?? 0, entry.PortRange.To ?? 65535);
}

/** The entry's CIDR, IPv4 or IPv6. */
export function entryCidr(entry: NetworkAclEntry): string | undefined {
  return entry.CidrBlock ?? entry.Ipv6CidrBlock;
}

/**
 * An arbitrary internet host is matched only by entries that cover the whole address space of its IP
 * version (0.0.0.0/0, ::/0): a narrower CIDR allows or denies some hosts, not "the internet".
 */
function matchesInternet(entry: NetworkAclEntry, ipVersion: 4 | 6): boolean {
  return isInternetCidr(entryCidr(entry), ipVersion);
}

/**
 * First match wins, in rule-number order, over port intervals: each entry decides the ports that no
 * lower-numbered entry decided before it. The implicit final deny (32767) decides whatever is left.
 */
export function evaluateNacl(acl: NetworkAcl, query: NaclQuery): NaclVerdict {
  let remaining = PortSet.ALL;
  let allowed = PortSet.EMPTY;
  const decisions: NaclDecision[] = [];
  for (const entry of orderedEntries(acl, query.egress)) {
    if (remaining.isEmpty()) break;
    if (!protocolMatches(normalizeProtocol(entry.Protocol), query.protocol)) continue;
    if (!matchesInternet(entry, query.ipVersion)) continue;
    const ports = hasPorts(query.protocol) ? entryPorts(entry).intersect(remaining) : remaining;
    if (ports.isEmpty()) continue;
    const action = entry.RuleAction === 'allow' ? 'allow' : 'deny';
    decisions.push({ entry, action, ports });
    if (action === 'allow') allowed = allowed.union(ports);
    remaining = remaining.subtract(ports);
  }
  return { allowed, decisions };
}

/** The decision covering one port, or undefined when only the implicit deny applies (no listed entry). */
export function decisionFor(verdict: NaclVerdict, port: number): NaclDecision | undefined {
  return verdict.decisions.find((d) => d.ports.has(port));
}

/** `rule 100 allow TCP 22 from 0.0.0.0/0` (or `to` for egress). */
export function describeEntry(entry: NetworkAclEntry): string {
  const protocol = normalizeProtocol(entry.Protocol);
  const number = entry.RuleNumber === 32767 ? '* (32767)' : String(entry.RuleNumber);
  const ports = hasPorts(protocol) && entry.PortRange ? ` ${entryPorts(entry).toString()}` : '';
  const label = protocol === 'all' ? 'all traffic' : protocol.toUpperCase();
  return `rule ${number} ${entry.RuleAction} ${label}${ports} ${entry.Egress ? 'to' : 'from'} ${entryCidr(entry) ?? '?'}`;
}

/**
 * The ephemeral range AWS documents for NACL return rules: any client may pick its source port here, and
 * NAT gateways (and load balancers) really do use all of it.
 */
export const EPHEMERAL_PORTS = PortSet.range(1024, 65535);

/**
 * The ports an instance's own operating system picks for outgoing connections: Linux 32768-60999, Windows
 * and macOS 49152-65535. A NACL that lets replies in on all of these serves its instances, even when it
 * denies a few lower ports (the common "deny 22/3389 from the internet" hardening of FSBP EC2.21).
 */
export const INSTANCE_EPHEMERAL_PORTS = PortSet.range(32768, 65535);

/** A NAT gateway translates to source ports 1024-65535, so its subnet must let replies in on all of them. */
export const NAT_EPHEMERAL_PORTS = EPHEMERAL_PORTS;

/** Source ports a Linux kernel picks for outgoing connections (net.ipv4.ip_local_port_range). */
export const LINUX_EPHEMERAL_PORTS = PortSet.range(32768, 60999);

/** Source ports Windows (Vista and later) picks for outgoing connections. */
export const WINDOWS_EPHEMERAL_PORTS = PortSet.range(49152, 65535);

/** The ephemeral range an instance's own connections use, from DescribeInstances' `Platform`. */
export function ephemeralPortsOf(instance: { Platform?: string }): PortSet {
  // The API writes `windows`; the SDK's enum says `Windows`.
  return instance.Platform?.toLowerCase() === 'windows' ? WINDOWS_EPHEMERAL_PORTS : LINUX_EPHEMERAL_PORTS;
}

/**
 * Above this share of source ports whose replies are dropped, a path is broken rather than intermittently
 * failing: the connections that fail are no longer rare enough to be retried away.
 */
export const BROKEN_REPLY_SHARE = 0.01;

/** How much of a connection opener's source port range loses its replies. */
export interface ReplyLoss {
  /** The source ports whose replies are denied. */
  denied: PortSet;
  /** denied / needed, 0 to 1. */
  share: number;
  /** More than 1% of the ports: the path is broken, not intermittent. */
  broken: boolean;
  /** `1 of 64,512 source ports: about 1 in 64,512 connections loses its replies (intermittent)`. */
  text: string;
}

/**
 * `64,512`: a whole number with thousands separators, as `toLocaleString('en-US')` writes it. Written out,
 * since ICU's formatting cost a tenth of a second when every NAT path's reply crossing was described.
 */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The replies lost when a NACL lets in `allowed` of the `needed` source ports; undefined when none are. */
export function replyLoss(needed: PortSet, allowed: PortSet): ReplyLoss | undefined {
  const denied = needed.subtract(allowed);
  if (denied.isEmpty()) return undefined;
  const lost = denied.size();
  const total = needed.size();
  const share = lost / total;
  const broken = share > BROKEN_REPLY_SHARE;
  const ports = `${count(lost)} of ${count(total)} source ports`;
  const text =
    lost === total
      ? `all ${count(total)} source ports: every connection loses its replies`
      : broken
        ? `${ports}: ${Number((share * 100).toPrecision(2))}% of connections lose their replies`
        : `${ports}: about 1 in ${count(Math.round(total / lost))} connections loses its replies (intermittent)`;
  return { denied, share, broken, text };
}
