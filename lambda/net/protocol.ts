/**
 * IP protocols as AWS writes them: security groups use names or numbers (`tcp`, `6`, `-1`), NACL entries
 * use numbers as strings (`6`, `17`, `-1`). Everything is normalised to one of these.
 */
export type Protocol = 'all' | 'tcp' | 'udp' | 'icmp' | 'icmpv6' | `proto-${number}`;

const BY_NUMBER: Record<string, Protocol> = {
  '-1': 'all',
  '6': 'tcp',
  '17': 'udp',
  '1': 'icmp',
  '58': 'icmpv6',
};

export function normalizeProtocol(value: string | undefined): Protocol {
  // As the API writes them (nearly every rule of a snapshot): no string to build.
  if (value === 'tcp' || value === 'udp' || value === 'icmp' || value === 'icmpv6') return value;
  if (value === '-1' || value === undefined) return 'all';
  const v = value.trim().toLowerCase();
  if (v === 'all' || v === '-1') return 'all';
  if (v === 'tcp' || v === 'udp' || v === 'icmp' || v === 'icmpv6') return v;
  return BY_NUMBER[v] ?? `proto-${Number(v)}`;
}

/** Protocols whose rules carry port ranges; for the others FromPort/ToPort mean ICMP type/code or nothing. */
export function hasPorts(protocol: Protocol): boolean {
  return protocol === 'tcp' || protocol === 'udp';
}

/** Does a rule for `ruleProtocol` match traffic of `trafficProtocol`? */
export function protocolMatches(ruleProtocol: Protocol, trafficProtocol: Protocol): boolean {
  return ruleProtocol === 'all' || ruleProtocol === trafficProtocol;
}

export function protocolLabel(protocol: Protocol): string {
  return protocol === 'all' ? 'all traffic' : protocol.toUpperCase();
}
