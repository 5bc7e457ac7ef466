/**
 * PromQL builders for panel queries. Metric names come only from catalogue definitions and label
 * keys are typed by the definition, so a matcher on a label the metric does not have is a
 * compile error (and, for queries typed by hand, a linter error).
 */
import type { LabelKey, MetricDefinition, TARGET_LABELS } from '@zeus/instrumentation/catalog';

/** Grafana's rate window: at least four scrape intervals, and follows the zoom level. */
export const RATE_INTERVAL = '$__rate_interval';

/** PromQL label-matching operators. */
export type MatchOp = '=' | '!=' | '=~' | '!~';

/** A label matcher. */
export interface Matcher {
  readonly op: MatchOp;
  readonly value: string;
}

/** `label="value"`. */
export const eq = (value: string): Matcher => ({ op: '=', value });
/** `label!="value"`. */
export const ne = (value: string): Matcher => ({ op: '!=', value });
/** `label=~"regex"` (Grafana variables like `$service` go here). */
export const re = (value: string): Matcher => ({ op: '=~', value });
/** `label!~"regex"`. */
export const nre = (value: string): Matcher => ({ op: '!~', value });

/** Labels every scraped series carries: job, instance, service. */
export type TargetLabel = (typeof TARGET_LABELS)[number];

/** Labels a series of metric `D` can be matched or grouped on (`le` for histogram buckets). */
export type SeriesLabel<D extends MetricDefinition> =
  | LabelKey<D>
  | TargetLabel
  | (D['kind'] extends 'histogram' ? 'le' : never);

/** Matchers for a series of metric `D`, by label. */
export type Matchers<D extends MetricDefinition> = { readonly [K in SeriesLabel<D>]?: Matcher };

/** Histogram series suffixes. */
export type HistogramSeries = '_bucket' | '_sum' | '_count';

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * A series selector: `name{label="value",...}`. Matchers are written in key order so output is
 * stable. `part` picks a histogram's `_bucket`, `_sum` or `_count` series.
 */
export function selector<D extends MetricDefinition>(
  metric: D,
  matchers: Matchers<D> = {},
  part?: D['kind'] extends 'histogram' ? HistogramSeries : never,
): string {
  const entries = Object.entries(matchers as Record<string, Matcher | undefined>)
    .filter((entry): entry is [string, Matcher] => entry[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const body = entries.map(([label, m]) => `${label}${m.op}${quote(m.value)}`).join(', ');
  return `${metric.name}${part ?? ''}${body ? `{${body}}` : ''}`;
}

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
  part?: D['kind'] extends 'histogram' ? HistogramSeries : never,
): string {
  return `rate(${selector(metric, matchers, part)}[${RATE_INTERVAL}])`;
}

/** `sum by (labels) (rate(counter[$__rate_interval]))`: events per second. */
export function sumRate<D extends MetricDefinition>(
  metric: D,
  labels: readonly SeriesLabel<D>[] = [],
  matchers: Matchers<D> = {},
  part?: D['kind'] extends 'histogram' ? HistogramSeries : never,
): string {
  return sum(rate(metric, matchers, part), labels);
}

/** `sum by (labels) (increase(counter[$__range]))`: events in the selected time range. */
export function sumIncreaseOverRange<D extends MetricDefinition>(
  metric: D,
  labels: readonly SeriesLabel<D>[] = [],
  matchers: Matchers<D> = {},
  part?: D['kind'] extends 'histogram' ? HistogramSeries : never,
): string {
  return sum(`increase(${selector(metric, matchers, part)}[$__range])`, labels);
}

/** Requests per second of a histogram (rate of its `_count`), summed by `labels`. */
export function histogramRate<D extends MetricDefinition<string, 'histogram'>>(
  metric: D,
  labels: readonly SeriesLabel<D>[] = [],
  matchers: Matchers<D> = {},
): string {
  return sum(`rate(${selector(metric, matchers, '_count' as never)}[${RATE_INTERVAL}])`, labels);
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
  const buckets = `rate(${selector(metric, matchers, '_bucket' as never)}[${RATE_INTERVAL}])`;
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
  const part = (metric.kind === 'histogram' ? '_count' : undefined) as never;
  const total = sum(rate(metric, matchers, part), labels);
  const failing = sum(rate(metric, { ...matchers, ...bad }, part), labels);
  return `(${failing} or ${total} * 0) / ${total}`;
}

/** A duration literal in seconds, for `predict_linear` horizons: `7d` → 604800. */
export function durationSeconds(duration: string): number {
  const match = /^(\d+)(s|m|h|d|w)$/.exec(duration);
  if (!match) throw new Error(`invalid duration ${JSON.stringify(duration)} (expected e.g. 30m, 6h, 7d)`);
  const factor = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[match[2] as 's' | 'm' | 'h' | 'd' | 'w'];
  return Number(match[1]) * factor;
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
  part?: D['kind'] extends 'histogram' ? HistogramSeries : never,
): string {
  return `label_values(${selector(metric, matchers, part)}, ${label})`;
}
