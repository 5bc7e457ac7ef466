import { PROBE_FAILURE_REASONS } from '@zeus/instrumentation/catalog';
import type { FailureReason } from './types.js';

/**
 * A failure a journey step raises on purpose, with its reason: `auth` when a login is
 * refused, `assertion` when the page does not show what it should, `http_5xx`/`http_4xx` for
 * a bad status.
 */
export class JourneyFailure extends Error {
  override readonly name = 'JourneyFailure';
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** Throws an `assertion` failure with `message` unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new JourneyFailure('assertion', message);
}

/** The failure reason of an HTTP status, or undefined when it is a success. */
export function reasonForStatus(status: number): FailureReason | undefined {
  if (status === 401 || status === 403) return 'auth';
  if (status >= 500) return 'http_5xx';
  if (status >= 400) return 'http_4xx';
  return undefined;
}

/** A step ran out of its time (per-step or overall budget). */
export class StepTimeout extends Error {
  override readonly name = 'StepTimeout';
}

/** The browser or page crashed, or disconnected under the run. */
export class BrowserCrash extends Error {
  override readonly name = 'BrowserCrash';
}

/** What was seen while the failing step ran, beyond the error itself. */
export interface FailureEvidence {
  /** Statuses of documents and fetches the page received during the step. */
  readonly statuses: readonly number[];
  /** The page or browser crashed during the step. */
  readonly crashed: boolean;
}

const NETWORK_ERRORS =
  /net::ERR_|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|socket hang up|getaddrinfo|connect ETIMEDOUT/;
const CLOSED = /Target page, context or browser has been closed|Browser has been closed|browser has disconnected|Target crashed|Page crashed/i;

/**
 * Maps a step error to one of the fixed {@link PROBE_FAILURE_REASONS}. Precedence: a crash, then
 * a deliberate {@link JourneyFailure}, then a bad HTTP status seen during the step (an error page
 * explains a missing element better than the assertion that noticed it), then timeouts, then
 * network errors; anything else is an `assertion`.
 */
export function classifyFailure(error: unknown, seen: FailureEvidence = { statuses: [], crashed: false }): FailureReason {
  if (seen.crashed || error instanceof BrowserCrash) return 'browser_crash';
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof JourneyFailure && error.reason !== 'assertion') return error.reason;
  const worst = worstStatus(seen.statuses);
  if (worst !== undefined) return worst;
  if (error instanceof JourneyFailure) return error.reason;
  if (error instanceof StepTimeout || (error instanceof Error && error.name === 'TimeoutError')) return 'timeout';
  if (NETWORK_ERRORS.test(message)) return 'navigation';
  if (CLOSED.test(message)) return 'browser_crash';
  if (/Timeout \d+ms exceeded/.test(message)) return 'timeout';
  return 'assertion';
}

function worstStatus(statuses: readonly number[]): FailureReason | undefined {
  let found: FailureReason | undefined;
  for (const status of statuses) {
    const reason = reasonForStatus(status);
    if (reason === 'http_5xx') return reason;
    if (reason === 'auth' || (reason === 'http_4xx' && found === undefined)) found = reason;
  }
  return found;
}

