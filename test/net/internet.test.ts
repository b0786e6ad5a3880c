import fc from 'fast-check';
import {
  coversInternet,
  isInternetRange,
  isPublicAddress,
  rangesCover,
  writtenPrefix,
} from '../../lambda/net/internet';
import { parseCidr } from '../../lambda/net/cidr';

describe('isInternetRange: one range that is the internet', () => {
  it.each([
    '0.0.0.0/0',
    '0.0.0.0/1',
    '128.0.0.0/1',
    '52.0.0.0/8',
    '8.0.0.0/7',
    '::/0',
    '2000::/3',
    '2600::/16',
  ])('%s is the internet (public and a /8 or wider, IPv6 /16 or wider)', (cidr) =>
    expect(isInternetRange(cidr)).toBe(true),
  );

  it.each([
    ['10.0.0.0/8', 'private (RFC 1918)'],
    ['127.0.0.0/8', 'loopback'],
    ['224.0.0.0/3', 'multicast and reserved only'],
    ['52.0.0.0/9', 'narrower than a /8'],
    ['203.0.113.7/32', 'one host'],
    ['2600:1f18::/32', 'narrower than a /16'],
    ['fc00::/7', 'unique local'],
    ['8000::/1', 'no global unicast address'],
    ['not-a-cidr', 'unparsable'],
    ['0.0.0.0', 'no prefix'],
  ])('%s is not (%s)', (cidr) => expect(isInternetRange(cidr)).toBe(false));
});

describe('coversInternet: a set of ranges that together cover everything', () => {
  it('two /1 blocks are the internet; one of them plus a hole is not', () => {
    expect(coversInternet(['0.0.0.0/1', '128.0.0.0/1'], 4)).toBe(true);
    expect(coversInternet(['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/3'], 4)).toBe(false);
    expect(coversInternet(['::/1', '8000::/1'], 6)).toBe(true);
  });

  it('ignores ranges of the other version and unparsable text', () => {
    expect(coversInternet(['0.0.0.0/1', '128.0.0.0/1'], 6)).toBe(false);
    expect(coversInternet(['::/0', 'junk/0'], 4)).toBe(false);
  });

  it('any split of 0.0.0.0/0 into blocks covers it, and dropping one block never does', () => {
    // Splitting the space recursively: each step halves one block, so the blocks stay disjoint.
    const split = fc.array(fc.nat(), { maxLength: 40 }).map((choices) => {
      let blocks: [number, number][] = [[0, 0]]; // [first address / 2^(32-prefix), prefix]
      for (const choice of choices) {
        const [base, prefix] = blocks[choice % blocks.length]!;
        if (prefix >= 32) continue;
        blocks = blocks.filter((b) => !(b[0] === base && b[1] === prefix));
        blocks.push([base * 2, prefix + 1], [base * 2 + 1, prefix + 1]);
      }
      return blocks.map(([base, prefix]) => {
        const first = prefix === 0 ? 0 : base * 2 ** (32 - prefix);
        const octets = [24, 16, 8, 0].map((shift) => Math.floor(first / 2 ** shift) % 256);
        return `${octets.join('.')}/${prefix}`;
      });
    });
    fc.assert(
      fc.property(split, fc.nat(), (cidrs, drop) => {
        expect(coversInternet(cidrs, 4)).toBe(true);
        if (cidrs.length > 1)
          expect(
            coversInternet(
              cidrs.filter((_, i) => i !== drop % cidrs.length),
              4,
            ),
          ).toBe(false);
      }),
    );
  });
});

describe('rangesCover', () => {
  it('tells whether ranges together contain a target block', () => {
    const vpc = parseCidr('10.0.0.0/16')!;
    expect(rangesCover(['10.0.0.0/17', '10.0.128.0/17'], vpc)).toBe(true);
    expect(rangesCover(['10.0.0.0/17'], vpc)).toBe(false);
    expect(rangesCover(['10.0.0.0/8'], vpc)).toBe(true);
    expect(rangesCover([], vpc)).toBe(false);
  });
});

describe('isPublicAddress and writtenPrefix', () => {
  it('tells public addresses from private, shared, loopback and link-local ones', () => {
    expect(isPublicAddress('52.95.110.1')).toBe(true);
    expect(isPublicAddress('2600:1f18::1')).toBe(true);
    for (const address of [
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.10',
      '100.64.0.1',
      '127.0.0.1',
      '169.254.169.254',
      'fe80::1',
      'fd00::1',
    ])
      expect(isPublicAddress(address)).toBe(false);
  });

  it('reads the prefix length without parsing the address', () => {
    expect(writtenPrefix('10.0.0.0/16')).toBe(16);
    expect(writtenPrefix('::/0')).toBe(0);
    expect(writtenPrefix('10.0.0.0')).toBe(-1);
    expect(writtenPrefix('10.0.0.0/x')).toBe(-1);
  });
});
