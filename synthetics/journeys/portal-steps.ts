import { step } from '../define-journey.js';
import { JourneyFailure } from '../failure.js';
import { expectVisible, open } from '../helpers.js';
import type { AccountKind, Step, StepContext } from '../types.js';

/** Suffix of the sandbox section's id (`<term>-ZEUS000-SBX`): the only section journeys change. */
export const SANDBOX_SUFFIX = '-ZEUS000-SBX';
/** The sandbox course, what the search step types. */
export const SANDBOX_COURSE = 'ZEUS000';

/**
 * Sign-in budget, ms: password hashing (scrypt) plus the landing page make it the slowest step,
 * and under registration-opening load it must not time out before the service does.
 */
export const LOGIN_TIMEOUT_MS = 10_000;

/** Selectors of the Zeus portal, in one place. */
export const PORTAL = {
  whoami: '[data-testid=whoami]',
  errorNotice: 'main p.notice.error',
  okNotice: 'main p.notice.ok',
  email: 'input[name=email]',
  password: 'input[name=password]',
  submit: 'main button[type=submit]',
  searchRow: `table[data-testid=results] tr[data-section$="${SANDBOX_SUFFIX}"]`,
  scheduleRow: (section: string) => `table[data-testid=schedule] tr[data-section="${section}"]`,
  anyScheduleSandboxRow: `table[data-testid=schedule] tr[data-section$="${SANDBOX_SUFFIX}"]`,
} as const;

/** Text of the page's error notice, if it shows one. */
export async function errorNotice(ctx: StepContext): Promise<string | undefined> {
  const notice = ctx.page.locator(PORTAL.errorNotice).first();
  return (await notice.count()) > 0 ? ((await notice.textContent()) ?? '').trim() : undefined;
}

/** True when the portal shows the signed-in banner. */
export async function signedIn(ctx: StepContext): Promise<boolean> {
  return (await ctx.page.locator(PORTAL.whoami).count()) > 0;
}

/**
 * Signs in through the login form as the synthetic account of `kind`. A refused login is an
 * `auth` failure; the landing page may be an error page (its upstream down) without failing
 * the login itself, so later steps report that at the step that needs it.
 */
export function loginStep(kind: AccountKind): Step {
  return step('login', async (ctx) => {
    const { email, password } = ctx.credential(kind);
    await open(ctx, '/login');
    await ctx.page.fill(PORTAL.email, email);
    await ctx.page.fill(PORTAL.password, password);
    await ctx.page.click(PORTAL.submit);
    const outcome = ctx.page.locator(`${PORTAL.whoami}, ${PORTAL.errorNotice}`).first();
    await outcome.waitFor({ state: 'attached' });
    if (!(await signedIn(ctx))) throw new JourneyFailure('auth', `login as the synthetic ${kind} refused: ${(await errorNotice(ctx)) ?? 'no session'}`);
    ctx.log(`signed in as the synthetic ${kind}`);
  }, { timeoutMs: LOGIN_TIMEOUT_MS });
}

/** Fails with the page's error notice (or `what`) as an assertion when `locator` does not show. */
export async function expectOnPage(ctx: StepContext, selector: string, what: string, ms?: number): Promise<void> {
  try {
    await expectVisible(ctx, ctx.page.locator(selector), what, ms);
  } catch (error) {
    const notice = await errorNotice(ctx).catch(() => undefined);
    if (notice && error instanceof JourneyFailure) throw new JourneyFailure(error.reason, `${error.message}; the page says: ${notice}`);
    throw error;
  }
}
