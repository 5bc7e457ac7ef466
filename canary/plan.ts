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
 * Warm-up with production settings: the candidate takes the first step's share of calls this long
 * before the first look, and no latency check counts a request it answered then. A fresh process
 * answers its first hundred-odd requests slower (JIT compilation, cold caches, new connections)
 * than the warm baseline; judged on them, a healthy version fails its latency checks. The error
 * and availability checks count the warm-up's requests too (a cold start does not make errors),
 * so the first look already has them.
 */
export const PRODUCTION_WARM_UP = '1m';
/**
 * Warm-up on a test-profile stack. Not the production one scaled by 1/15: a cold start lasts a
 * number of requests and real seconds (on this machine about 15 s at 10 calls/s), whatever the
 * profile does to alert windows.
 */
export const TEST_PROFILE_WARM_UP = '20s';

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

/** Step timing: the step (and analysis window) in seconds, the interval between looks, and the warm-up. */
export interface StepTiming {
  readonly window: string;
  readonly stepMs: number;
  readonly lookMs: number;
  readonly warmUpMs: number;
}

/**
 * Timing of a step duration such as `5m` and a warm-up such as `1m` (`0s`: none); throws when
 * the step is not a Prometheus duration of at least 4 s or the warm-up not a duration.
 */
export function stepTiming(duration: string, warmUp: string = PRODUCTION_WARM_UP): StepTiming {
  if (!isDuration(duration)) throw new Error(`--step-duration: '${duration}' is not a Prometheus duration such as 5m or 20s`);
  if (!isDuration(warmUp)) throw new Error(`--warm-up: '${warmUp}' is not a Prometheus duration such as 1m, 20s or 0s`);
  const seconds = durationSeconds(duration);
  if (seconds < LOOKS_PER_STEP) throw new Error(`--step-duration must be at least ${LOOKS_PER_STEP}s (one look a second at least)`);
  return { window: duration, stepMs: seconds * 1000, lookMs: (seconds * 1000) / LOOKS_PER_STEP, warmUpMs: durationSeconds(warmUp) * 1000 };
}

/**
 * The window a look counts: the step duration, or only the time since `since` when that is
 * shorter (the first step's first looks: since the first call to the candidate, or for the
 * latency checks since the warm-up ended), in whole seconds and at least 1 s.
 */
export function lookWindow(timing: StepTiming, since: number, now: number): string {
  const seconds = Math.max(1, Math.floor((now - since) / 1000));
  return seconds * 1000 >= timing.stepMs ? timing.window : `${seconds}s`;
}
