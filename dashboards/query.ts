/**
 * PromQL builders for panel queries. Metric names come only from catalogue definitions and label
 * keys are typed by the definition, so a matcher on a label the metric does not have is a
 * compile error (and, for queries typed by hand, a linter error).
 */
import type { MetricDefinition } from '@zeus/instrumentation/catalog';
import { durationSeconds, selector, type Matchers, type PartOf, type SeriesLabel } from '../promql/index.js';

/** Grafana's rate window: at least four scrape intervals, and follows the zoom level. */
export const RATE_INTERVAL = '$__rate_interval';

/** `by (a, b)` clause, empty when no labels. */
function by(labels: readonly string[]): string {
  return labels.length > 0 ? ` by (${labels.join(', ')})` : '';
}

/** `sum by (labels) (expr)`; `sum(expr)` without labels. */
export function sum(expr: string, labels: readonly string[] = []): string {
  return labels.length > 0 ? `sum${by(labels)} (${expr})` : `sum(${expr})`;
}

/** `max by (labels) (expr)`. */
export function max(expr: string, labels: readonly string[] = []): string {
  return labels.length > 0 ? `max${by(labels)} (${expr})` : `max(${expr})`;
}

/** `min by (labels) (expr)`. */
export function min(expr: string, labels: readonly string[] = []): string {
  return labels.length > 0 ? `min${by(labels)} (${expr})` : `min(${expr})`;
}

/** `count by (labels) (expr)`. */
export function count(expr: string, labels: readonly string[] = []): string {
  return labels.length > 0 ? `count${by(labels)} (${expr})` : `count(${expr})`;
}

/** `rate(counter[$__rate_interval])`; histograms need `part`. */
export function rate<D extends MetricDefinition>(
  metric: D,
  matchers: Matchers<D> = {},
  part?: PartOf<D>,
): string {
  return `rate(${selector(metric, matchers, { part })}[${RATE_INTERVAL}])`;
}

/** `sum by (labels) (rate(counter[$__rate_interval]))`: events per second. */
export function sumRate<D extends MetricDefinition>(
  metric: D,
  labels: readonly SeriesLabel<D>[] = [],
  matchers: Matchers<D> = {},
  part?: PartOf<D>,
): string {
  return sum(rate(metric, matchers, part), labels);
}

/** `sum by (labels) (increase(counter[$__range]))`: events in the selected time range. */
export function sumIncreaseOverRange<D extends MetricDefinition>(
  metric: D,
  labels: readonly SeriesLabel<D>[] = [],
  matchers: Matchers<D> = {},
  part?: PartOf<D>,
): string {
  return sum(`increase(${selector(metric, matchers, { part })}[$__range])`, labels);
}

/** Requests per second of a histogram (rate of its `_count`), summed by `labels`. */
export function histogramRate<D extends MetricDefinition<string, 'histogram'>>(
  metric: D,
  labels: readonly SeriesLabel<D>[] = [],
  matchers: Matchers<D> = {},
): string {
  return sum(`rate(${selector(metric, matchers, { part: '_count' as PartOf<D> })}[${RATE_INTERVAL}])`, labels);
}

/**
 * `histogram_quantile(q, sum by (le, labels) (rate(metric_bucket[$__rate_interval])))`.
 */
export function quantile<D extends MetricDefinition<string, 'histogram'>>(
  q: number,
  metric: D,
  labels: readonly SeriesLabel<D>[] = [],
  matchers: Matchers<D> = {},
): string {
  const buckets = `rate(${selector(metric, matchers, { part: '_bucket' as PartOf<D> })}[${RATE_INTERVAL}])`;
  return `histogram_quantile(${q}, ${sum(buckets, ['le', ...labels])})`;
}

/**
 * Share of a counter's (or histogram's) rate that matches `bad`, by `labels`:
 * `(bad or total * 0) / total`. The `or ... * 0` makes a clean period read 0 rather than
 * "No data", because prom-client only creates a labelled series on its first event.
 */
export function ratioOfRate<D extends MetricDefinition>(
  metric: D,
  bad: Matchers<D>,
  labels: readonly SeriesLabel<D>[] = [],
  matchers: Matchers<D> = {},
): string {
  const part = (metric.kind === 'histogram' ? '_count' : undefined) as PartOf<D> | undefined;
  const total = sum(rate(metric, matchers, part), labels);
  const failing = sum(rate(metric, { ...matchers, ...bad }, part), labels);
  return `(${failing} or ${total} * 0) / ${total}`;
}

/**
 * Share of each `parts` value within its `wholes` group, by rate: `sum by (wholes, parts) (rate) /
 * on (wholes) group_left sum by (wholes) (rate)` (each flag's variants add up to 1).
 */
export function shareOfRate<D extends MetricDefinition>(
  metric: D,
  parts: readonly SeriesLabel<D>[],
  wholes: readonly SeriesLabel<D>[],
  matchers: Matchers<D> = {},
): string {
  const part = (metric.kind === 'histogram' ? '_count' : undefined) as PartOf<D> | undefined;
  const r = rate(metric, matchers, part);
  return `${sum(r, [...wholes, ...parts])} / on (${wholes.join(', ')}) group_left ${sum(r, wholes)}`;
}

/**
 * `predict_linear(gauge[lookback], horizon)`: where a gauge will be `horizon` from now if it
 * keeps the trend of the last `lookback`.
 */
export function predictLinear<D extends MetricDefinition<string, 'gauge'>>(
  metric: D,
  lookback: string,
  horizon: string,
  matchers: Matchers<D> = {},
): string {
  durationSeconds(lookback);
  return `predict_linear(${selector(metric, matchers)}[${lookback}], ${durationSeconds(horizon)})`;
}

/** `label_values(selector, label)` for a query variable. */
export function labelValues<D extends MetricDefinition>(
  metric: D,
  label: SeriesLabel<D>,
  matchers: Matchers<D> = {},
  part?: PartOf<D>,
): string {
  return `label_values(${selector(metric, matchers, { part })}, ${label})`;
}
