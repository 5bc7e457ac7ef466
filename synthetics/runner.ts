import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { BrowserHost } from './browser.js';
import type { Warn } from './credentials.js';
import { writeEvidence } from './evidence.js';
import { BrowserCrash, JourneyFailure, StepTimeout, classifyFailure } from './failure.js';
import type { Masker } from './mask.js';
import { newSpanId, newTraceId, syntheticHeaders } from './trace-context.js';
import type {
  AccountKind,
  AttemptResult,
  Credential,
  Journey,
  JourneyTargets,
  RunFailure,
  RunResult,
  StepContext,
  StepResult,
} from './types.js';

/** Everything {@link runJourney} needs besides the journey. */
export interface RunnerOptions {
  readonly browser: BrowserHost;
  readonly targets: JourneyTargets;
  readonly credentials: Partial<Record<AccountKind, Credential>>;
  /** Masks passwords in error messages, logs and evidence. */
  readonly masker: Masker;
  /** The `location` label: where this prober runs. */
  readonly location: string;
  /** Extra attempts after a failed one before the run is declared failed (default 0). */
  readonly retries?: number;
  /** Wait before the first retry, ms; doubles for each further retry (default 1000). */
  readonly backoffMs?: number;
  /** Root of the evidence directories. */
  readonly artifactsDir: string;
  /** Evidence sets kept per journey (default 20). */
  readonly keepEvidence?: number;
  /** Record a Playwright trace for the evidence (default true). */
  readonly tracing?: boolean;
  readonly warn?: Warn;
  /** Aborting stops retries (the scheduler's shutdown). */
  readonly signal?: AbortSignal;
}

/** Budget for flushing evidence after a failure, ms: screenshot, then trace. */
const SCREENSHOT_TIMEOUT_MS = 3_000;
const TRACE_STOP_TIMEOUT_MS = 10_000;
const CONTEXT_CLOSE_TIMEOUT_MS = 5_000;

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Playwright appends a multi-line call log; the first lines say what happened.
  return text.split('\n').filter((line) => line.trim() !== '').slice(0, 3).join(' | ').slice(0, 500);
}

/** Resolves to the value, or to undefined on error or after `ms` (the promise keeps running, ignored). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise.catch(() => undefined),
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A PNG of the page as it is. Through CDP first: unlike page.screenshot it does not wait for a
 * pending navigation, which is exactly the state a timed-out step leaves. Password inputs are
 * drawn as dots by the browser either way.
 */
