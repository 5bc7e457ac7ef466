import { httpServerRequestDuration } from '@zeus/instrumentation/catalog';
import { defineSlo, ratioSli } from './define.js';

/**
 * Enrollment API availability, as clients see it: every request the enrollment service
 * answers with a 5xx spends the budget, whether it failed inside a handler or before one
 * (overload, a dependency, an injected fault). Business refusals (full, prerequisite...) are
 * 4xx: correct answers, not errors. A service that answers nothing at all is caught by
 * `ZeusServiceDown`, not here.
 *
 * Pages without a `for:` hold: the 5m short window already filters blips, and a hard outage
 * must reach registrar-platform within 2 minutes (52 s to cross 14.4x at 99.9%, 26 s at the
 * enrollment-window 99.95%, plus scrape, evaluation and group_wait).
 */
export default defineSlo(import.meta.url, {
  id: 'enrollment-availability',
  service: 'enrollment',
  team: 'registrar-platform',
  description: 'Students cannot enroll: the enrollment API answers with server errors.',
  sli: ratioSli({
    metric: httpServerRequestDuration,
    where: { service: 'enrollment' },
    bad: { http_response_status_code: { regex: '5..', example: '503', counterexample: '201' } },
  }),
  objective: 0.999,
  window: '30d',
  phaseObjectives: [{ phase: 'enrollment-window', objective: 0.9995 }],
  alerting: { pageFor: '0s' },
});
