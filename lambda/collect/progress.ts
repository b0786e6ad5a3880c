import { columnWidths, tableLines, textTable, type Align } from '../findings/text-table';
import type { CollectionError } from '../snapshot/types';
import type { ProgressEvent } from './context';
import type { ApiStats, CollectionStats } from './stats';
import { compare } from './stats';

/** The writable end a display draws on (process.stderr in the CLI). */
export interface TextSink {
  write(text: string): unknown;
}

const CLEAR_LINE = '\x1b[2K';
const up = (lines: number): string => (lines > 0 ? `\x1b[${lines}A` : '');

/**
 * Per-API counters redrawn in place on a terminal while collection runs, then replaced by one summary
 * line. Redraws are throttled so a fast local endpoint does not flood the terminal.
 */
export class ProgressDisplay {
  private readonly rows = new Map<string, { stats: ApiStats; error?: CollectionError }>();
  private drawn = 0;
  private lastDraw = -Infinity;

  constructor(
    private readonly sink: TextSink,
    private readonly intervalMs = 100,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  readonly update = (event: ProgressEvent): void => {
    const previous = this.rows.get(event.api);
    this.rows.set(event.api, { stats: { ...event.stats }, error: event.error ?? previous?.error });
    const now = this.clock();
    if (now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    this.draw();
  };

  /** Erases the counters; the caller prints what should stay. */
  finish(): void {
    if (this.drawn === 0) return;
    this.sink.write(up(this.drawn) + `${CLEAR_LINE}\n`.repeat(this.drawn) + up(this.drawn));
    this.drawn = 0;
  }

  private draw(): void {
    const rows = [...this.rows.values()]
      .sort((a, b) => compare(a.stats.api, b.stats.api))
      .map(({ stats, error }) => progressRow(stats, error));
    // At least 30 wide, so the counters do not jump sideways while the first short names arrive.
    const lines = tableLines(rows, { indent: '  ', gap: ' ', widths: columnWidths(rows, [30]) });
    this.sink.write(up(this.drawn) + lines.map((l) => `${CLEAR_LINE}${l}\n`).join(''));
    this.drawn = lines.length;
  }
}

function progressRow(stats: ApiStats, error?: CollectionError): string[] {
  const counts = `${plural(stats.calls, 'call')}, ${plural(stats.items, 'item')}`;
  const retries = stats.retries ? `, ${plural(stats.retries, 'retry', 'retries')}` : '';
  const failure = error ? `  FAILED ${error.code}` : '';
  return [stats.api, `${counts}${retries}${failure}`];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** `collected 15 APIs: 52 calls, 9,001 items, 2 errors in 3.4 s` */
export function formatSummary(stats: CollectionStats): string {
  const t = stats.totals;
  const errors = t.errors ? `, ${plural(t.errors, 'error')}` : '';
  return `collected ${stats.apis.length} APIs: ${plural(t.calls, 'call')}, ${plural(t.items, 'item')}${errors} in ${seconds(t.elapsedMs)}`;
}

/** The `--stats` table: one row per API and a total. */
export function formatStatsTable(stats: CollectionStats): string {
  const header = ['API', 'calls', 'pages', 'retries', 'items', 'errors', 'time'];
  const row = (api: string, s: Omit<ApiStats, 'api'>, time: string): string[] => [
    api,
    String(s.calls),
    String(s.pages),
    String(s.retries),
    String(s.items),
    String(s.errors),
    time,
  ];
  const rows = [
    header,
    ...stats.apis.map((s) => row(s.api, s, seconds(s.elapsedMs))),
    row('total', stats.totals, `${seconds(stats.totals.elapsedMs)} wall`),
  ];
  const align = header.map((_, i): Align => (i === 0 ? 'left' : 'right'));
  return textTable(rows, { align, rule: true, ruleAboveLast: true }) + '\n';
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
