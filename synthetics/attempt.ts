import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { newAttempt, type Attempt } from './attempt-state.js';
import { runSteps } from './attempt-step.js';
import { errorSummary, within } from './capture.js';
import { writeEvidence } from './evidence.js';
import type { RunnerOptions } from './runner-options.js';
import { syntheticHeaders } from './trace-context.js';
import type { AttemptResult, Journey } from './types.js';

/** Budget for flushing evidence after a failure and closing the context, ms. */
const TRACE_STOP_TIMEOUT_MS = 10_000;
const CONTEXT_CLOSE_TIMEOUT_MS = 5_000;

/**
 * One attempt of a journey in a fresh browser context: open the context (and page), run the
 * steps, stop tracing, close the context, and write the evidence of a failure. Never throws.
 */
export async function runAttempt(journey: Journey, options: RunnerOptions, traceId: string, number: number): Promise<AttemptResult> {
  const attempt = newAttempt(journey, options, traceId, number);
  await openContext(attempt);
  await runSteps(attempt);
  const durationMs = attempt.stepsEndedAt - attempt.startedAt;
  const trace = await finishTracing(attempt);
  await closeContext(attempt);
  const evidenceDir = attempt.failure ? await saveEvidence(attempt, durationMs, trace) : undefined;
  return {
    attempt: number,
    success: attempt.failure === undefined,
    spanId: attempt.spanId,
    startedAt: attempt.startedAt,
    durationMs,
    steps: attempt.steps,
    ...(attempt.failure ? { failure: attempt.failure } : {}),
    ...(evidenceDir ? { evidenceDir } : {}),
  };
}

/** Opens the attempt's context with the synthetic headers, tracing and (for browser journeys) a page. */
async function openContext(attempt: Attempt): Promise<void> {
  const { journey, options } = attempt;
  try {
    const browser = await options.browser.acquire();
    const onDisconnect = () => {
      if (!attempt.closing) attempt.crash.mark('browser disconnected');
    };
    browser.once('disconnected', onDisconnect);
    attempt.detach = () => browser.off('disconnected', onDisconnect);
    const context = await browser.newContext({ extraHTTPHeaders: syntheticHeaders(attempt.traceId, attempt.spanId), viewport: { width: 1280, height: 800 } });
    attempt.context = context;
    watchContext(attempt, context);
    if (attempt.tracing) await context.tracing.start({ screenshots: false, snapshots: journey.browser });
    if (journey.browser) await openPage(attempt, context);
  } catch (error) {
    attempt.failure = {
      step: journey.steps[0]?.name ?? 'start', reason: 'browser_crash',
      message: options.masker.mask(`browser unavailable: ${errorSummary(error)}`),
    };
    attempt.addLog(`FAILED to start a browser context: ${attempt.failure.message}`);
  }
}

/** Logs failed requests and error statuses (which classify a failure), and treats an unexpected close as a crash. */
function watchContext(attempt: Attempt, context: BrowserContext): void {
  context.once('close', () => {
    if (!attempt.closing) attempt.crash.mark('browser context closed under the run');
  });
  context.on('response', (response) => {
    const type = response.request().resourceType();
    if ((type === 'document' || type === 'fetch' || type === 'xhr') && response.status() >= 400) {
      attempt.statuses.push(response.status());
      attempt.addLog(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });
  context.on('requestfailed', (request) =>
    attempt.addLog(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );
}

async function openPage(attempt: Attempt, context: BrowserContext): Promise<void> {
  const page = await context.newPage();
  attempt.page = page;
  page.on('crash', () => attempt.crash.mark('page crashed'));
  page.on('console', (msg) => attempt.addLog(`console.${msg.type()}: ${msg.text()}`));
  page.on('pageerror', (error) => attempt.addLog(`pageerror: ${error.message}`));
}

/** Stops tracing; after a failure (not a crash) resolves to the trace.zip it wrote. */
async function finishTracing(attempt: Attempt): Promise<Buffer | undefined> {
  const { context } = attempt;
  if (!context || !attempt.tracing || attempt.crash.crashed) return undefined;
  if (!attempt.failure) {
    await within(context.tracing.stop(), TRACE_STOP_TIMEOUT_MS);
    return undefined;
  }
  const dir = await mkdtemp(join(tmpdir(), 'zeus-synthetics-trace-'));
  const path = join(dir, 'trace.zip');
  try {
    await within(context.tracing.stop({ path }), TRACE_STOP_TIMEOUT_MS);
    return await readFile(path).catch(() => undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function closeContext(attempt: Attempt): Promise<void> {
  attempt.closing = true;
  if (attempt.context) await within(attempt.context.close(), CONTEXT_CLOSE_TIMEOUT_MS);
  attempt.detach();
}

/** Writes the failure's evidence (masked); resolves to its directory, undefined when writing failed. */
async function saveEvidence(attempt: Attempt, durationMs: number, trace: Buffer | undefined): Promise<string | undefined> {
  const { journey, options, failure } = attempt;
  if (!failure) return undefined;
  const warn = options.warn ?? (() => {});
  attempt.addLog(`attempt failed at step ${failure.step} (${failure.reason}) after ${durationMs} ms`);
  try {
    return await writeEvidence(
      options.artifactsDir,
      {
        journey: journey.name, location: options.location, attempt: attempt.number, traceId: attempt.traceId,
        startedAt: attempt.startedAt, failure, steps: attempt.steps, log: attempt.log,
        ...(attempt.screenshot ? { screenshot: attempt.screenshot } : {}),
        ...(trace ? { trace } : {}),
      },
      options.masker,
      options.keepEvidence ?? 20,
      warn,
    );
  } catch (error) {
    warn(`synthetics: could not write evidence for ${journey.name}: ${(error as Error).message}`);
    return undefined;
  }
}
