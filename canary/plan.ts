import { durationSeconds, isDuration } from '../promql/index.js';
import { LOOKS_PER_STEP } from './statistics.js';

/** The default weights, in percent: three analysed steps, then the whole traffic (promotion). */
export const DEFAULT_STEPS: readonly number[] = [10, 25, 50, 100];
/**
 * Step duration with production settings (15 s scrapes). It is also the analysis window: each
 * look counts the last step-duration of events (see the README's arithmetic for why 5m).
 */
export const PRODUCTION_STEP = '5m';

/**
 * Weights from `--steps`: comma-separated whole percentages from 1 to 100, strictly
 * increasing. A step of 100 is the promotion itself (all traffic on the candidate, no baseline
 * left to compare with), so only the steps below it are analysed. Throws with the reason.
 */
export function parseSteps(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const weights = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : Number.NaN));
  const bad = parts.find((_, i) => !(weights[i]! >= 1 && weights[i]! <= 100));
  if (bad !== undefined) throw new Error(`--steps: '${bad}' is not a whole percentage from 1 to 100 (e.g. --steps 10,25,50,100)`);
  if (weights.some((w, i) => i > 0 && w <= weights[i - 1]!)) throw new Error(`--steps must increase: ${text}`);
  if (weights.filter((w) => w < 100).length === 0) throw new Error('--steps needs at least one step below 100 to analyse');
  return weights;
}

/** The analysed weights (below 100), as fractions. */
export function analysedWeights(steps: readonly number[]): number[] {
  return steps.filter((w) => w < 100).map((w) => w / 100);
}

/** Step timing: the step (and analysis window) in seconds and the interval between looks. */
export interface StepTiming {
  readonly window: string;
  readonly stepMs: number;
  readonly lookMs: number;
}

/** Timing of a step duration such as `5m`; throws when it is not a Prometheus duration of at least 4 s. */
export function stepTiming(duration: string): StepTiming {
  if (!isDuration(duration)) throw new Error(`--step-duration: '${duration}' is not a Prometheus duration such as 5m or 20s`);
  const seconds = durationSeconds(duration);
  if (seconds < LOOKS_PER_STEP) throw new Error(`--step-duration must be at least ${LOOKS_PER_STEP}s (one look a second at least)`);
  return { window: duration, stepMs: seconds * 1000, lookMs: (seconds * 1000) / LOOKS_PER_STEP };
}
