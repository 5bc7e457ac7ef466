import type { BrowserContext, Page } from 'playwright-core';
import type { Attempt } from './attempt-state.js';
import { captureScreenshot, errorSummary } from './capture.js';
import { JourneyFailure, StepTimeout, classifyFailure } from './failure.js';
import type { Step, StepContext } from './types.js';

/** How long a step may run, and whether that limit is the journey's overall timeout. */
interface StepBudget {
  readonly ms: number;
  readonly overall: boolean;
}

/**
 * Runs the journey's steps in order. After a failure only cleanup steps (`always`) run, and
 * not after a crash; without a browser context nothing runs.
 */
export async function runSteps(attempt: Attempt): Promise<void> {
  const state = new Map<string, unknown>();
  attempt.stepsEndedAt = Date.now();
  for (const step of attempt.journey.steps) {
    const always = step.always === true;
    const context = attempt.context;
    if ((attempt.failure && !always) || !context || (attempt.crash.crashed && always)) {
      attempt.steps.push({ name: step.name, status: 'skipped', durationMs: 0, always });
      continue;
    }
    await runStep(attempt, step, context, state);
  }
}

function stepBudget(attempt: Attempt, step: Step): StepBudget {
  const stepTimeout = step.timeoutMs ?? attempt.journey.stepTimeoutMs;
  // Cleanup gets its own budget after the overall timeout: leaving data behind is worse.
  if (step.always === true) return { ms: stepTimeout, overall: false };
  const left = attempt.deadline - Date.now();
  return { ms: Math.max(0, Math.min(stepTimeout, left)), overall: left < stepTimeout };
}

async function runStep(attempt: Attempt, step: Step, context: BrowserContext, state: Map<string, unknown>): Promise<void> {
  const budget = stepBudget(attempt, step);
  const stepStart = Date.now();
  attempt.statuses = [];
  attempt.addLog(`step ${step.name}: start (budget ${budget.ms} ms)`);
  const ctx = stepContext(attempt, step, context, state, stepStart + budget.ms);
  try {
    await raceStep(attempt, step, ctx, budget);
    attempt.stepsEndedAt = Date.now();
    attempt.steps.push({ name: step.name, status: 'passed', durationMs: attempt.stepsEndedAt - stepStart, always: step.always === true });
    attempt.addLog(`step ${step.name}: passed in ${Date.now() - stepStart} ms`);
  } catch (error) {
    attempt.stepsEndedAt = Date.now();
    await recordStepFailure(attempt, step, error, stepStart, budget);
  } finally {
    if (attempt.tracing && !attempt.crash.crashed) await context.tracing.groupEnd().catch(() => {});
  }
}

/** What a step's `run` receives: the page, the API client, targets, credentials and a log. */
function stepContext(attempt: Attempt, step: Step, context: BrowserContext, state: Map<string, unknown>, stepDeadline: number): StepContext {
  const { journey, options } = attempt;
  return {
    get page(): Page {
      if (!attempt.page) throw new Error(`journey ${journey.name} is declared browser: false and has no page`);
      return attempt.page;
    },
    context,
    request: context.request,
    targets: options.targets,
    traceId: attempt.traceId,
    state,
    remainingMs: () => Math.max(0, stepDeadline - Date.now()),
    credential(kind) {
      const found = options.credentials[kind];
      if (!found) throw new JourneyFailure('auth', `no synthetic ${kind} account configured (ZEUS_SYNTHETIC_${kind.toUpperCase()}_EMAIL/_PASSWORD)`);
      return found;
    },
    log: (line) => attempt.addLog(`  ${step.name}: ${line}`),
  };
}

/** Runs the step against its budget and the crash watch; rejects with the first of the three. */
async function raceStep(attempt: Attempt, step: Step, ctx: StepContext, budget: StepBudget): Promise<void> {
  const { journey, page } = attempt;
  if (budget.ms <= 0) throw new StepTimeout(`journey timed out after ${journey.timeoutMs} ms (overall) before step ${step.name}`);
  page?.setDefaultTimeout(budget.ms);
  page?.setDefaultNavigationTimeout(budget.ms);
  if (attempt.tracing) await ctx.context.tracing.group(step.name).catch(() => {});
  const work = step.run(ctx);
  work.catch(() => {});
  const message = budget.overall
    ? `journey timed out after ${journey.timeoutMs} ms (overall) during step ${step.name}`
    : `step ${step.name} timed out after ${budget.ms} ms`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeout(message)), budget.ms);
  });
  try {
    await Promise.race([work, timeout, attempt.crash.rejected]);
  } finally {
    clearTimeout(timer);
  }
}

/** Records a failed step; the first failure of the attempt also takes the screenshot. */
async function recordStepFailure(attempt: Attempt, step: Step, error: unknown, stepStart: number, budget: StepBudget): Promise<void> {
  const { journey, options } = attempt;
  const reason = classifyFailure(error, { statuses: attempt.statuses, crashed: attempt.crash.crashed });
  let text = options.masker.mask(errorSummary(error));
  if (budget.overall && reason === 'timeout' && !text.includes('overall')) text = `journey timed out after ${journey.timeoutMs} ms (overall): ${text}`;
  attempt.steps.push({ name: step.name, status: 'failed', durationMs: Date.now() - stepStart, reason, error: text, always: step.always === true });
  attempt.addLog(`step ${step.name}: FAILED (${reason}) after ${Date.now() - stepStart} ms: ${text}`);
  if (attempt.failure) return;
  attempt.failure = { step: step.name, reason, message: text };
  // The screenshot shows the page as the step left it, before cleanup navigates away.
  if (attempt.page && attempt.context && !attempt.crash.crashed) attempt.screenshot = await captureScreenshot(attempt.context, attempt.page);
}
