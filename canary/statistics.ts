/**
 * The statistics of the canary analysis, in plain numbers: the same test the PromQL of
 * `queries.ts` computes inside Prometheus, so tests can check one against the other and compute
 * its exact false-positive rate.
 *
 * The test: is the candidate's share of bad events (errors, slow requests, SLO-bad events)
 * higher than the baseline's? Each check compares two binomial proportions, e1/n1 (candidate)
 * and e0/n0 (baseline), with the signed root of the likelihood-ratio (G) statistic:
 *
 *   r = sign(p1 − p0) · √(2·[ℓ(E1, N1) + ℓ(E0, N0) − ℓ(E1 + E0, N1 + N0)]),  ℓ(E, N) = E·ln(E/N) + (N − E)·ln(1 − E/N)
 *
 * with E = e + ½ and N = n + 1 (half an event added to each cell keeps every logarithm finite
 * and the statistic defined at 0 and n). Under "no difference" r is close to a standard normal,
 * and much closer in the far tail than the Wald or pooled z statistics (which we measured 2-20×
 * over their nominal rate at these sample sizes). The check fails when r exceeds
 * {@link CRITICAL_Z}.
 */

/** Half an event per cell (see the module comment). */
export const CONTINUITY = 0.5;

/** ℓ(E, N) = E·ln(E/N) + (N − E)·ln((N − E)/N), 0·ln 0 taken as 0. */
function logLikelihood(events: number, total: number): number {
  const term = (x: number) => (x <= 0 ? 0 : x * Math.log(x / total));
  return term(events) + term(total - events);
}

/**
 * How much worse a candidate's latency may be before the latency checks may fail it: they test
 * "the candidate's share of requests slower than the baseline's p95 (p99) is more than
 * LATENCY_MARGIN times the baseline's", not "more than the baseline's". With a 5% tail, 2 lets
 * the candidate's p90 reach the baseline's p95; a version that doubles its tail (for a typical
 * spread, about +40% latency) or more is caught. Without a margin every difference becomes
 * significant with enough requests, including the ones that are not the version's: a process
 * that serves a quarter of the calls runs colder (JIT, caches) than one that serves the rest,
 * which on this machine alone puts its p95 10-20% above the baseline's.
 */
export const LATENCY_MARGIN = 2;

/**
 * The signed-root likelihood-ratio statistic of "candidate worse than baseline": positive when
 * the candidate's bad share is higher. `e1` of `n1` candidate events were bad, `e0` of `n0`
 * baseline events. Counts may be fractional (Prometheus `increase()` extrapolates). With a
 * `margin` m the candidate's bad events count 1/m each: the test of "more than m times the
 * baseline's share". At the boundary (candidate share exactly m times) this overstates the
 * candidate's variance, so the false-positive rate stays under the plain test's (checked
 * exactly in `statistics.test.ts`).
 */
export function likelihoodRatioZ(e1: number, n1: number, e0: number, n0: number, margin = 1): number {
  const E1 = Math.min(e1, n1) / margin + CONTINUITY;
  const N1 = n1 + 2 * CONTINUITY;
  const E0 = Math.min(e0, n0) + CONTINUITY;
  const N0 = n0 + 2 * CONTINUITY;
  const deviance = 2 * (logLikelihood(E1, N1) + logLikelihood(E0, N0) - logLikelihood(E1 + E0, N1 + N0));
  return Math.sign(E1 / N1 - E0 / N0) * Math.sqrt(Math.max(0, deviance));
}

/**
 * The false-positive budget of one rollout step: a candidate no worse than the baseline is
 * rolled back at a step with probability at most this.
 */
export const ALPHA_PER_STEP = 0.01;
/** Looks at Prometheus per step (a check fails at the first look whose statistic is over the limit). */
export const LOOKS_PER_STEP = 4;
/**
 * Checks per look that the budget is split over: error ratio, p95, p99, and up to two SLO-burn
 * checks (enrollment has two SLOs; a service with fewer spends less than its budget).
 */
export const MAX_CHECKS = 5;
/** Bonferroni: each of the looks × checks tests gets this share of the step's budget. */
export const ALPHA_PER_TEST = ALPHA_PER_STEP / (LOOKS_PER_STEP * MAX_CHECKS);
/** Events each side needs before a check decides anything (fewer: inconclusive). */
export const MIN_SAMPLES = 30;
/**
 * The critical value. The normal quantile for {@link ALPHA_PER_TEST} (0.0005) is 3.29, but with
 * 30 or more events a side the discrete tail of r is heavier: by exact enumeration of binomial
 * outcomes (`statistics.test.ts`) 3.29 allows up to ~2× the rate, and 3.6 keeps it at or below
 * 0.0005 for every true bad share and every weight from 5% to 50%.
 */
export const CRITICAL_Z = 3.6;

/** Binomial probabilities P(X = k), k = 0..n, computed in log space. */
export function binomialPmf(n: number, p: number): Float64Array {
  const out = new Float64Array(n + 1);
  if (p <= 0 || p >= 1) {
    out[p <= 0 ? 0 : n] = 1;
    return out;
  }
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  let logChoose = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logChoose += Math.log((n - k + 1) / k);
    out[k] = Math.exp(logChoose + k * lp + (n - k) * lq);
  }
  return out;
}

/**
 * The exact probability that a check fails when the candidate is exactly as bad as it may be:
 * the baseline's bad rate is `p` and the candidate's `margin`·p (1: the same). The sum over every
 * outcome (e1, e0) of Bin(n1, margin·p) × Bin(n0, p) where r > `critical`. Outcomes less likely
 * than 1e-13 are skipped (their total is far below the rates compared).
 */
export function exactFalsePositiveRate(n1: number, n0: number, p: number, critical = CRITICAL_Z, margin = 1): number {
  const candidate = binomialPmf(n1, Math.min(1, margin * p));
  const baseline = binomialPmf(n0, p);
  let rate = 0;
  for (let e1 = 0; e1 <= n1; e1++) {
    if (candidate[e1]! < 1e-13) continue;
    for (let e0 = 0; e0 <= n0; e0++) {
      if (baseline[e0]! < 1e-13) continue;
      if (likelihoodRatioZ(e1, n1, e0, n0, margin) > critical) rate += candidate[e1]! * baseline[e0]!;
    }
  }
  return rate;
}
