import { APP_SERVICES } from '../../ownership/index.js';
import { defineJourney, step } from '../define-journey.js';
import { check } from '../failure.js';
import { expectOk, getJson, urlOf } from '../helpers.js';
import { serviceUrl } from './service-url.js';

/** API checks: the public section search answers with sections, and every service is healthy. */
export default defineJourney({
  name: 'api-checks',
  description: 'Section search through the enrollment API and /healthz of every Zeus service',
  team: 'registrar-platform',
  service: 'enrollment',
  severity: 'critical',
  browser: false,
  intervalSeconds: 60,
  criticalIntervalSeconds: 30,
  timeoutMs: 15_000,
  stepTimeoutMs: 5_000,
  slowSeconds: 3,
  steps: [
    step('section-search', async (ctx) => {
      const body = await getJson<{ sections?: unknown[] }>(ctx, urlOf(serviceUrl(ctx, 'enrollment'), '/api/sections?q=ZEUS&limit=5'), 'section search');
      check(Array.isArray(body?.sections) && body.sections.length > 0, 'section search returned no sections for "ZEUS"');
      ctx.log(`section search: ${body.sections.length} section(s)`);
    }),
    ...APP_SERVICES.map((service) =>
      step(`${service}-health`, (ctx) => expectOk(ctx, urlOf(serviceUrl(ctx, service), '/healthz'), `${service} /healthz`)),
    ),
  ],
});
