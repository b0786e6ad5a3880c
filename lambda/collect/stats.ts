/** What one API cost during a collection. */
export interface ApiStats {
  api: string;
  /** Operations sent (one per page requested, including the one that failed). */
  calls: number;
  /** Pages received. */
  pages: number;
  /** Extra HTTP attempts the SDK made after throttling or transient errors ($metadata.attempts - 1). */
  retries: number;
  items: number;
  errors: number;
  /** Time spent waiting on this API's calls, summed (calls may overlap, so this can exceed wall time). */
  elapsedMs: number;
}

export interface CollectionStats {
  /** Sorted by API name. */
  apis: ApiStats[];
  /** Sums of the per-API counters; `elapsedMs` is the wall time of the whole collection. */
  totals: Omit<ApiStats, 'api'>;
}

/** Accumulates per-API counters as calls complete. */
export class StatsRecorder {
  private readonly byApi = new Map<string, ApiStats>();

  get(api: string): ApiStats {
    let stats = this.byApi.get(api);
    if (!stats) {
      stats = { api, calls: 0, pages: 0, retries: 0, items: 0, errors: 0, elapsedMs: 0 };
      this.byApi.set(api, stats);
    }
    return stats;
  }

  page(api: string, elapsedMs: number, attempts: number | undefined, items: number): ApiStats {
    const stats = this.get(api);
    stats.calls += 1;
    stats.pages += 1;
    stats.retries += Math.max(0, (attempts ?? 1) - 1);
    stats.items += items;
    stats.elapsedMs += elapsedMs;
    return stats;
  }

  failure(api: string, elapsedMs: number, attempts: number | undefined): ApiStats {
    const stats = this.get(api);
    stats.calls += 1;
    stats.retries += Math.max(0, (attempts ?? 1) - 1);
    stats.errors += 1;
    stats.elapsedMs += elapsedMs;
    return stats;
  }

  /** A failure recorded without a call (an API skipped because what it depends on failed). */
  skipped(api: string): ApiStats {
    const stats = this.get(api);
    stats.errors += 1;
    return stats;
  }

  summary(wallMs: number): CollectionStats {
    const apis = [...this.byApi.values()]
      .map((s) => ({ ...s, elapsedMs: Math.round(s.elapsedMs) }))
      .sort((a, b) => compare(a.api, b.api));
    const totals = { calls: 0, pages: 0, retries: 0, items: 0, errors: 0, elapsedMs: Math.round(wallMs) };
    for (const s of apis) {
      totals.calls += s.calls;
      totals.pages += s.pages;
      totals.retries += s.retries;
      totals.items += s.items;
      totals.errors += s.errors;
    }
    return { apis, totals };
  }
}

/** Code-unit order: the same on every machine and locale, so snapshots are byte-identical. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
