import type { Styler } from '../findings/style';
import { columnWidths, tableLines } from '../findings/text-table';
import type { EndpointSummary, Hop, HopStatus, PathAnswer } from './types';

const STATUS_STYLE: Record<HopStatus, Parameters<Styler>[0]> = {
  PASS: 'green',
  FAIL: ['red', 'bold'],
  SKIP: 'yellow',
  WARN: 'yellow',
};

export function describeEnd(end: EndpointSummary): string {
  switch (end.kind) {
    case 'internet':
      return 'the internet';
    case 'interface':
      return `${end.instanceId ? `${end.instanceId} ` : ''}${end.id} (${end.address})`;
    case 'on-premises':
      return `${end.network} (on-premises, ${end.address})`;
    case 'service':
      return `aws:${end.service}`;
    default:
      return end.address ?? end.input;
  }
}

export function questionSentence(answer: PathAnswer): string {
  const { protocol, port, ipVersion } = answer.query;
  const what = protocol === 'icmp' ? 'ICMP' : `${protocol.toUpperCase()} ${port}`;
  return `${describeEnd(answer.source)} -> ${describeEnd(answer.destination)}, ${what}, IPv${ipVersion}`;
}

/**
 * One table per direction: kind, status, message, and under the message the hop's evidence and fix.
 * Only the status cell and the evidence are coloured, after padding (the helper measures plain text).
 */
function hopLines(hops: readonly Hop[], style: Styler): string[] {
  const rows: string[][] = [];
  const colours: (Parameters<Styler>[0] | undefined)[] = [];
  for (const hop of hops) {
    rows.push([hop.kind, hop.status, hop.message]);
    colours.push(STATUS_STYLE[hop.status]);
    for (const e of hop.evidence) {
      if (e === hop.message) continue;
      rows.push(['', '', `· ${e}`]);
      colours.push('gray');
    }
    if (hop.fix && hop.status !== 'PASS') {
      rows.push(['', '', `fix: ${hop.fix}`]);
      colours.push(undefined);
    }
  }
  return tableLines(rows, {
    indent: '  ',
    widths: columnWidths(rows, [0, 4]),
    style: (column, row, text) => {
      const colour = colours[row];
      const coloured = rows[row]![1] === '' ? column === 2 : column === 1;
      return colour && coloured ? style(colour, text) : text;
    },
  });
}

/** Terminal text: the verdict first (what on-call needs), then every hop there and back. */
export function renderPathText(answer: PathAnswer, style: Styler): string {
  const lines = [`netaudit explain: ${questionSentence(answer)}`];
  if (answer.verdict === 'works') lines.push(`Verdict: ${style(['green', 'bold'], 'WORKS')}`);
  else if (answer.verdict === 'broken' && answer.brokenHop) {
    const hop = answer.brokenHop;
    lines.push(
      `Verdict: ${style(['red', 'bold'], 'BROKEN')} at ${hop.kind} ${hop.resourceId}${hop.direction === 'return' ? ' (on the way back)' : ''}: ${hop.message}`,
    );
    if (hop.fix) lines.push(`Fix: ${hop.fix}`);
  } else if (answer.unverifiableHop) {
    const hop = answer.unverifiableHop;
    lines.push(
      `Verdict: ${style(['yellow', 'bold'], 'UNVERIFIABLE')} at ${hop.kind} ${hop.resourceId}: ${hop.message}`,
    );
  }
  for (const warning of answer.warnings) lines.push(`Warning: ${warning.resourceId}: ${warning.message}`);
  lines.push('', 'There:', ...hopLines(answer.hops, style));
  if (answer.returnPath.length > 0) lines.push('', 'Back (replies):', ...hopLines(answer.returnPath, style));
  return `${lines.join('\n')}\n`;
}

/** Stable JSON: fixed key order, no timestamps, the same bytes for the same snapshot. */
export function renderPathJson(answer: PathAnswer): string {
  return `${JSON.stringify(answer, null, 2)}\n`;
}

function mermaidText(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'));
}

/**
 * A Mermaid flowchart of the path, one node per hop there and back, the broken hop marked, so that an
 * on-call engineer can paste it into a ticket.
 */
export function renderPathMermaid(answer: PathAnswer): string {
  const lines = ['flowchart LR', `  src["${mermaidText(describeEnd(answer.source))}"]`];
  const all: [Hop, string][] = [
    ...answer.hops.map((h, i) => [h, `h${i}`] as [Hop, string]),
    ...answer.returnPath.map((h, i) => [h, `r${i}`] as [Hop, string]),
  ];
  for (const [hop, id] of all) {
    lines.push(`  ${id}["${mermaidText(`${hop.kind}: ${hop.resourceId}`)}<br/>${hop.status}"]`);
  }
  const chain = ['src', ...answer.hops.map((_, i) => `h${i}`)];
  for (let i = 1; i < chain.length; i++) lines.push(`  ${chain[i - 1]} --> ${chain[i]}`);
  if (answer.verdict !== 'broken' || answer.brokenHop?.direction === 'return') {
    lines.push(
      `  dst["${mermaidText(describeEnd(answer.destination))}"]`,
      `  ${chain[chain.length - 1]} --> dst`,
    );
    const back = answer.returnPath.map((_, i) => `r${i}`);
    if (back.length > 0) {
      lines.push(`  dst -. replies .-> ${back[0]}`);
      for (let i = 1; i < back.length; i++) lines.push(`  ${back[i - 1]} -.-> ${back[i]}`);
      lines.push(`  ${back[back.length - 1]} -.-> src`);
    }
  }
  lines.push(
    '  classDef fail fill:#fdd,stroke:#c00,stroke-width:3px',
    '  classDef warn fill:#ffd,stroke:#c90',
  );
  for (const [hop, id] of all) {
    if (hop.status === 'FAIL') lines.push(`  class ${id} fail`);
    else if (hop.status === 'WARN' || hop.status === 'SKIP') lines.push(`  class ${id} warn`);
  }
  return `${lines.join('\n')}\n`;
}
