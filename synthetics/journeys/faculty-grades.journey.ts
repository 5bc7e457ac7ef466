import { cleanupStep, defineJourney, step } from '../define-journey.js';
import { check, JourneyFailure } from '../failure.js';
import { open } from '../helpers.js';
import type { StepContext } from '../types.js';
import { errorNotice, expectOnPage, loginStep, PORTAL, SANDBOX_SUFFIX } from './portal-steps.js';

const ROSTER = 'roster-path';
const STUDENT = 'student';
const BASELINE = 'baseline';
const SUBMITTED = 'submit-attempted';
const ROW = 'table[data-testid=roster] tr[data-student]';

/** Grade values the journey toggles between; neither is a real outcome for the sandbox course. */
const PROBE_GRADES = ['P', 'NP'] as const;

async function submitGrade(ctx: StepContext, student: string, grade: string): Promise<void> {
  await ctx.page.locator(`tr[data-student="${student}"] input`).fill(grade);
  await ctx.page.locator(PORTAL.submit).click();
  await ctx.page.locator(`${PORTAL.okNotice}, ${PORTAL.errorNotice}`).first().waitFor({ state: 'attached' });
  const refused = await errorNotice(ctx);
  if (refused !== undefined) throw new JourneyFailure('assertion', `grade ${grade} for ${student} refused: ${refused}`);
  const shown = await ctx.page.locator(`tr[data-student="${student}"] input`).inputValue();
  check(shown === grade, `the roster shows ${shown || 'no grade'} for ${student} after submitting ${grade}`);
}

/**
 * Faculty grades, the grade-deadline path: the synthetic instructor opens the sandbox roster,
 * submits a grade for its synthetic student, and reverts it to the baseline grade. The revert
 * is a cleanup step, so a failed submission never leaves a changed grade behind. The sandbox
 * roster needs one student with a baseline grade (the API has no grade deletion).
 */
export default defineJourney({
  name: 'faculty-grades',
  description: 'Instructor opens the sandbox roster, submits a grade and reverts it',
  team: 'academic-records',
  service: 'grades',
  severity: 'critical',
  intervalSeconds: 300,
  criticalIntervalSeconds: 60,
  timeoutMs: 20_000,
  stepTimeoutMs: 6_000,
  slowSeconds: 8,
  steps: [
    loginStep('faculty'),
    step('roster', async (ctx) => {
      await open(ctx, '/teaching');
      const link = ctx.page.locator(`table[data-testid=teaching] a[href$="${SANDBOX_SUFFIX}"]`).first();
      await expectOnPage(ctx, `table[data-testid=teaching] a[href$="${SANDBOX_SUFFIX}"]`, 'the sandbox section among my sections');
      const href = await link.getAttribute('href');
      check(href, 'the sandbox link has no target');
      await open(ctx, href);
      await expectOnPage(ctx, 'table[data-testid=roster]', 'the sandbox roster');
      // The student to grade is one with a baseline grade: another journey's synthetic student
      // may be on the roster for a moment, without one.
      let student: string | null = null;
      let baseline = '';
      for (const row of await ctx.page.locator(ROW).all()) {
        baseline = (await row.locator('input').inputValue()).trim();
        if (baseline !== '') {
          student = await row.getAttribute('data-student');
          break;
        }
      }
      check(student, 'the sandbox roster has no student with a baseline grade to revert to (the seed needs one)');
      ctx.state.set(ROSTER, href);
      ctx.state.set(STUDENT, student);
      ctx.state.set(BASELINE, baseline);
      ctx.log(`roster ${href}: student ${student} baseline ${baseline}`);
    }),
    step('submit-grade', async (ctx) => {
      const student = ctx.state.get(STUDENT) as string;
      const baseline = ctx.state.get(BASELINE) as string;
      const probe = PROBE_GRADES.find((g) => g !== baseline)!;
      ctx.state.set(SUBMITTED, true);
      await submitGrade(ctx, student, probe);
    }),
    cleanupStep('revert', async (ctx) => {
      if (!ctx.state.get(SUBMITTED)) return ctx.log('nothing to revert: no grade was submitted');
      const student = ctx.state.get(STUDENT) as string;
      await open(ctx, ctx.state.get(ROSTER) as string);
      await expectOnPage(ctx, ROW, 'the sandbox roster');
      await submitGrade(ctx, student, ctx.state.get(BASELINE) as string);
    }),
  ],
});
