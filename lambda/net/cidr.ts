import { isIPv4 } from 'node:net';
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
  const found = cache.get(text);
  if (found !== undefined || cache.has(text)) return found;
  const result = readCidr(text);
  cache.set(text, result);
  return result;
}

function readCidr(text: string): Cidr | undefined {
  const slash = text.lastIndexOf('/');
  const written = text.slice(0, slash);
  try {
    // ipaddr.js also accepts legacy IPv4 forms (`10/8` is 0.0.0.10/8, `010.0.0.0` is octal) and IPv6 zone
    // ids; AWS writes neither, and reading them silently gives the wrong block, so they are rejected.
    // Each version is parsed by its own parser: ipaddr.parseCIDR tries IPv6 first and throws for every
    // IPv4 block, which made parsing the addresses of a large snapshot cost a third of a second.
    if (written.includes(':')) {
      if (written.includes('%')) return undefined;
      const [address, prefix] = ipaddr.IPv6.parseCIDR(text);
      return blockOf(text, 6, toBigInt(address.toByteArray()), prefix);
    }
    // Node's isIPv4 is ipaddr.IPv4.isValidFourPartDecimal's test (four decimal octets up to 255, no leading
    // zero), without building an address with each of ipaddr.js's parsers first: the walks read an
    // instance's address at every NACL it crosses (a property test holds the two equal).
    if (slash < 0 || !isIPv4(written)) return undefined;
    const prefixText = text.slice(slash + 1);
    if (!/^\d{1,2}$/.test(prefixText)) return undefined;
    const prefix = Number(prefixText);
    if (prefix > 32) return undefined;
    let base = 0;
    for (const octet of written.split('.')) base = base * 256 + Number(octet);
    return blockOf(text, 4, BigInt(base), prefix);
  } catch {
    return undefined;
  }
}

function blockOf(text: string, version: 4 | 6, base: bigint, prefix: number): Cidr {
  const hostBits = BigInt((version === 4 ? 32 : 128) - prefix);
  const first = (base >> hostBits) << hostBits;
  return { text, version, prefix, first, last: first + (1n << hostBits) - 1n };
}

/**
 * Parses a single address as a /32 or /128 block. An IPv4 address is read as it comes (a few operations,
 * and the walks of NET.1-NET.3 ask tens of thousands of different ones: kept, they would stay in memory
 * for the whole audit); an IPv6 address, slower to read, is kept with the blocks.
 */
export function parseAddress(text: string): Cidr | undefined {
  return text.includes(':') ? parseCidr(`${text}/128`) : readCidr(`${text}/32`);
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
