import { durationSeconds, formatDuration, parseDuration } from '../promql/index.js';

/**
 * How long the windows really are. Production uses the nominal windows; a test profile scales
 * every duration (windows, `for:`, subquery steps) so a real Prometheus can show a burn in
 * seconds. Recorded series keep their nominal names either way.
 */
export interface WindowProfile {
  readonly name: string;
  /** Multiplier on every nominal duration (1 in production). */
  readonly scale: number;
}

/** Nominal windows, as deployed. */
export const PRODUCTION_PROFILE: WindowProfile = { name: 'production', scale: 1 };

/** One minute per hour: 5m → 5s, 1h → 1m, 30d → 12h. For integration tests. */
export const FAST_TEST_PROFILE: WindowProfile = { name: 'test-1-60', scale: 1 / 60 };

/** The real duration of a nominal window under a profile, as a Prometheus duration. */
export function scaled(profile: WindowProfile, nominal: string): string {
  return formatDuration(parseDuration(nominal) * profile.scale);
}

/** Seconds of a nominal duration under a profile. */
export function scaledSeconds(profile: WindowProfile, nominal: string): number {
  return durationSeconds(nominal) * profile.scale;
}
