/**
 * The canary analysis as PromQL: each check is one query that Prometheus answers with the
 * test statistic r of `statistics.ts` (one sample), or nothing while either side has fewer
 * than {@link MIN_SAMPLES} events. The local rollout runs these queries, and the Argo Rollouts
 * AnalysisTemplate carries the same text with `{{args.canary-version}}` as the version.
 *
 * They read the running totals the canary rules record per service and `service.version`
 * (`rules.ts`). The candidate is the version being rolled out; the baseline is every other
 * version of the service.
 */
import { durationSeconds, eq, ne, seriesSelector, type MatcherEntry } from '../promql/index.js';
import { RECORD, type SloDefinition } from '../slo/index.js';
import { CANARY_RECORD } from './rules.js';
import { CONTINUITY, LATENCY_MARGIN, MIN_SAMPLES } from './statistics.js';

/** What one analysis is about. */
export interface AnalysisTarget {
  /** The `service` label, e.g. `enrollment`. */
  readonly service: string;
  /** The candidate's `service.version` (or an Argo placeholder such as `{{args.canary-version}}`). */
  readonly version: string;
  /** The window each count covers, a Prometheus duration (the step duration). */
  readonly window: string;
}

/** The candidate's version, or every other version of the service. */
export type Side = 'candidate' | 'baseline';

/** A recorded series of one side of the service: `record{service="…", service_version="…"}` (or `!=`). */
function sideSeries(record: string, target: AnalysisTarget, side: Side, extra: readonly MatcherEntry[] = []): string {
  return seriesSelector(record, [['service', target.service], ['service_version', side === 'candidate' ? eq(target.version) : ne(target.version)], ...extra]);
}

/**
 * Events one side counted in the window: each recorded total now minus one window ago, or all
 * of it for a version that did not exist then (a canary started within the window counts from
 * zero), summed (by `le` for buckets). Unlike `increase()` this neither extrapolates nor drops a
 * new series' first scrape, so the counts are whole numbers of events, which is what the test
 * counts. With `previous`, the window before that.
 */
export function sideEvents(record: string, target: AnalysisTarget, side: Side, options: { by?: readonly string[]; previous?: boolean; extra?: readonly MatcherEntry[] } = {}): string {
  const series = sideSeries(record, target, side, options.extra);
  const at = (offset: string) => (offset ? `${series} offset ${offset}` : series);
  const [end, start] = options.previous ? [target.window, `${2 * durationSeconds(target.window)}s`] : ['', target.window];
  const by = options.by?.length ? ` by (${options.by.join(', ')})` : '';
  return `sum${by} (clamp_min(${at(end)} - ${at(start)}, 0) or ${at(end)})`;
}

/** One side's bad and total events: PromQL expressions with identical label sets. */
export interface Counts {
  readonly bad: string;
  readonly total: string;
}

const add = (x: string, constant: number) => `(${x} + ${constant})`;

/** ℓ(E, N) = E·ln(E/N) + (N − E)·ln((N − E)/N) as PromQL. */
function logLikelihood(events: string, total: string): string {
  return `(${events} * ln(${events} / ${total}) + (${total} - ${events}) * ln((${total} - ${events}) / ${total}))`;
}

/**
 * The signed-root likelihood-ratio statistic of `statistics.ts` as PromQL, over expressions
 * whose label sets match (all without labels, or all by `le`); `margin` as there.
 */
export function likelihoodRatioExpr(candidate: Counts, baseline: Counts, margin = 1): string {
  const E1 = add(margin === 1 ? candidate.bad : `${candidate.bad} / ${margin}`, CONTINUITY);
  const N1 = add(candidate.total, 2 * CONTINUITY);
  const E0 = add(baseline.bad, CONTINUITY);
  const N0 = add(baseline.total, 2 * CONTINUITY);
  const deviance = `2 * (${logLikelihood(E1, N1)} + ${logLikelihood(E0, N0)} - ${logLikelihood(`(${E1} + ${E0})`, `(${N1} + ${N0})`)})`;
  return `sgn(${E1} / ${N1} - ${E0} / ${N0}) * sqrt(clamp_min(${deviance}, 0))`;
}

