import type { SloDefinition } from '../slo/index.js';
import { errorRatioQuery, latencyQuery, sloBurnQuery, type AnalysisTarget } from './queries.js';

/** One check of the canary analysis: a query answering the test statistic, or nothing (inconclusive). */
export interface CanaryCheck {
  /** Stable id, also the Argo metric name: `error-ratio`, `latency-p95`, `latency-p99`, `slo-<id>`. */
  readonly id: string;
  /** What it compares, for the step table and the README. */
  readonly title: string;
  readonly query: string;
  /**
   * Must reach its minimum sample by the end of every step (request-level checks: without them
   * nothing can be judged, so the step fails closed). An SLO-burn check whose SLI is too quiet
   * for the minimum cannot fail the step; the SLO's burn-rate alerts still watch it after promotion.
   */
  readonly required: boolean;
  /**
   * Judges latency, which a fresh process's first requests make worse whatever its version (JIT
   * compilation, cold caches): such a check counts no request from the warm-up. The others
   * (errors, availability) count from the candidate's first call.
   */
  readonly latency: boolean;
}

/**
 * Every check of a service's canary analysis: 5xx ratio, latency p95 and p99, and the burn of
 * each SLO of the service. Pure: the same target and SLOs give the same queries, locally and in
 * the Argo AnalysisTemplate.
 */
export function canaryChecks(target: AnalysisTarget, slos: readonly SloDefinition[]): CanaryCheck[] {
  return [
    { id: 'error-ratio', title: 'error ratio (5xx)', query: errorRatioQuery(target), required: true, latency: false },
    { id: 'latency-p95', title: 'latency p95', query: latencyQuery(target, 0.95), required: true, latency: true },
    { id: 'latency-p99', title: 'latency p99', query: latencyQuery(target, 0.99), required: true, latency: true },
    ...slos
      .filter((slo) => slo.service === target.service)
      .map((slo) => ({ id: `slo-${slo.id}`, title: `SLO burn ${slo.id}`, query: sloBurnQuery(slo, target), required: false, latency: slo.sli.kind === 'latency' })),
  ];
}
