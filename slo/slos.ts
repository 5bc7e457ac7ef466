import enrollmentAvailability from './enrollment-availability.slo.js';
import enrollmentLatency from './enrollment-latency.slo.js';
import gradesAvailability from './grades-availability.slo.js';
import portalLoginAvailability from './portal-login-availability.slo.js';
import syntheticJourneys from './synthetic-journeys.slo.js';
import type { SloDefinition } from './types.js';

/** Every SLO of the Zeus stack. Adding one: a `*.slo.ts` file and one line here. */
export const SLOS: readonly SloDefinition[] = [
  enrollmentAvailability,
  enrollmentLatency,
  gradesAvailability,
  portalLoginAvailability,
  syntheticJourneys,
];
