// The test statistic and its false-positive rate, computed exactly: every outcome of two
// binomial samples with the same true bad share is enumerated, so the rate a healthy candidate
// is rolled back at is a number, not an assumption of normality.
import { describe, expect, it } from 'vitest';
import {
  ALPHA_PER_STEP, ALPHA_PER_TEST, binomialPmf, CRITICAL_Z, exactFalsePositiveRate, LATENCY_MARGIN, likelihoodRatioZ, LOOKS_PER_STEP, MAX_CHECKS, MIN_SAMPLES,
} from './statistics.js';

/** Candidate share n1 : baseline n0 at the weights a rollout uses (5%, 10%, 25%, 50%). */
const RATIOS = [19, 9, 3, 1];
/** True bad shares from one in 10 000 to 90%, log-spaced. */
const SHARES = [...Array.from({ length: 37 }, (_, i) => 10 ** (-4 + i * 0.1)), 0.6, 0.75, 0.9];

/** The exact probability that a candidate as bad as `p1` (baseline `p0`) fails the check. */
function power(n1: number, n0: number, p1: number, p0: number, margin = 1): number {
  const a = binomialPmf(n1, p1);
  const b = binomialPmf(n0, p0);
  let total = 0;
  for (let e1 = 0; e1 <= n1; e1++) for (let e0 = 0; e0 <= n0; e0++) if (a[e1]! * b[e0]! > 1e-14 && likelihoodRatioZ(e1, n1, e0, n0, margin) > CRITICAL_Z) total += a[e1]! * b[e0]!;
  return total;
}

describe('the likelihood-ratio statistic', () => {
  it('is about 0 for equal shares, positive when the candidate is worse, and antisymmetric', () => {
    expect(likelihoodRatioZ(10, 100, 10, 100)).toBe(0);
    expect(Math.abs(likelihoodRatioZ(10, 100, 100, 1000))).toBeLessThan(0.2);
    expect(likelihoodRatioZ(20, 100, 10, 100)).toBeGreaterThan(0);
    expect(likelihoodRatioZ(10, 100, 20, 100)).toBeCloseTo(-likelihoodRatioZ(20, 100, 10, 100), 12);
    // With no bad events on either side it stays far from failing, however unequal the sizes
    // (the half event added to each cell weighs more on the smaller side).
    expect(likelihoodRatioZ(0, 30, 0, 5000)).toBeLessThan(2);
  });

  it('grows with the evidence: 20% errors against 0.1% fails from about 30 candidate requests', () => {
    expect(likelihoodRatioZ(6, 30, 0.27, 270)).toBeGreaterThan(CRITICAL_Z);
    expect(likelihoodRatioZ(2, 10, 0.09, 90)).toBeLessThan(CRITICAL_Z);
  });
});

describe('the false-positive rate of one check', () => {
  it('splits the per-step budget over looks and checks (Bonferroni)', () => {
    expect(ALPHA_PER_TEST).toBeCloseTo(ALPHA_PER_STEP / (LOOKS_PER_STEP * MAX_CHECKS), 15);
    expect(ALPHA_PER_TEST).toBeCloseTo(0.0005, 10);
  });

  it(`stays at or below ${ALPHA_PER_TEST} for every true share and weight once both sides have ${MIN_SAMPLES}+ events`, () => {
    let worst = { rate: 0, at: '' };
    for (const ratio of RATIOS) {
      for (const n1 of [MIN_SAMPLES, 45, 60, 100, 200, 400]) {
        for (const p of SHARES) {
          const rate = exactFalsePositiveRate(n1, ratio * n1, p);
          if (rate > worst.rate) worst = { rate, at: `n1=${n1} n0=${ratio * n1} p=${p.toPrecision(2)}` };
        }
      }
    }
    expect(worst.rate, worst.at).toBeLessThanOrEqual(ALPHA_PER_TEST);
    expect(worst.rate).toBeGreaterThan(ALPHA_PER_TEST / 10);
  }, 120_000);

  it('also with thousands of requests and rare errors (the Poisson corner, where normal tails are worst)', () => {
    for (const ratio of [19, 9]) {
      for (const lambda of [0.5, 1, 2, 4, 8]) {
        const n1 = 2_000;
        expect(exactFalsePositiveRate(n1, ratio * n1, lambda / n1), `λ=${lambda} ratio ${ratio}`).toBeLessThanOrEqual(ALPHA_PER_TEST);
      }
    }
  }, 120_000);

  it(`stays at or below ${ALPHA_PER_TEST} for the latency checks at their margin: a candidate with exactly ${LATENCY_MARGIN}× the baseline's tail`, () => {
    let worst = { rate: 0, at: '' };
    for (const ratio of RATIOS) {
      for (const n1 of [MIN_SAMPLES, 60, 200, 1_000]) {
        // The tail the latency checks compare: the baseline's share over its p95 or p99 bucket boundary, at most 5%.
        for (const p of [0.001, 0.003, 0.01, 0.02, 0.03, 0.05]) {
          const rate = exactFalsePositiveRate(n1, ratio * n1, p, CRITICAL_Z, LATENCY_MARGIN);
          if (rate > worst.rate) worst = { rate, at: `n1=${n1} n0=${ratio * n1} p=${p}` };
        }
      }
    }
    expect(worst.rate, worst.at).toBeLessThanOrEqual(ALPHA_PER_TEST);
  }, 120_000);

  it('would not with the normal quantile 3.29: that is why the critical value is 3.6', () => {
    const rates = RATIOS.flatMap((ratio) => SHARES.map((p) => exactFalsePositiveRate(45, ratio * 45, p, 3.29)));
    expect(Math.max(...rates)).toBeGreaterThan(ALPHA_PER_TEST);
  }, 60_000);
});

describe('the power of one check (what the drills rely on)', () => {
  it('catches 20% errors at the 10% step with 60 candidate requests 99% of the time', () => {
    expect(power(60, 540, 0.2, 0.001)).toBeGreaterThan(0.99);
  });

  it('catches every request slowed past the baseline p95 with 30 candidate requests, margin included', () => {
    // Slower than the p95 threshold: baseline ≤ 5%, candidate (+800 ms) all of them.
    expect(power(30, 270, 1, 0.05, LATENCY_MARGIN)).toBeGreaterThan(0.999);
  });

  it('catches a candidate with 4× the baseline tail at a 25% step of 4 000 requests, and tolerates 1.5× where the plain test would not', () => {
    // The margin costs power at small samples (4× the tail at 250 candidate requests: about 1 in 7),
    // not at a production step's thousands.
    expect(power(1_000, 3_000, 0.2, 0.05, LATENCY_MARGIN)).toBeGreaterThan(0.98);
    expect(power(1_000, 3_000, 0.075, 0.05, LATENCY_MARGIN)).toBeLessThan(ALPHA_PER_TEST);
    expect(power(1_000, 3_000, 0.075, 0.05)).toBeGreaterThan(0.05);
    expect(likelihoodRatioZ(300, 2_000, 600, 8_000)).toBeGreaterThan(CRITICAL_Z);
    expect(likelihoodRatioZ(300, 2_000, 600, 8_000, LATENCY_MARGIN)).toBeLessThan(1);
  });
});
