import type { LabelMatch, LatencySli, Matchers, RatioSli } from './types.js';

const REGEX_META = /[.*+?^${}()|[\]\\]/g;

/** Escapes a literal value for use inside a PromQL regex. */
export function escapeRegex(value: string): string {
  return value.replace(REGEX_META, '\\$&');
}

/** A PromQL string literal (double-quoted, escaped). */
export function quote(value: string): string {
  return JSON.stringify(value);
}

function renderMatch(label: string, match: LabelMatch): string {
  if (typeof match === 'string') return `${label}=${quote(match)}`;
  if (Array.isArray(match)) {
    const values = match as readonly string[];
    return values.length === 1 ? `${label}=${quote(values[0]!)}` : `${label}=~${quote(values.map(escapeRegex).join('|'))}`;
  }
  return `${label}=~${quote((match as { regex: string }).regex)}`;
}

/** `{a="x", b=~"y|z"}` from matchers, keys sorted so output is deterministic. */
export function renderMatchers(...sets: (Matchers | string | undefined)[]): string {
  const parts: string[] = [];
  for (const set of sets) {
    if (!set) continue;
    if (typeof set === 'string') {
      parts.push(set);
      continue;
    }
    for (const key of Object.keys(set).sort()) parts.push(renderMatch(key, set[key]!));
  }
  return `{${parts.join(', ')}}`;
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
export function leMatcher(bound: number): string {
  return `le=~${quote(leSpellings(bound).map(escapeRegex).join('|'))}`;
}

/** The counter series an SLI counts events in: the counter itself, or a histogram's `_count`. */
export function eventSeries(sli: RatioSli | LatencySli): string {
  return sli.metric.kind === 'histogram' ? `${sli.metric.name}_count` : sli.metric.name;
}

/** Total-events expression over a (real) range, e.g. `sum(increase(x_total{...}[5m]))`. */
export function totalExpr(sli: RatioSli | LatencySli, range: string): string {
  const name = eventSeries(sli);
  return `sum(increase(${name}${renderMatchers(sli.where)}[${range}]))`;
}

/**
 * Bad-events expression over a range. Never absent while the selected series exist, and 0
 * rather than absent when only good series exist, so sums and ratios stay defined.
 */
export function badExpr(sli: RatioSli | LatencySli, range: string): string {
  if (sli.kind === 'latency') {
    const good = `sum(increase(${sli.metric.name}_bucket${renderMatchers(sli.where, leMatcher(sli.thresholdSeconds))}[${range}]))`;
    return `clamp_min(${totalExpr(sli, range)} - (${good} or on() vector(0)), 0)`;
  }
  if (sli.bad) return `sum(increase(${eventSeries(sli)}${renderMatchers(sli.where, sli.bad)}[${range}]))`;
  const good = `sum(increase(${eventSeries(sli)}${renderMatchers(sli.where, sli.good)}[${range}]))`;
  return `clamp_min(${totalExpr(sli, range)} - (${good} or on() vector(0)), 0)`;
}

/** The series whose absence means the SLI cannot be measured. */
export function presenceSelector(sli: RatioSli | LatencySli): string {
  return `${eventSeries(sli)}${renderMatchers(sli.where)}`;
}
