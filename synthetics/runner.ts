import { runAttempt } from './attempt.js';
import type { RunnerOptions } from './runner-options.js';
import { newTraceId } from './trace-context.js';
import type { AttemptResult, Journey, RunResult } from './types.js';

export type { RunnerOptions } from './runner-options.js';

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
