/** The academic calendar: one typed source for alert routing, SLO objectives, synthetics and gates. */
export * from './types.js';
export { ZEUS_CALENDAR } from './zeus-2026-2027.js';
export { CRITICAL_PHASES, freezesAt, isCritical, phaseSpans, phasesAt, validateCalendar } from './phases.js';
export { localToUtcMs, parseLocal, utcMsToLocal } from './zone.js';
