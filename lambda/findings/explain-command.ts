import type { Result } from '../engine/result';

/** Ids and addresses pass as they are; anything else (a tag, a name) is single-quoted for the shell. */
function shellWord(word: string): string {
  return /^[\w.:/@=,+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

interface Question {
  protocol?: string;
  port?: string;
  ipVersion?: string;
}

/**
 * "TCP 22 (IPv4)" or "UDP 161-162 (IPv6)", as NET.1 records its exposed ranges: the first one's protocol,
 * first port and IP version.
 */
function firstExposure(ranges: unknown): Question {
  if (!Array.isArray(ranges) || typeof ranges[0] !== 'string') return {};
  const match = /^(TCP|UDP) (\d+)(?:-\d+)? \(IPv(\d)\)/.exec(ranges[0]);
  return match ? { protocol: match[1]!.toLowerCase(), port: match[2]!, ipVersion: match[3]! } : {};
}

/** The defaults (TCP, port 443, IPv4) are left out, as a person would type it. */
function command(source: string, to: string, question: Question): string {
  const { protocol, port, ipVersion } = question;
  return [
    'netaudit explain',
    shellWord(source),
    `--to ${shellWord(to)}`,
    ...(protocol && protocol !== 'tcp' ? [`--protocol ${shellWord(protocol)}`] : []),
    // ICMP has no ports (a declared ICMP path records port 0).
    ...(port && protocol !== 'icmp' ? [`--port ${shellWord(port)}`] : []),
    ...(ipVersion && ipVersion !== '4' ? [`--ip-version ${shellWord(ipVersion)}`] : []),
  ].join(' ');
}

/** The question behind a NET finding: its two ends and what was asked. */
export interface NetQuestion extends Question {
  source: string;
  to: string;
}

/**
 * The question whose hop-by-hop path is behind a NET finding, or undefined for other rules. NET.1 asks
 * whether the internet reaches the interface on its first exposed port; NET.2 and NET.3 whether the
 * instance reaches the internet; declared paths (NET.4 and later) ask their own question, recorded in the
 * evidence as `from`, `to`, `protocol`, `port` (and `ipVersion`).
 */
export function netQuestion(result: Result): NetQuestion | undefined {
  if (!result.ruleId.startsWith('NET.')) return undefined;
  const evidence = result.evidence ?? {};
  const text = (key: string): string | undefined =>
    typeof evidence[key] === 'string' || typeof evidence[key] === 'number'
      ? String(evidence[key])
      : undefined;
  const from = text('from');
  if (from) {
    const question: NetQuestion = { source: from, to: text('to') ?? 'internet' };
    for (const key of ['protocol', 'port', 'ipVersion'] as const) {
      const value = text(key);
      if (value !== undefined) question[key] = value;
    }
    return question;
  }
  if (result.ruleId === 'NET.1')
    return { source: 'internet', to: result.resourceId, ...firstExposure(evidence.exposedPorts) };
  const instance = result.resourceType === 'AwsEc2Instance' ? result.resourceId : text('instance');
  return { source: instance ?? result.resourceId, to: 'internet' };
}

/** The `netaudit explain` command that shows the hop-by-hop path behind a NET finding. */
export function explainCommand(result: Result): string | undefined {
  const question = netQuestion(result);
  return question && command(question.source, question.to, question);
}
