import type { NetworkAclEntry } from '@aws-sdk/client-ec2';
import { cidrContains, parseCidr } from '../../net/cidr';
import { entryCidr, entryPorts } from '../../net/nacl';
import { PortSet } from '../../net/ports';
import { hasPorts, normalizeProtocol, type Protocol } from '../../net/protocol';
import { isImplicitEntry } from './implicit-entries';

/**
 * What an entry matches, as a protocol plus one interval set: ports for TCP/UDP, and for ICMP the
 * type/code pairs folded into 0-65535 as `type * 256 + code` (types and codes are 0-255), so "type -1"
 * is every pair and "type 3 code -1" is 768-1023. This lets PortSet unions answer "do the entries before
 * this one cover all of it" for ICMP exactly as for ports.
 */
interface Coverage {
  protocol: Protocol;
  keys: PortSet;
}

function icmpKeys(entry: NetworkAclEntry): PortSet {
  const type = entry.IcmpTypeCode?.Type ?? -1;
  const code = entry.IcmpTypeCode?.Code ?? -1;
  if (type < 0) return PortSet.ALL;
  if (code < 0) return PortSet.range(type * 256, type * 256 + 255);
  return PortSet.range(type * 256 + code);
}

function coverageOf(entry: NetworkAclEntry): Coverage {
  const protocol = normalizeProtocol(entry.Protocol);
  if (hasPorts(protocol)) return { protocol, keys: entryPorts(entry) };
  if (protocol === 'icmp' || protocol === 'icmpv6') return { protocol, keys: icmpKeys(entry) };
  return { protocol, keys: PortSet.ALL };
}

/** The part of `target`'s traffic that `earlier` also matches (empty when their protocols or CIDRs differ). */
function overlapCoveredBy(earlier: NetworkAclEntry, target: NetworkAclEntry): PortSet {
  const outer = parseCidr(entryCidr(earlier) ?? '');
  const inner = parseCidr(entryCidr(target) ?? '');
  // Only a CIDR that contains the whole target CIDR can take traffic from every one of its sources.
  if (!outer || !inner || !cidrContains(outer, inner)) return PortSet.EMPTY;
  const e = coverageOf(earlier);
  const t = coverageOf(target);
  if (e.protocol === 'all') return t.keys;
  if (e.protocol !== t.protocol) return PortSet.EMPTY;
  return e.keys.intersect(t.keys);
}

export interface Shadowed {
  entry: NetworkAclEntry;
  /** The lower-numbered entries that together match all of its traffic. */
  by: NetworkAclEntry[];
}

/**
 * Entries of one direction (already in evaluation order) that can never match: the union of what the
 * lower-numbered entries match, among those whose CIDR contains the entry's CIDR, covers all of its
 * traffic. The implicit final entries (32767, and 32768 for IPv6) are catch-alls by design and never
 * reported.
 */
export function shadowedEntries(ordered: readonly NetworkAclEntry[]): Shadowed[] {
  const out: Shadowed[] = [];
  ordered.forEach((entry, i) => {
    if (isImplicitEntry(entry)) return;
    const wanted = coverageOf(entry).keys;
    let covered = PortSet.EMPTY;
    const by: NetworkAclEntry[] = [];
    for (const earlier of ordered.slice(0, i)) {
      const overlap = overlapCoveredBy(earlier, entry);
      // Only entries that still decide something new are named: they are the ones to edit.
      if (overlap.subtract(covered).isEmpty()) continue;
      covered = covered.union(overlap);
      by.push(earlier);
    }
    if (wanted.subtract(covered).isEmpty()) out.push({ entry, by });
  });
  return out;
}
