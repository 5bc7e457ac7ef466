import type { Registry, RegistryContentType } from 'prom-client';

type Labels = Record<string, string>;

/** An OpenMetrics exemplar as prom-client represents it (`timestamp` in seconds). */
export interface Exemplar {
  labelSet: Record<string, string>;
  value: number;
  timestamp: number;
}

/** One label set of a {@link FastHistogram}. */
export interface HistogramSeries {
  labels: Labels;
  counts: Float64Array;
  exemplars: Array<Exemplar | undefined>;
  sum: number;
  count: number;
}

/**
 * A histogram that lives in a prom-client registry (same `get()` shape, so every prom-client
 * serialiser and this package's exposition read it) but records through a precomputed series
 * key: no per-observation label validation, sorting or hashing. prom-client's observe path cost
 * 5-7 µs per request on the RED histogram; this one well under 1 µs.
 */
export class FastHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly data = new Map<string, HistogramSeries>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    private readonly bounds: readonly number[],
    registry: Registry<RegistryContentType>,
  ) {
    registry.registerMetric(this as never);
  }

  /** Index of the bucket `value` falls in (`bounds.length` for +Inf). */
  bucketOf(value: number): number {
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) if (value <= bounds[i]!) return i;
    return bounds.length;
  }

  /** Records `value` for the series `key` (labels are copied on the series' first observation). */
  observe(key: string, labels: Labels, value: number, bucket: number, exemplar?: Record<string, string>): void {
    if (!Number.isFinite(value)) return;
    let series = this.data.get(key);
    if (!series) {
      const copy: Labels = {};
      for (const name of this.labelNames) {
        // an empty value is an absent label (no http_route on unmatched requests)
        const value = labels[name];
        if (value !== undefined && value !== '') copy[name] = String(value);
      }
      series = {
        labels: copy,
        counts: new Float64Array(this.bounds.length + 1),
        exemplars: [],
        sum: 0,
        count: 0,
      };
      this.data.set(key, series);
    }
    series.counts[bucket]! += 1;
    series.sum += value;
    series.count += 1;
    if (exemplar) series.exemplars[bucket] = { labelSet: exemplar, value, timestamp: Date.now() / 1000 };
  }

  /** Upper bounds of the buckets (the last bucket, +Inf, has none). */
  boundaries(): readonly number[] {
    return this.bounds;
  }

  /**
   * The series as they are now, for exporters: labels (empty ones left out), per-bucket counts
   * (not cumulative; one more than the bounds), sum, count and the newest exemplar per bucket.
   * Read-only views: copy what must outlive the next observation.
   */
  series(): Iterable<Readonly<HistogramSeries>> {
    return this.data.values();
  }

  /** prom-client's metric shape: cumulative `_bucket` samples (le first), `_sum`, `_count`. */
  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: unknown[] }> {
    const values: unknown[] = [];
    for (const series of this.data.values()) {
      let cumulative = 0;
      for (let i = 0; i <= this.bounds.length; i++) {
        cumulative += series.counts[i]!;
        values.push({
          labels: { le: i < this.bounds.length ? this.bounds[i]! : '+Inf', ...series.labels },
          value: cumulative,
          metricName: `${this.name}_bucket`,
          exemplar: series.exemplars[i] ?? null,
        });
      }
      values.push({ labels: { ...series.labels }, value: series.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...series.labels }, value: series.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.data.clear();
  }
}
