import { PortSet } from '../net/ports';

/**
 * Ports in config are written as people say them: `22` (TCP), `"udp:161"`, `"tcp:8000-8100"`.
 * Internally they become one interval set per protocol.
 */
export type PortEntry = number | string;

export interface PortSpec {
  tcp: PortSet;
  udp: PortSet;
}

const ENTRY = /^(?:(tcp|udp):)?(\d{1,5})(?:-(\d{1,5}))?$/i;

/** Parses one entry, or returns a message saying what is wrong with it. */
export function parsePortEntry(
  entry: PortEntry,
): { protocol: 'tcp' | 'udp'; from: number; to: number } | string {
  const match = ENTRY.exec(String(entry).trim());
  if (!match) return `"${entry}" is not a port: use 22, "tcp:22", "udp:161" or "tcp:8000-8100"`;
  const protocol = (match[1]?.toLowerCase() ?? 'tcp') as 'tcp' | 'udp';
  const from = Number(match[2]);
  const to = match[3] === undefined ? from : Number(match[3]);
  if (from > 65535 || to > 65535) return `"${entry}": ports go from 0 to 65535`;
  if (to < from) return `"${entry}": the range ends before it starts`;
  return { protocol, from, to };
}

export function toPortSpec(entries: readonly PortEntry[]): PortSpec {
  let tcp = PortSet.EMPTY;
  let udp = PortSet.EMPTY;
  for (const entry of entries) {
    const parsed = parsePortEntry(entry);
    if (typeof parsed === 'string') throw new Error(parsed);
    const set = PortSet.range(parsed.from, parsed.to);
    if (parsed.protocol === 'tcp') tcp = tcp.union(set);
    else udp = udp.union(set);
  }
  return { tcp, udp };
}

export function describePortSpec(spec: PortSpec): string {
  const parts: string[] = [];
  if (!spec.tcp.isEmpty()) parts.push(`TCP ${spec.tcp.toString()}`);
  if (!spec.udp.isEmpty()) parts.push(`UDP ${spec.udp.toString()}`);
  return parts.join('; ') || 'none';
}
