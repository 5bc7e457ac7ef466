import { httpServerRequestDuration } from '@zeus/instrumentation/catalog';
import { defineSlo, ratioSli } from './define.js';

/**
 * Portal login availability, from the server's RED histogram: a login answered with a 5xx is
 * bad. Wrong passwords (`zeus_logins_total{outcome="failure"}`) are correct answers, not errors.
 */
export default defineSlo(import.meta.url, {
  id: 'portal-login-availability',
  service: 'portal',
  team: 'student-experience',
  description: 'Students and faculty cannot log in to the portal: login requests fail with a server error.',
  sli: ratioSli({
    metric: httpServerRequestDuration,
    where: { service: 'portal', http_route: '/login', http_request_method: 'POST' },
    bad: { http_response_status_code: { regex: '5..', example: '503', counterexample: '200' } },
  }),
  objective: 0.999,
  window: '30d',
});
