import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import {
  cidrContains,
  cidrsOverlap,
  isInternetCidr,
  parseAddress,
  parseCidr,
  type Cidr,
} from '../../lambda/net/cidr';

const must = (text: string): Cidr => {
  const cidr = parseCidr(text);
  if (!cidr) throw new Error(`expected ${text} to parse`);
  return cidr;
};

describe('parseCidr', () => {
  it('parses IPv4 blocks into an inclusive address range', () => {
    expect(parseCidr('10.0.0.0/16')).toEqual({
      text: '10.0.0.0/16',
      version: 4,
      prefix: 16,
      first: 0x0a000000n,
      last: 0x0a00ffffn,
    });
    expect(must('0.0.0.0/0')).toMatchObject({ prefix: 0, first: 0n, last: 0xffffffffn });
    expect(must('203.0.113.7/32')).toMatchObject({ first: 0xcb007107n, last: 0xcb007107n });
  });

  it('clears host bits: 10.0.0.5/16 is the network 10.0.0.0/16', () => {
    expect(must('10.0.0.5/16')).toMatchObject({ first: must('10.0.0.0/16').first, last: 0x0a00ffffn });
    expect(must('192.168.1.77/24').first).toBe(must('192.168.1.0/24').first);
  });

  it('parses IPv6 blocks, including the :: forms', () => {
    expect(must('::/0')).toMatchObject({ version: 6, prefix: 0, first: 0n, last: (1n << 128n) - 1n });
    expect(must('::1/128')).toMatchObject({ version: 6, first: 1n, last: 1n });
    const db8 = must('2001:db8::/32');
    expect(db8.first).toBe(0x20010db8n << 96n);
    expect(db8.last).toBe((0x20010db8n << 96n) + (1n << 96n) - 1n);
    expect(must('2001:db8:0:0:0:0:0:0/32').first).toBe(db8.first);
    expect(must('2001:db8::ff/32').first).toBe(db8.first);
    expect(must('fe80::/10')).toMatchObject({ prefix: 10, first: 0xfe80n << 112n });
  });

  it.each([
    ['', 'empty'],
    ['10.0.0.0', 'no prefix'],
    ['10.0.0.0/33', 'IPv4 prefix too long'],
    ['::/129', 'IPv6 prefix too long'],
    ['256.0.0.0/8', 'octet out of range'],
    ['10.0.0.0/-1', 'negative prefix'],
    ['not-a-cidr', 'garbage'],
    ['2001:db8::g/32', 'bad hex'],
    ['10/8', 'abbreviated IPv4 (would silently mean 0.0.0.10/8)'],
    ['10.1/16', 'two-part IPv4'],
    ['1.2.3/24', 'three-part IPv4'],
    ['010.0.0.0/8', 'leading zero (octal in some parsers)'],
    ['0xa.0.0.0/8', 'hexadecimal octet'],
    ['167772160/8', 'IPv4 as one number'],
    ['fe80::1%eth0/64', 'IPv6 with a zone id'],
    [' 10.0.0.0/8', 'leading space'],
  ])('rejects %j (%s)', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it('returns the same answer on a cached second call', () => {
    expect(parseCidr('10.9.0.0/16')).toEqual(parseCidr('10.9.0.0/16'));
    expect(parseCidr('bogus')).toBeUndefined();
    expect(parseCidr('bogus')).toBeUndefined();
  });
});

describe('IPv4 text', () => {
  /** Dotted text close to an address: digits (with leading zeros and large values), dots, now and then junk. */
  const nearAddress = fc
    .array(
      fc.oneof(
        fc.integer({ min: 0, max: 300 }).map(String),
        fc.integer({ min: 0, max: 99 }).map((n) => `0${n}`),
        fc.constantFrom('', '4294967295', '0x1f', ' 1', '1e2', '+1', '٣'),
      ),
      { minLength: 1, maxLength: 6 },
    )
    .map((parts) => parts.join('.'));

  it('is an address exactly when ipaddr.js reads it as four decimal octets', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          nearAddress,
          fc.string().filter((t) => !t.includes(':')),
        ),
        (text) => {
          expect(parseAddress(text) !== undefined).toBe(ipaddr.IPv4.isValidFourPartDecimal(text));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('reads the octets ipaddr.js reads', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), (octets) => {
        const text = octets.join('.');
        const bytes = ipaddr.IPv4.parse(text).toByteArray();
        const value = bytes.reduce((n, b) => n * 256n + BigInt(b), 0n);
        expect(parseAddress(text)).toMatchObject({ version: 4, first: value, last: value });
      }),
    );
  });
});

