import ipaddr from 'ipaddr.js';

/** A CIDR block as an inclusive range of addresses, so containment and overlap are two comparisons. */
export interface Cidr {
  text: string;
  version: 4 | 6;
  prefix: number;
  first: bigint;
  last: bigint;
}

const cache = new Map<string, Cidr | undefined>();

function toBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** Parses `10.0.0.0/16` or `2001:db8::/32`; undefined when the text is not a CIDR block. Cached. */
export function parseCidr(text: string): Cidr | undefined {
  if (cache.has(text)) return cache.get(text);
  let result: Cidr | undefined;
  try {
    // ipaddr.js also accepts legacy IPv4 forms (`10/8` is 0.0.0.10/8, `010.0.0.0` is octal) and IPv6 zone
    // ids; AWS writes neither, and reading them silently gives the wrong block, so they are rejected.
    const written = text.slice(0, text.lastIndexOf('/'));
    if (written.includes(':') ? written.includes('%') : !ipaddr.IPv4.isValidFourPartDecimal(written)) {
      throw new Error('not a canonical address');
    }
    const [address, prefix] = ipaddr.parseCIDR(text);
    const version = address.kind() === 'ipv4' ? 4 : 6;
    const bits = version === 4 ? 32 : 128;
    const base = toBigInt(address.toByteArray());
    const hostBits = BigInt(bits - prefix);
    const first = (base >> hostBits) << hostBits;
    result = { text, version, prefix, first, last: first + (1n << hostBits) - 1n };
  } catch {
    result = undefined;
  }
  cache.set(text, result);
  return result;
}

/** Parses a single address as a /32 or /128 block. */
export function parseAddress(text: string): Cidr | undefined {
  return parseCidr(text.includes(':') ? `${text}/128` : `${text}/32`);
}

export const INTERNET_V4 = '0.0.0.0/0';
export const INTERNET_V6 = '::/0';

/** "Internet" in RULES.md: exactly 0.0.0.0/0 or ::/0. */
export function isInternetCidr(text: string | undefined, version?: 4 | 6): boolean {
  // A /0 is written with a prefix ending in the digit 0: the other blocks (/16, /24, /32...) skip the parse,
  // and this runs for every source of every security group rule.
  if (!text || text.charCodeAt(text.length - 1) !== 48) return false;
  const cidr = parseCidr(text);
  return cidr !== undefined && cidr.prefix === 0 && (version === undefined || cidr.version === version);
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.version === inner.version && outer.first <= inner.first && inner.last <= outer.last;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.version === b.version && a.first <= b.last && b.first <= a.last;
}