async function captureScreenshot(context: BrowserContext, page: Page): Promise<Buffer | undefined> {
  const viaCdp = await within(
    (async () => {
      const session = await context.newCDPSession(page);
      try {
        const { data } = await session.send('Page.captureScreenshot', { format: 'png' });
        return Buffer.from(data, 'base64');
      } finally {
        // Detaching waits for the pending navigation; the context closes the session anyway.
        session.detach().catch(() => {});
      }
    })(),
    SCREENSHOT_TIMEOUT_MS,
  );
  return viaCdp ?? within(page.screenshot({ timeout: SCREENSHOT_TIMEOUT_MS, mask: [page.locator('input[type=password]')] }), SCREENSHOT_TIMEOUT_MS + 500);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs a journey: attempts it in a fresh browser context, and retries a failed attempt with
 * exponential backoff up to `retries` times. Every request of the run carries one trace id.
 * Never throws: launch errors and crashes become `browser_crash` failures.
 */
export async function runJourney(journey: Journey, options: RunnerOptions): Promise<RunResult> {
  const traceId = newTraceId();
  const startedAt = Date.now();
  const unavailable = journey.unavailable?.(options.targets);
  if (unavailable !== undefined) {
    return {
      journey: journey.name, location: options.location, success: false, traceId, startedAt, finishedAt: startedAt,
      durationMs: 0, attempts: [], steps: [], skipped: unavailable,
    };
  }
  const retries = Math.max(0, Math.floor(options.retries ?? 0));
  const backoffMs = Math.max(0, options.backoffMs ?? 1_000);
  const attempts: AttemptResult[] = [];
  for (let attempt = 1; ; attempt++) {
    const result = await runAttempt(journey, options, traceId, attempt);
    attempts.push(result);
    if (result.success || attempt > retries || options.signal?.aborted) break;
    await sleep(backoffMs * 2 ** (attempt - 1), options.signal);
  }
  const last = attempts[attempts.length - 1]!;
  return {
    journey: journey.name,
    location: options.location,
    success: last.success,
    traceId,
    startedAt,
    finishedAt: Date.now(),
    durationMs: last.durationMs,
    attempts,
    steps: last.steps,
    ...(last.failure ? { failure: last.failure } : {}),
    ...(last.evidenceDir ? { evidenceDir: last.evidenceDir } : {}),
  };
}

async function runAttempt(journey: Journey, options: RunnerOptions, traceId: string, attempt: number): Promise<AttemptResult> {
  const warn = options.warn ?? (() => {});
  const masker = options.masker;
  const spanId = newSpanId();
  const startedAt = Date.now();
  const deadline = startedAt + journey.timeoutMs;
  const log: string[] = [];
  const addLog = (line: string) => log.push(`${new Date().toISOString()} ${masker.mask(line)}`);
  addLog(`journey=${journey.name} attempt=${attempt} location=${options.location} trace_id=${traceId} span_id=${spanId}`);
  const steps: StepResult[] = [];
  let failure: RunFailure | undefined;
  let screenshot: Buffer | undefined;
  let trace: Buffer | undefined;

  // A crash of the page or browser rejects the running step at once.
  let crashed = false;
  let onCrash: (error: Error) => void = () => {};
  const crash = new Promise<never>((_, reject) => (onCrash = reject));
  crash.catch(() => {});
  const markCrash = (what: string) => {
    if (crashed) return;
    crashed = true;
    addLog(`CRASH: ${what}`);
    onCrash(new BrowserCrash(what));
  };
  let statuses: number[] = [];

  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const tracing = options.tracing ?? true;
  let closing = false;
  const onDisconnect = () => {
    if (!closing) markCrash('browser disconnected');
  };
  let detach = () => {};
  try {
    const browser = await options.browser.acquire();
    browser.once('disconnected', onDisconnect);
    detach = () => browser.off('disconnected', onDisconnect);
    context = await browser.newContext({ extraHTTPHeaders: syntheticHeaders(traceId, spanId), viewport: { width: 1280, height: 800 } });
    context.once('close', () => {
      if (!closing) markCrash('browser context closed under the run');
    });
    context.on('response', (response) => {
      const type = response.request().resourceType();
      if ((type === 'document' || type === 'fetch' || type === 'xhr') && response.status() >= 400) {
        statuses.push(response.status());
        addLog(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
      }
    });
    context.on('requestfailed', (request) =>
      addLog(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`),
    );
    if (tracing) await context.tracing.start({ screenshots: false, snapshots: journey.browser });
    if (journey.browser) {
      page = await context.newPage();
      page.on('crash', () => markCrash('page crashed'));
      page.on('console', (msg) => addLog(`console.${msg.type()}: ${msg.text()}`));
      page.on('pageerror', (error) => addLog(`pageerror: ${error.message}`));
    }
  } catch (error) {
    failure = { step: journey.steps[0]?.name ?? 'start', reason: 'browser_crash', message: masker.mask(`browser unavailable: ${message(error)}`) };
    addLog(`FAILED to start a browser context: ${failure.message}`);
  }

  const state = new Map<string, unknown>();
  let stepsEndedAt = Date.now();
  for (const step of journey.steps) {
    const always = step.always === true;
    if ((failure && !always) || !context || (crashed && always)) {
      steps.push({ name: step.name, status: 'skipped', durationMs: 0, always });
      continue;
    }
    const stepTimeout = step.timeoutMs ?? journey.stepTimeoutMs;
    // Cleanup gets its own budget after the overall timeout: leaving data behind is worse.
    const overall = !always && deadline - Date.now() < stepTimeout;
    const budget = always ? stepTimeout : Math.max(0, Math.min(stepTimeout, deadline - Date.now()));
    const stepStart = Date.now();
    const stepDeadline = stepStart + budget;
    statuses = [];
    addLog(`step ${step.name}: start (budget ${budget} ms)`);
    const ctx: StepContext = {
      get page(): Page {
        if (!page) throw new Error(`journey ${journey.name} is declared browser: false and has no page`);
        return page;
      },
      context,
      request: context.request,
      targets: options.targets,
      traceId,
      state,
      remainingMs: () => Math.max(0, stepDeadline - Date.now()),
      credential(kind) {
        const found = options.credentials[kind];
        if (!found) throw new JourneyFailure('auth', `no synthetic ${kind} account configured (ZEUS_SYNTHETIC_${kind.toUpperCase()}_EMAIL/_PASSWORD)`);
        return found;
      },
      log: (line) => addLog(`  ${step.name}: ${line}`),
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      if (budget <= 0) throw new StepTimeout(`journey timed out after ${journey.timeoutMs} ms (overall) before step ${step.name}`);
      page?.setDefaultTimeout(budget);
      page?.setDefaultNavigationTimeout(budget);
      if (tracing) await context.tracing.group(step.name).catch(() => {});
      const work = step.run(ctx);
      work.catch(() => {});
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new StepTimeout(
                overall
                  ? `journey timed out after ${journey.timeoutMs} ms (overall) during step ${step.name}`
                  : `step ${step.name} timed out after ${budget} ms`,
              ),
            ),
          budget,
        );
      });
      await Promise.race([work, timeout, crash]);
      stepsEndedAt = Date.now();
      steps.push({ name: step.name, status: 'passed', durationMs: stepsEndedAt - stepStart, always });
      addLog(`step ${step.name}: passed in ${Date.now() - stepStart} ms`);
    } catch (error) {
      stepsEndedAt = Date.now();
      const reason = classifyFailure(error, { statuses, crashed });
      let text = masker.mask(message(error));
      if (overall && reason === 'timeout' && !text.includes('overall')) text = `journey timed out after ${journey.timeoutMs} ms (overall): ${text}`;
      steps.push({ name: step.name, status: 'failed', durationMs: Date.now() - stepStart, reason, error: text, always });
      addLog(`step ${step.name}: FAILED (${reason}) after ${Date.now() - stepStart} ms: ${text}`);
      if (!failure) {
        failure = { step: step.name, reason, message: text };
        // The screenshot shows the page as the step left it, before cleanup navigates away.
        if (page && !crashed) screenshot = await captureScreenshot(context, page);
      }
    } finally {
      clearTimeout(timer);
      if (tracing && !crashed) await context.tracing.groupEnd().catch(() => {});
    }
  }

  const durationMs = stepsEndedAt - startedAt;
  let evidenceDir: string | undefined;
  if (context && tracing) {
    if (failure && !crashed) {
      const dir = await mkdtemp(join(tmpdir(), 'zeus-synthetics-trace-'));
      const path = join(dir, 'trace.zip');
      try {
        await within(context.tracing.stop({ path }), TRACE_STOP_TIMEOUT_MS);
        trace = await readFile(path).catch(() => undefined);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    } else if (!crashed) {
      await within(context.tracing.stop(), TRACE_STOP_TIMEOUT_MS);
    }
  }
  closing = true;
  if (context) await within(context.close(), CONTEXT_CLOSE_TIMEOUT_MS);
  detach();
  if (failure) {
    addLog(`attempt failed at step ${failure.step} (${failure.reason}) after ${durationMs} ms`);
    try {
      evidenceDir = await writeEvidence(
        options.artifactsDir,
        {
          journey: journey.name, location: options.location, attempt, traceId, startedAt, failure, steps, log,
          ...(screenshot ? { screenshot } : {}),
          ...(trace ? { trace } : {}),
        },
        masker,
        options.keepEvidence ?? 20,
        warn,
      );
    } catch (error) {
      warn(`synthetics: could not write evidence for ${journey.name}: ${(error as Error).message}`);
    }
  }
  return {
    attempt,
    success: failure === undefined,
    spanId,
    startedAt,
    durationMs,
    steps,
    ...(failure ? { failure } : {}),
    ...(evidenceDir ? { evidenceDir } : {}),
  };
}
