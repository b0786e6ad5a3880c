import { hasPorts, normalizeProtocol, protocolLabel, protocolMatches } from '../../lambda/net/protocol';

describe('normalizeProtocol', () => {
  it.each([
    ['tcp', 'tcp'],
    ['TCP', 'tcp'],
    [' udp ', 'udp'],
    ['icmp', 'icmp'],
    ['icmpv6', 'icmpv6'],
    ['ICMPv6', 'icmpv6'],
    ['6', 'tcp'],
    ['17', 'udp'],
    ['1', 'icmp'],
    ['58', 'icmpv6'],
    ['-1', 'all'],
    ['all', 'all'],
    ['ALL', 'all'],
    ['50', 'proto-50'],
    ['47', 'proto-47'],
  ])('%j is %j', (input, expected) => {
    expect(normalizeProtocol(input)).toBe(expected);
  });

  it('treats a missing protocol as all traffic', () => {
    expect(normalizeProtocol(undefined)).toBe('all');
  });
});

describe('protocol helpers', () => {
  it('only TCP and UDP carry ports', () => {
    expect(hasPorts('tcp')).toBe(true);
    expect(hasPorts('udp')).toBe(true);
    expect(hasPorts('icmp')).toBe(false);
    expect(hasPorts('all')).toBe(false);
    expect(hasPorts('proto-50')).toBe(false);
  });

  it('a rule for all protocols matches any traffic; otherwise the protocols must be equal', () => {
    expect(protocolMatches('all', 'tcp')).toBe(true);
    expect(protocolMatches('all', 'icmp')).toBe(true);
    expect(protocolMatches('tcp', 'tcp')).toBe(true);
    expect(protocolMatches('tcp', 'udp')).toBe(false);
    expect(protocolMatches('udp', 'all')).toBe(false);
  });

  it('labels protocols for messages', () => {
    expect(protocolLabel('all')).toBe('all traffic');
    expect(protocolLabel('tcp')).toBe('TCP');
    expect(protocolLabel('icmpv6')).toBe('ICMPV6');
  });
});
