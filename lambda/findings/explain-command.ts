import type { Result } from '../engine/result';

/** Ids and addresses pass as they are; anything else (a tag, a name) is single-quoted for the shell. */
function shellWord(word: string): string {
  return /^[\w.:/@=,+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** "TCP 22 (IPv4)" or "UDP 161-162 (IPv6)", as NET.1 records its exposed ranges: the first port and its protocol. */
function firstExposedPort(ranges: unknown): { protocol: string; port: string } | undefined {
  if (!Array.isArray(ranges) || typeof ranges[0] !== 'string') return undefined;
  const match = /^(TCP|UDP) (\d+)/.exec(ranges[0]);
  return match ? { protocol: match[1]!.toLowerCase(), port: match[2]! } : undefined;
}

function command(source: string, to: string, protocol?: string, port?: string): string {
  return [
    'netaudit explain',
    shellWord(source),
    `--to ${shellWord(to)}`,
    ...(protocol && protocol !== 'tcp' ? [`--protocol ${shellWord(protocol)}`] : []),
    ...(port ? [`--port ${shellWord(port)}`] : []),
  ].join(' ');
}

/**
 * The `netaudit explain` command that shows the hop-by-hop path behind a NET finding, or undefined for
 * other rules. NET.1 asks whether the internet reaches the interface on its first exposed port; NET.2 and
 * NET.3 whether the instance reaches the internet; declared paths (NET.4 and later) ask their own question,
 * recorded in the evidence as `from`, `to`, `protocol` and `port`.
 */
export function explainCommand(result: Result): string | undefined {
  if (!result.ruleId.startsWith('NET.')) return undefined;
  const evidence = result.evidence ?? {};
  const text = (key: string): string | undefined =>
    typeof evidence[key] === 'string' || typeof evidence[key] === 'number'
      ? String(evidence[key])
      : undefined;
  const from = text('from');
  if (from) return command(from, text('to') ?? 'internet', text('protocol'), text('port'));
  if (result.ruleId === 'NET.1') {
    const exposed = firstExposedPort(evidence.exposedPorts);
    return command('internet', result.resourceId, exposed?.protocol, exposed?.port);
  }
  const instance = result.resourceType === 'AwsEc2Instance' ? result.resourceId : text('instance');
  return command(instance ?? result.resourceId, 'internet');
}
