import { defineJourney, step } from '../define-journey.js';
import { open } from '../helpers.js';
import { expectOnPage, loginStep } from './portal-steps.js';

/** Student grades, the finals-week path: sign in and view the grade report. */
export default defineJourney({
  name: 'student-grades',
  description: 'Student signs in and views their grades',
  team: 'academic-records',
  service: 'grades',
  severity: 'critical',
  intervalSeconds: 300,
  criticalIntervalSeconds: 60,
  timeoutMs: 15_000,
  stepTimeoutMs: 6_000,
  slowSeconds: 5,
  steps: [
    loginStep('student'),
    step('view-grades', async (ctx) => {
      await open(ctx, '/grades');
      await expectOnPage(ctx, 'main table[data-testid=grades], main p:text-is("No grades yet.")', 'the grade report');
    }),
  ],
});
