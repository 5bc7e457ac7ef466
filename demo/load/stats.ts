/** Latency and error counts of one endpoint over a load run. */
export class EndpointStats {
  readonly durationsMs: number[] = [];
  errors = 0;
  /** Answers that were a business refusal (e.g. a full section), not a failure. */
  refused = 0;

  record(durationMs: number, outcome: 'ok' | 'refused' | 'error'): void {
    this.durationsMs.push(durationMs);
    if (outcome === 'error') this.errors++;
    if (outcome === 'refused') this.refused++;
  }

  get count(): number {
    return this.durationsMs.length;
  }

  /** The p-th percentile (0-100) in ms, nearest-rank; 0 without samples. */
  percentile(p: number): number {
    if (this.durationsMs.length === 0) return 0;
    const sorted = [...this.durationsMs].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  }
}

/** One endpoint's line of the final report. */
export interface EndpointSummary {
  endpoint: string;
  requests: number;
  perSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  errorRate: number;
  refused: number;
}

/** Summaries of every endpoint, sorted by name, for a run of `seconds`. */
export function summarize(stats: Map<string, EndpointStats>, seconds: number): EndpointSummary[] {
  return [...stats]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([endpoint, s]) => ({
      endpoint,
      requests: s.count,
      perSecond: s.count / seconds,
      p50Ms: s.percentile(50),
      p90Ms: s.percentile(90),
      p99Ms: s.percentile(99),
      maxMs: s.percentile(100),
      errorRate: s.count === 0 ? 0 : s.errors / s.count,
      refused: s.refused,
    }));
}

/** The report table printed by `zeus-obs load`. */
export function formatSummary(rows: readonly EndpointSummary[]): string {
  const header = ['endpoint', 'requests', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', 'refused'];
  const lines = rows.map((r) => [
    r.endpoint, String(r.requests), r.perSecond.toFixed(1), r.p50Ms.toFixed(0), r.p90Ms.toFixed(0), r.p99Ms.toFixed(0), r.maxMs.toFixed(0),
    `${(r.errorRate * 100).toFixed(2)}%`, String(r.refused),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [row(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(row)].join('\n');
}
