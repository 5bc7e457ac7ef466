import { APP_SERVICES } from '../../ownership/index.js';
import { defineJourney, step } from '../define-journey.js';
import { open } from '../helpers.js';
import { expectOnPage, loginStep } from './portal-steps.js';

/**
 * The registrar report: sign in as the synthetic auditor (read-only: no fault injection, no
 * rosters, no admin) and open the registrar page, which reports every service's fault state.
 */
export default defineJourney({
  name: 'registrar-report',
  description: 'A read-only auditor signs in and opens the registrar report page',
  team: 'student-experience',
  service: 'portal',
  severity: 'warning',
  intervalSeconds: 600,
  criticalIntervalSeconds: 300,
  timeoutMs: 15_000,
  stepTimeoutMs: 6_000,
  slowSeconds: 5,
  steps: [
    loginStep('auditor'),
    step('report', async (ctx) => {
      await open(ctx, '/admin');
      for (const service of APP_SERVICES) await expectOnPage(ctx, `fieldset[data-service="${service}"]`, `the ${service} row of the registrar report`);
    }),
  ],
});
