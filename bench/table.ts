import { tableLines, type Align } from '../lambda/findings/text-table';

/**
 * Rows as a plain-text table for the terminal: the first column left-aligned (labels), the others
 * right-aligned (figures), a rule under the header.
 */
export function table(rows: string[][]): string {
  const align = (rows[0] ?? []).map((_, c): Align => (c === 0 ? 'left' : 'right'));
  return tableLines(rows, { align, rule: true }).join('\n');
}