describe('parseAddress', () => {
  it('reads a single IPv4 or IPv6 address as a /32 or /128', () => {
    expect(parseAddress('10.0.1.5')).toMatchObject({ version: 4, prefix: 32, first: 0x0a000105n });
    expect(parseAddress('2001:db8::1')).toMatchObject({ version: 6, prefix: 128 });
    expect(parseAddress('nope')).toBeUndefined();
  });
});

describe('containment and overlap', () => {
  it('contains a sub-block, not a sibling, and never across IP versions', () => {
    expect(cidrContains(must('10.0.0.0/16'), must('10.0.1.0/24'))).toBe(true);
    expect(cidrContains(must('10.0.1.0/24'), must('10.0.0.0/16'))).toBe(false);
    expect(cidrContains(must('10.0.0.0/16'), must('10.1.0.0/24'))).toBe(false);
    expect(cidrContains(must('10.0.0.0/16'), must('10.0.0.0/16'))).toBe(true);
    expect(cidrContains(must('0.0.0.0/0'), must('::/0'))).toBe(false);
    expect(cidrContains(must('::/0'), must('2001:db8::/32'))).toBe(true);
  });

  it('overlaps when ranges share an address, never across IP versions', () => {
    expect(cidrsOverlap(must('10.0.0.0/16'), must('10.0.255.0/24'))).toBe(true);
    expect(cidrsOverlap(must('10.0.0.0/16'), must('10.1.0.0/16'))).toBe(false);
    expect(cidrsOverlap(must('10.0.0.0/8'), must('10.200.0.0/16'))).toBe(true);
    expect(cidrsOverlap(must('172.16.0.0/12'), must('172.32.0.0/16'))).toBe(false);
    expect(cidrsOverlap(must('0.0.0.0/0'), must('::/0'))).toBe(false);
  });

  const ipv4Cidr = fc
    .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }))
    .map(([n, prefix]) => {
      const octets = [24, 16, 8, 0].map((s) => (n >>> s) & 255);
      return must(`${octets.join('.')}/${prefix}`);
    });

  it('property: overlap is symmetric and contains implies overlap', () => {
    fc.assert(
      fc.property(ipv4Cidr, ipv4Cidr, (a, b) => {
        expect(cidrsOverlap(a, b)).toBe(cidrsOverlap(b, a));
        if (cidrContains(a, b)) expect(cidrsOverlap(a, b)).toBe(true);
        // Two CIDR blocks either nest or are disjoint.
        expect(cidrsOverlap(a, b)).toBe(cidrContains(a, b) || cidrContains(b, a));
      }),
    );
  });

  it('property: a block is aligned and holds 2^(32-prefix) addresses', () => {
    fc.assert(
      fc.property(ipv4Cidr, (c) => {
        expect(c.last - c.first + 1n).toBe(1n << BigInt(32 - c.prefix));
        expect(c.first % (1n << BigInt(32 - c.prefix))).toBe(0n);
      }),
    );
  });
});

describe('isInternetCidr', () => {
  it('is true for 0.0.0.0/0 and ::/0 only', () => {
    expect(isInternetCidr('0.0.0.0/0')).toBe(true);
    expect(isInternetCidr('::/0')).toBe(true);
    expect(isInternetCidr('0.0.0.0/1')).toBe(false);
    expect(isInternetCidr('10.0.0.0/8')).toBe(false);
    expect(isInternetCidr('2000::/3')).toBe(false);
    expect(isInternetCidr(undefined)).toBe(false);
    expect(isInternetCidr('')).toBe(false);
    expect(isInternetCidr('garbage')).toBe(false);
  });

  it('is exactly "parses with prefix 0" (of the asked version), whatever the text', () => {
    const prefix = fc.oneof(
      fc.constantFrom('0', '00', '10', '20', '100', '128', '16', '32'),
      fc.nat(200).map(String),
    );
    const address = fc.constantFrom('0.0.0.0', '10.0.0.0', '::', '2001:db8::', '1.2.3', 'x', '');
    fc.assert(
      fc.property(address, prefix, fc.constantFrom(undefined, 4 as const, 6 as const), (a, p, version) => {
        const text = `${a}/${p}`;
        const cidr = parseCidr(text);
        const expected =
          cidr !== undefined && cidr.prefix === 0 && (version === undefined || cidr.version === version);
        expect(isInternetCidr(text, version)).toBe(expected);
      }),
    );
  });

  it('with a version, needs the whole space of that IP version', () => {
    expect(isInternetCidr('0.0.0.0/0', 4)).toBe(true);
    expect(isInternetCidr('0.0.0.0/0', 6)).toBe(false);
    expect(isInternetCidr('::/0', 6)).toBe(true);
    expect(isInternetCidr('128.0.0.0/1', 4)).toBe(false);
    expect(isInternetCidr('bad', 4)).toBe(false);
  });
});
