import { escapeRegex, matcherEntries, oneOf, re, seriesSelector, type LabelMatcher, type MatcherEntry, type MatcherValue } from '../promql/index.js';
import type { LabelMatch, LatencySli, Matchers, RatioSli } from './types.js';

/** The PromQL matcher of an SLI label match: the value, any of a list, or the regex. */
function toMatcher(match: LabelMatch): MatcherValue {
  if (typeof match === 'string') return match;
  if (Array.isArray(match)) return oneOf(match as readonly string[]);
  return re((match as { regex: string }).regex);
}

/** Matcher entries of an SLI matcher set, sorted by label so output is deterministic. */
function entriesOf(matchers: Matchers | undefined): MatcherEntry[] {
  const converted: Record<string, MatcherValue | undefined> = {};
  for (const [label, match] of Object.entries(matchers ?? {})) if (match !== undefined) converted[label] = toMatcher(match);
  return matcherEntries(converted, 'sorted');
}

/** One set of an SLI selector: a matcher object of the SLO, or one extra matcher (the `le` bound). */
export type SliMatcherSet = Matchers | MatcherEntry | undefined;

/**
 * `name{a="x", b=~"y|z"}` from matcher sets: each set sorted by label, the sets in the order
 * given (`where` first, then `bad`, `good` or the `le` bound).
 */
export function sliSelector(name: string, ...sets: SliMatcherSet[]): string {
  const entries = sets.flatMap((set) => (Array.isArray(set) ? [set as MatcherEntry] : entriesOf(set as Matchers | undefined)));
  return seriesSelector(name, entries);
}

/**
 * Every spelling of a bucket bound that exporters write: `1` (Go, prom-client, OTel) and `1.0`
 * (Prometheus 3 normalises integral bounds that way). Matching all of them keeps the SLI
 * working across a Prometheus upgrade (pyrra #1502, #1611).
 */
export function leSpellings(bound: number): string[] {
  const plain = String(bound);
  const spellings = new Set([plain]);
  if (Number.isInteger(bound)) spellings.add(`${bound}.0`);
  return [...spellings];
}

/** The `le` matcher for a bucket bound, e.g. `le=~"1|1\\.0"`. */
export function leMatcher(bound: number): LabelMatcher {
  return re(leSpellings(bound).map(escapeRegex).join('|'));
}

/** The counter series an SLI counts events in: the counter itself, or a histogram's `_count`. */
export function eventSeries(sli: RatioSli | LatencySli): string {
  return sli.metric.kind === 'histogram' ? `${sli.metric.name}_count` : sli.metric.name;
}

/** Total-events expression over a (real) range, e.g. `sum(increase(x_total{...}[5m]))`. */
export function totalExpr(sli: RatioSli | LatencySli, range: string): string {
  return `sum(increase(${sliSelector(eventSeries(sli), sli.where)}[${range}]))`;
}

/**
 * Bad-events expression over a range. Never absent while the selected series exist, and 0
 * rather than absent when only good series exist, so sums and ratios stay defined.
 */
export function badExpr(sli: RatioSli | LatencySli, range: string): string {
  if (sli.kind === 'latency') {
    const good = `sum(increase(${sliSelector(`${sli.metric.name}_bucket`, sli.where, ['le', leMatcher(sli.thresholdSeconds)])}[${range}]))`;
    return `clamp_min(${totalExpr(sli, range)} - (${good} or on() vector(0)), 0)`;
  }
  if (sli.bad) return `sum(increase(${sliSelector(eventSeries(sli), sli.where, sli.bad)}[${range}]))`;
  const good = `sum(increase(${sliSelector(eventSeries(sli), sli.where, sli.good)}[${range}]))`;
  return `clamp_min(${totalExpr(sli, range)} - (${good} or on() vector(0)), 0)`;
}

/** The series whose absence means the SLI cannot be measured. */
export function presenceSelector(sli: RatioSli | LatencySli): string {
  return sliSelector(eventSeries(sli), sli.where);
}
