import { memoized } from '../memo';
import { parseCidr, type Cidr } from './cidr';

/*
 * "The internet" as a source or destination (RULES.md): one range that holds public addresses and is as
 * wide as a /8 or wider (IPv6: a /16 or wider), or a set of ranges that together cover 0.0.0.0/0 or ::/0.
 * A rule naming 0.0.0.0/1 and 128.0.0.0/1 is as open as one naming 0.0.0.0/0; 10.0.0.0/8 is wide but
 * private, and 52.95.0.0/16 is one service's addresses, not "anyone".
 */

/** The widest prefix (fewest bits) that is still too narrow to be "the internet" on its own. */
const WIDEST_PREFIX = { 4: 8, 6: 16 } as const;

const parsed = (cidrs: readonly string[]): Cidr[] =>
  cidrs.map((c) => parseCidr(c)).filter((c): c is Cidr => c !== undefined);

/**
 * IPv4 blocks that hold no address a host on the internet can have (IANA special-purpose registry):
 * "this network", RFC 1918, RFC 6598 shared address space, loopback, link-local, IETF protocol
 * assignments, benchmarking, multicast and the reserved 240/4. The documentation blocks (RFC 5737) are
 * left out on purpose: examples and tests use them as the public addresses they stand for.
 */
const NON_PUBLIC_V4 = parsed([
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/4',
  '240.0.0.0/4',
]);

/** IPv6 public (global unicast) addresses all lie in 2000::/3; everything else is reserved or local. */
const GLOBAL_UNICAST_V6 = parseCidr('2000::/3')!;

const WHOLE_SPACE = { 4: parseCidr('0.0.0.0/0')!, 6: parseCidr('::/0')! } as const;

/**
 * The prefix length written after the slash, read digit by digit without parsing the address or
 * allocating (it runs for every source of every security group rule): -1 when there is none.
 */
export function writtenPrefix(text: string): number {
  const slash = text.lastIndexOf('/');
  if (slash < 0 || slash === text.length - 1 || text.length - slash > 4) return -1;
  let prefix = 0;
  for (let i = slash + 1; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    prefix = prefix * 10 + digit;
  }
  return prefix;
}

/** True when a range with this written prefix is narrow enough never to be the internet on its own. */
export function isNarrowPrefix(prefix: number, version: 4 | 6): boolean {
  return prefix > WIDEST_PREFIX[version];
}

/** Whether some address of `block` lies outside every block of `excluded` (sorted by first address). */
function leavesSomething(block: Cidr, excluded: readonly Cidr[]): boolean {
  let next = block.first;
  for (const gap of excluded) {
    if (gap.last < next || gap.version !== block.version) continue;
    if (gap.first > next) return true;
    next = gap.last + 1n;
    if (next > block.last) return false;
  }
  return next <= block.last;
}

/** True when the block holds at least one public address (see NON_PUBLIC_V4 and GLOBAL_UNICAST_V6). */
export function holdsPublicAddresses(block: Cidr): boolean {
  if (block.version === 6)
    return block.first <= GLOBAL_UNICAST_V6.last && GLOBAL_UNICAST_V6.first <= block.last;
  return leavesSomething(block, NON_PUBLIC_V4);
}

/** True when an address (no prefix) is one an internet host can have. */
export function isPublicAddress(address: string): boolean {
  const block = parseCidr(address.includes(':') ? `${address}/128` : `${address}/32`);
  return block !== undefined && holdsPublicAddresses(block);
}

/**
 * One range that is "the internet" on its own: public, and a /8 or wider (IPv6 /16 or wider). This runs
 * for every source of every security group rule, and nearly all are /16 to /32: the written prefix
 * rejects those before the address is parsed.
 */
export function isInternetRange(cidr: string): boolean {
  const prefix = writtenPrefix(cidr);
  if (prefix < 0 || isNarrowPrefix(prefix, cidr.includes(':') ? 6 : 4)) return false;
  // Wide ranges are few and repeated (0.0.0.0/0 in thousands of groups): judged once each.
  return memoized(wideVerdicts, cidr, () => {
    const block = parseCidr(cidr);
    return block !== undefined && holdsPublicAddresses(block);
  });
}

const wideVerdicts = new Map<string, boolean>();

/** True when the union of `cidrs` (those of other versions or unparsable are ignored) contains `target`. */
export function rangesCover(cidrs: readonly string[], target: Cidr): boolean {
  const blocks = parsed(cidrs)
    .filter((c) => c.version === target.version)
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  return !leavesSomething(target, blocks);
}

/**
 * True when the ranges together cover every address of the version (0.0.0.0/0 or ::/0), e.g.
 * 0.0.0.0/1 + 128.0.0.0/1. A quick size sum rules out nearly every set without sorting it.
 */
export function coversInternet(cidrs: readonly string[], version: 4 | 6): boolean {
  if (addressCount(cidrs, version) < ADDRESSES[version]) return false;
  return rangesCover(cidrs, WHOLE_SPACE[version]);
}

/** How many addresses each IP version has: ranges adding up to less never cover the internet. */
export const ADDRESSES: Record<4 | 6, number> = { 4: 2 ** 32, 6: 2 ** 128 };

/** How many addresses a written block of the version holds, read from its prefix (0 for another version). */
export function blockSize(cidr: string, version: 4 | 6): number {
  if (cidr.includes(':') !== (version === 6)) return 0;
  const bits = version === 4 ? 32 : 128;
  const prefix = writtenPrefix(cidr);
  return prefix >= 0 && prefix <= bits ? 2 ** (bits - prefix) : 0;
}

/** The addresses of the version that the ranges hold together, overlaps counted twice. */
export function addressCount(cidrs: readonly string[], version: 4 | 6): number {
  let size = 0;
  for (const cidr of cidrs) size += blockSize(cidr, version);
  return size;
}
