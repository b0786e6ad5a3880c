/**
 * One plain-text table layout for every terminal table: columns sized to their widest cell, labels
 * left-aligned and figures right-aligned, and, given a width, a last column that wraps within it.
 * Cells are measured before any colour is applied (`style` colours a padded cell), so ANSI codes
 * never skew the widths.
 */
export type Align = 'left' | 'right';

export interface TableOptions {
  /** Per column; missing ones are left-aligned. */
  align?: readonly Align[];
  /** Between columns. */
  gap?: string;
  /** Before every line. */
  indent?: string;
  /** Total line width: the last column wraps to fit (at least `minLastWidth` wide). */
  width?: number;
  minLastWidth?: number;
  /** A line of dashes under the first row. */
  rule?: boolean;
  /** A line of dashes above the last row too, when it is a total. */
  ruleAboveLast?: boolean;
  /** Column widths, for tables laid out in several parts that must line up (see `columnWidths`). */
  widths?: readonly number[];
  /** Colours a cell after it is padded (column index, row index, padded text). */
  style?: (column: number, row: number, text: string) => string;
}

/** The widest cell of each column (the last column too), at least `minimum[c]`. */
export function columnWidths(rows: Iterable<readonly string[]>, minimum: readonly number[] = []): number[] {
  const widths = [...minimum];
  for (const row of rows) {
    row.forEach((cell, c) => {
      if (cell.length > (widths[c] ?? 0)) widths[c] = cell.length;
    });
  }
  return widths;
}

/**
 * Splits text into lines of at most `width` characters at spaces; a word longer than the width is cut.
 * Always at least one line.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    let rest = word;
    while (rest.length > 0) {
      const room = line === '' ? width : width - line.length - 1;
      if (rest.length <= room) {
        line = line === '' ? rest : `${line} ${rest}`;
        rest = '';
      } else if (line !== '') {
        lines.push(line);
        line = '';
      } else {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** Where the last column starts (the indent and every other column with its gap), given all widths. */
export function lastColumnStart(widths: readonly number[], options: TableOptions): number {
  const gap = (options.gap ?? '  ').length;
  return widths.slice(0, -1).reduce((sum, w) => sum + w + gap, (options.indent ?? '').length);
}

/** How wide the last column may be so a row fits `width`. */
export function lastColumnWidth(widths: readonly number[], options: TableOptions): number {
  return Math.max(options.minLastWidth ?? 20, (options.width ?? Infinity) - lastColumnStart(widths, options));
}

/**
 * The lines of one row: every column padded to its width (the last one left ragged when left-aligned),
 * the last cell wrapped onto continuation lines that start under it.
 */
export function tableRow(
  cells: readonly string[],
  widths: readonly number[],
  options: TableOptions = {},
  row = 0,
): string[] {
  const gap = options.gap ?? '  ';
  const indent = options.indent ?? '';
  const style = options.style ?? ((_c: number, _r: number, text: string) => text);
  const last = cells.length - 1;
  const padded = cells.slice(0, last).map((cell, c) => {
    const width = widths[c] ?? cell.length;
    return style(c, row, options.align?.[c] === 'right' ? cell.padStart(width) : cell.padEnd(width));
  });
  const lastCell = cells[last] ?? '';
  const wrapped =
    options.width === undefined ? [lastCell] : wrapText(lastCell, lastColumnWidth(widths, options));
  const lastAlignedRight = options.align?.[last] === 'right';
  const lastText = (text: string) =>
    style(last, row, lastAlignedRight ? text.padStart(widths[last] ?? 0) : text);
  const under = ' '.repeat(lastColumnStart(widths.slice(0, last + 1), options));
  return wrapped.map((text, i) =>
    i === 0 ? `${indent}${[...padded, lastText(text)].join(gap)}`.trimEnd() : `${under}${lastText(text)}`,
  );
}

/** A whole table (first row as the header) as lines. */
export function tableLines(rows: readonly (readonly string[])[], options: TableOptions = {}): string[] {
  const widths = options.widths ? [...options.widths] : columnWidths(rows);
  if (options.width !== undefined && widths.length > 0) {
    widths[widths.length - 1] = Math.min(widths.at(-1)!, lastColumnWidth(widths, options));
  }
  const rule = `${options.indent ?? ''}${widths.map((w) => '-'.repeat(w)).join(options.gap ?? '  ')}`;
  const lines: string[] = [];
  rows.forEach((row, r) => {
    if (r === rows.length - 1 && r > 0 && options.ruleAboveLast) lines.push(rule);
    lines.push(...tableRow(row, widths, options, r));
    if (r === 0 && options.rule) lines.push(rule);
  });
  return lines;
}

/** `tableLines` joined, without a final newline. */
export function textTable(rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  return tableLines(rows, options).join('\n');
}
