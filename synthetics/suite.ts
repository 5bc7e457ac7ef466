import apiChecks from './journeys/api-checks.journey.js';
import facultyGrades from './journeys/faculty-grades.journey.js';
import registrarReport from './journeys/registrar-report.journey.js';
import stackChecks from './journeys/stack-checks.journey.js';
import studentEnrollment from './journeys/student-enrollment.journey.js';
import studentGrades from './journeys/student-grades.journey.js';
import type { Journey } from './types.js';

/** Every journey of the suite, in the order `synthetics run` runs them. */
export const JOURNEYS: readonly Journey[] = [studentEnrollment, studentGrades, facultyGrades, registrarReport, apiChecks, stackChecks];

/**
 * The journeys named in `names` (all when empty), in suite order; unknown names are returned
 * separately so the caller can report them all at once.
 */
export function selectJourneys(names: readonly string[], journeys: readonly Journey[] = JOURNEYS): { selected: Journey[]; unknown: string[] } {
  if (names.length === 0) return { selected: [...journeys], unknown: [] };
  const known = new Set(journeys.map((j) => j.name));
  return {
    selected: journeys.filter((j) => names.includes(j.name)),
    unknown: names.filter((n) => !known.has(n)),
  };
}
