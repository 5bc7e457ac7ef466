import { isCritical, type AcademicCalendar } from '../calendar/index.js';
import type { Journey } from './types.js';

/**
 * Seconds until a journey's next run at `atMs`: its critical interval during critical calendar
 * periods (registration opening, grade deadline), else its normal interval. `override` (tests,
 * demos) replaces both. A calendar that cannot be evaluated counts as critical: probing more
 * often is the safe side.
 */
export function intervalSecondsAt(journey: Journey, calendar: AcademicCalendar, atMs: number, override?: number): number {
  if (override !== undefined && override > 0) return override;
  let critical: boolean;
  try {
    critical = isCritical(calendar, atMs);
  } catch {
    critical = true;
  }
  return critical ? journey.criticalIntervalSeconds : journey.intervalSeconds;
}
