/**
 * Types of the metric catalogue: the single source of every metric name, label key, unit and
 * bucket layout that the Zeus stack emits or queries.
 */

/** How a metric behaves, in Prometheus terms. */
export type MetricKind = 'counter' | 'gauge' | 'histogram';

/**
 * What values a label may take: a closed list (checked at compile time by the recording API),
 * or `'free'` for values that are bounded in practice but not enumerable (routes, terms); free
 * labels are protected at run time by the per-metric cardinality cap.
 */
export type LabelSpec = readonly string[] | 'free';

/** Who writes the series; the dashboard linter uses it to know which targets carry it. */
export type MetricProducer =
  | 'instrumentation'
  | 'runtime'
  | 'service'
  | 'exporter'
  | 'synthetics'
  | 'prometheus'
  | 'alertmanager'
  | 'postgres-exporter'
  | 'node-exporter'
  | 'blackbox-exporter';

/**
 * Producers whose metric names are the upstream program's, not ours: the naming rules of the
 * catalogue (`_total` on counters, unit suffixes) are theirs to keep.
 */
export const UPSTREAM_PRODUCERS: readonly MetricProducer[] = ['prometheus', 'alertmanager', 'postgres-exporter', 'node-exporter', 'blackbox-exporter'];

/** One metric of the catalogue. */
export interface MetricDefinition<
  N extends string = string,
  K extends MetricKind = MetricKind,
  L extends Record<string, LabelSpec> = Record<string, LabelSpec>,
> {
  /** Full Prometheus name, with unit suffix and `_total` for counters (OpenMetrics naming). */
  readonly name: N;
  readonly kind: K;
  /** Unit of the value, as in the name suffix: seconds, bytes, ratio, or a count noun. */
  readonly unit: string;
  readonly help: string;
  /** Label keys the metric is recorded with (scrape-time target labels are not listed). */
  readonly labels: L;
  /** Upper bounds of histogram buckets in the metric's unit, ascending. */
  readonly buckets?: readonly number[];
  readonly producer: MetricProducer;
}

/**
 * Declares a catalogue entry, keeping every literal (name, label keys, allowed values) in the
 * type so the recording API can check label sets at compile time.
 */
export function defineMetric<
  const N extends string,
  const K extends MetricKind,
  const L extends Record<string, LabelSpec>,
>(definition: MetricDefinition<N, K, L>): MetricDefinition<N, K, L> {
  return definition;
}

/** Label keys of a metric definition. */
export type LabelKey<D> = D extends MetricDefinition<string, MetricKind, infer L> ? keyof L & string : never;

/**
 * The label set a metric must be recorded with; closed label lists become string unions. An
 * empty string means the label is not set on that series: it is left out of the exposition and
 * of OTLP attributes (Prometheus treats an empty label as absent anyway).
 */
export type LabelValues<D> =
  D extends MetricDefinition<string, MetricKind, infer L>
    ? { [K in keyof L]: L[K] extends readonly (infer V)[] ? V : string }
    : never;

/**
 * Labels that Prometheus adds to every series at scrape time from the target, so queries may use
 * them on any metric: `job` (scrape job), `instance` (host:port) and `service` (Zeus service).
 */
export const TARGET_LABELS = ['job', 'instance', 'service'] as const;

/** The series names Prometheus stores for a metric (histograms expand to three). */
export function seriesNames(definition: MetricDefinition): string[] {
  if (definition.kind === 'histogram') {
    return [`${definition.name}_bucket`, `${definition.name}_sum`, `${definition.name}_count`];
  }
  return [definition.name];
}
