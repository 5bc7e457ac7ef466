import { durationSeconds } from '../promql/index.js';
import { ALERTING_DEFAULTS, BURN_TIERS, type BurnTier } from './conventions.js';
import { tierFor } from './rules.js';
import type { SloSpec } from './types.js';

/** How fast a tier reacts to a sustained error ratio, in nominal seconds. */
export interface Detection {
  readonly tier: BurnTier;
  /** Time for the long window's error ratio to cross `factor × (1 − objective)`. */
  readonly burnSeconds: number;
  /** The tier's `for:`. */
  readonly forSeconds: number;
  /** Upper bound used by the generated tests: burn rounded up to the evaluation interval, plus `for:`, plus one evaluation. */
  readonly boundSeconds: number;
}

/**
 * Detection time of a tier for a sustained error ratio `errorRatio` (1 = full outage), after a
 * long window's worth of healthy traffic: `W × factor × (1 − objective) / errorRatio` (SRE
 * workbook), e.g. 1h × 14.4 × 0.001 = 52 s at 99.9%. Undefined when the tier never fires.
 */
export function detection(slo: SloSpec, tier: BurnTier, errorRatio = 1, evaluationSeconds = 60): Detection | undefined {
  const threshold = tier.factor * (1 - slo.objective);
  if (errorRatio <= threshold) return undefined;
  const burnSeconds = (durationSeconds(tier.long) * threshold) / errorRatio;
  const forSeconds = durationSeconds(tierFor(slo, tier));
  const boundSeconds = Math.ceil(burnSeconds / evaluationSeconds) * evaluationSeconds + forSeconds + evaluationSeconds;
  return { tier, burnSeconds, forSeconds, boundSeconds };
}

/** Detection of a full outage by the fastest page tier (the 1h/5m tier at 14.4×). */
export function fullOutageDetection(slo: SloSpec, evaluationSeconds = 60): Detection {
  return detection(slo, BURN_TIERS[0]!, 1, evaluationSeconds)!;
}

/** `for:` of the absent-SLI alert in nominal seconds. */
export const ABSENT_FOR_SECONDS = durationSeconds(ALERTING_DEFAULTS.absentFor);
