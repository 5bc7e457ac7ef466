/**
 * The one label-matcher and selector model of the stack. Alerts, dashboards, SLOs and the live
 * dashboard check build their series selectors here, so a label value is quoted one way
 * everywhere and a label the metric does not have is a compile error.
 */
import type { LabelKey, MetricDefinition, TARGET_LABELS } from '@zeus/instrumentation/catalog';
import { escapeRegex, promqlString } from './quote.js';

/** PromQL label-matching operators. */
export type MatchOp = '=' | '!=' | '=~' | '!~';

/** One label matcher: an operator and the value (a regex for `=~` and `!~`). */
export interface LabelMatcher {
  readonly op: MatchOp;
  readonly value: string;
}

/** A matcher as written in a definition: a plain string is shorthand for {@link eq}. */
export type MatcherValue = string | LabelMatcher;

/** `label="value"`. */
export const eq = (value: string): LabelMatcher => ({ op: '=', value });
/** `label!="value"`. */
export const ne = (value: string): LabelMatcher => ({ op: '!=', value });
/** `label=~"regex"` (Grafana variables like `$service` go here). */
export const re = (value: string): LabelMatcher => ({ op: '=~', value });
/** `label!~"regex"`. */
export const nre = (value: string): LabelMatcher => ({ op: '!~', value });

/** Any of the literal `values`: `=` for one value, else `=~` of the escaped alternatives. */
export function oneOf(values: readonly string[]): LabelMatcher {
  return values.length === 1 ? eq(values[0]!) : re(values.map(escapeRegex).join('|'));
}

/** Labels Prometheus adds to every scraped series: job, instance, service. */
export type TargetLabel = (typeof TARGET_LABELS)[number];

/** Labels a metric `D` is recorded with, plus the target labels. */
export type MetricLabel<D extends MetricDefinition> = LabelKey<D> | TargetLabel;

/** Labels a series of metric `D` can be matched or grouped on (`le` for histogram buckets). */
export type SeriesLabel<D extends MetricDefinition> = MetricLabel<D> | (D['kind'] extends 'histogram' ? 'le' : never);

/** Matchers for a series of metric `D`, by label. A label `D` does not have is a compile error. */
export type Matchers<D extends MetricDefinition> = { readonly [K in SeriesLabel<D>]?: MatcherValue };

/** The three series a Prometheus histogram is stored as. */
export type HistogramPart = '_bucket' | '_sum' | '_count';

/** The histogram parts metric `D` has (none unless it is a histogram). */
export type PartOf<D extends MetricDefinition> = D['kind'] extends 'histogram' ? HistogramPart : never;

/** One matcher with its label, in output order. */
export type MatcherEntry = readonly [label: string, matcher: MatcherValue];

/**
 * The order matchers are written in: `sorted` by label (dashboards, SLOs), or `as-written`,
 * the definition's key order (alerts, whose generated rules and tests keep the author's order).
 */
export type MatcherOrder = 'sorted' | 'as-written';

/** `label="value"`, `label!~"regex"`...; the value quoted by {@link promqlString}. */
export function renderMatcher(label: string, matcher: MatcherValue): string {
  const { op, value } = typeof matcher === 'string' ? eq(matcher) : matcher;
  return `${label}${op}${promqlString(value)}`;
}

/** The defined matchers of a matcher object as entries, in the requested order. */
export function matcherEntries(matchers: Readonly<Record<string, MatcherValue | undefined>>, order: MatcherOrder = 'sorted'): MatcherEntry[] {
  const entries = Object.entries(matchers).filter((entry): entry is [string, MatcherValue] => entry[1] !== undefined);
  return order === 'sorted' ? entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : entries;
}

/** `name{a="x", b=~"y"}` for a series name and ordered matchers; the bare name without any. */
export function seriesSelector(name: string, entries: readonly MatcherEntry[]): string {
  return entries.length === 0 ? name : `${name}{${entries.map(([label, m]) => renderMatcher(label, m)).join(', ')}}`;
}

/** Options of {@link selector}. */
export interface SelectorOptions<D extends MetricDefinition> {
  /** A histogram's `_bucket`, `_sum` or `_count` series. */
  readonly part?: PartOf<D>;
  /** Matcher order; default `sorted`. */
  readonly order?: MatcherOrder;
}

/**
 * A selector for a catalogue metric: `selector(enrollmentAttempts, { outcome: 'error' })` gives
 * `zeus_enrollment_attempts_total{outcome="error"}`. The name comes from the catalogue and label
 * keys are checked at compile time.
 */
export function selector<D extends MetricDefinition>(metric: D, matchers: Matchers<D> = {}, options: SelectorOptions<D> = {}): string {
  const entries = matcherEntries(matchers as Readonly<Record<string, MatcherValue | undefined>>, options.order);
  return seriesSelector(`${metric.name}${options.part ?? ''}`, entries);
}