/** `expr`, kept only while both sides have at least {@link MIN_SAMPLES} events (else no result: inconclusive). */
function withMinimum(expr: string, candidateTotal: string, baselineTotal: string): string {
  return `(${expr}) and on () (${candidateTotal} >= ${MIN_SAMPLES}) and on () (${baselineTotal} >= ${MIN_SAMPLES})`;
}

/** Error ratio: 5xx answers of the candidate against the baseline's. */
export function errorRatioQuery(target: AnalysisTarget): string {
  const count = (side: Side): Counts => ({
    bad: `(${sideEvents(CANARY_RECORD.errors, target, side)} or on () vector(0))`,
    total: sideEvents(CANARY_RECORD.requests, target, side),
  });
  const candidate = count('candidate');
  const baseline = count('baseline');
  return withMinimum(likelihoodRatioExpr(candidate, baseline), candidate.total, baseline.total);
}

/**
 * Latency at quantile q (0.95, 0.99). The threshold t is the smallest bucket boundary under which
 * the baseline answered at least q of its requests in the previous window (independent of the
 * data tested, so choosing it cannot bias the test); the check compares the shares of requests
 * slower than t. Among boundaries the previous window cannot tell apart, the lowest one the
 * current requests reach is taken (boundaries the current data cannot tell apart give the same r).
 * The check fails only when the candidate's slower share is significantly more than
 * {@link LATENCY_MARGIN} times the baseline's.
 */
export function latencyQuery(target: AnalysisTarget, quantile: number): string {
  const cumulative = (side: Side) => sideEvents(CANARY_RECORD.buckets, target, side, { by: ['le'] });
  // Per le: the side's requests slower than le (total − cumulative), and its total, both by le.
  const slower = (side: Side): Counts => {
    const c = cumulative(side);
    return { bad: `(max(${c}) - on () group_right () ${c})`, total: `(${c} * 0 + on () group_left () max(${c}))` };
  };
  const perLe = likelihoodRatioExpr(slower('candidate'), slower('baseline'), LATENCY_MARGIN);
  const previous = sideEvents(CANARY_RECORD.buckets, target, 'baseline', { by: ['le'], previous: true });
  const eligible = `(${previous} / on () group_left () max(${previous}) >= ${quantile})`;
  const plateau = `(${eligible} == on () group_left () min(${eligible}))`;
  const pooled = `((${cumulative('candidate')} + ${cumulative('baseline')}) and on (le) ${plateau})`;
  const chosen = `(${pooled} == on () group_left () min(${pooled}))`;
  return withMinimum(`max((${perLe}) and on (le) ${chosen})`, `max(${cumulative('candidate')})`, `max(${cumulative('baseline')})`);
}

/**
 * SLO burn: the candidate's bad events by the SLO's own SLI against the baseline's, counted only
 * while the candidate burns the budget faster than the SLO allows (burn rate above 1 against
 * the objective in force, `slo:objective:ratio`); below that the check reports 0.
 */
export function sloBurnQuery(slo: SloDefinition, target: AnalysisTarget): string {
  const bySlo: MatcherEntry[] = [['slo', slo.id]];
  const count = (side: Side): Counts => ({
    bad: `(${sideEvents(CANARY_RECORD.sliBad, target, side, { extra: bySlo })} or on () vector(0))`,
    total: sideEvents(CANARY_RECORD.sliTotal, target, side, { extra: bySlo }),
  });
  const candidate = count('candidate');
  const baseline = count('baseline');
  const objective = seriesSelector(RECORD.objective, [['slo', slo.id]]);
  const burn = `(${candidate.bad} / ${candidate.total} / on () (1 - ${objective}))`;
  return withMinimum(`${likelihoodRatioExpr(candidate, baseline)} * (${burn} > bool 1)`, candidate.total, baseline.total);
}
