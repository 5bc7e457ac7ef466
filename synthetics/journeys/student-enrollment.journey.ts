import { cleanupStep, defineJourney, step } from '../define-journey.js';
import { check, JourneyFailure } from '../failure.js';
import { open } from '../helpers.js';
import { errorNotice, expectOnPage, loginStep, PORTAL, SANDBOX_COURSE, signedIn } from './portal-steps.js';

const SECTION = 'section';
const ATTEMPTED = 'enroll-attempted';

/**
 * Student enrollment, the registration critical path: sign in, search the sandbox course,
 * enroll into the sandbox section, see it on the schedule, drop it. The drop is a cleanup step:
 * it runs after any failure once an enrollment was attempted, so no enrollment is left behind.
 */
export default defineJourney({
  name: 'student-enrollment',
  description: 'Student signs in, searches, enrolls into the sandbox section, checks the schedule and drops it',
  team: 'registrar-platform',
  service: 'enrollment',
  severity: 'critical',
  intervalSeconds: 300,
  criticalIntervalSeconds: 60,
  timeoutMs: 20_000,
  stepTimeoutMs: 6_000,
  slowSeconds: 8,
  steps: [
    loginStep('student'),
    step('search', async (ctx) => {
      await open(ctx, `/search?q=${SANDBOX_COURSE}`);
      await expectOnPage(ctx, PORTAL.searchRow, 'the sandbox section in the search results');
      const section = await ctx.page.locator(PORTAL.searchRow).first().getAttribute('data-section');
      check(section, 'the sandbox row has no section id');
      ctx.state.set(SECTION, section);
      ctx.log(`sandbox section ${section}`);
    }),
    step('enroll', async (ctx) => {
      const section = ctx.state.get(SECTION) as string;
      ctx.state.set(ATTEMPTED, true);
      await ctx.page.locator(PORTAL.searchRow).first().locator('button[type=submit]').click();
      await ctx.page.locator(`${PORTAL.okNotice}, ${PORTAL.errorNotice}`).first().waitFor({ state: 'attached' });
      const refused = await errorNotice(ctx);
      if (refused !== undefined) throw new JourneyFailure('assertion', `enrollment into ${section} refused: ${refused}`);
    }),
    step('verify-schedule', async (ctx) => {
      const section = ctx.state.get(SECTION) as string;
      await open(ctx, '/schedule');
      await expectOnPage(ctx, PORTAL.scheduleRow(section), `${section} on the schedule`);
    }),
    cleanupStep('drop', async (ctx) => {
      if (!ctx.state.get(ATTEMPTED)) return ctx.log('nothing to drop: no enrollment was attempted');
      await open(ctx, '/schedule');
      if (!(await signedIn(ctx))) throw new JourneyFailure('auth', 'signed out before the sandbox enrollment could be dropped');
      const rows = ctx.page.locator(PORTAL.anyScheduleSandboxRow);
      if ((await rows.count()) === 0) {
        // The enrollment never happened (refused or failed upstream): nothing to undo.
        await expectOnPage(ctx, 'main h2', 'the schedule page');
        return ctx.log('nothing to drop: the sandbox section is not on the schedule');
      }
      const section = await rows.first().getAttribute('data-section');
      await rows.first().locator('button[type=submit]').click();
      await ctx.page.locator(`${PORTAL.okNotice}, ${PORTAL.errorNotice}`).first().waitFor({ state: 'attached' });
      const refused = await errorNotice(ctx);
      if (refused !== undefined) throw new JourneyFailure('assertion', `drop of ${section} refused: ${refused}`);
      check((await ctx.page.locator(PORTAL.anyScheduleSandboxRow).count()) === 0, `${section} is still on the schedule after the drop`);
    }),
  ],
});
