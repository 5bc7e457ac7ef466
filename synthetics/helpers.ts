import type { Locator, Page, Response } from 'playwright-core';
import type { Fetch } from '../promql/index.js';
import { JourneyFailure, reasonForStatus } from './failure.js';
import type { StepContext } from './types.js';

/** Joins a base URL and a path (`/x` stays under the base, query strings kept). */
export function urlOf(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** Throws the failure an HTTP status deserves (auth, http_4xx, http_5xx); passes on 2xx/3xx. */
export function expectStatus(status: number, what: string): void {
  const reason = reasonForStatus(status);
  if (reason) throw new JourneyFailure(reason, `${what} answered HTTP ${status}`);
}

/**
 * Navigates the page to a portal path and fails with the status's reason when the document is
 * an error page. Network errors (portal down) surface as `navigation`, slowness as `timeout`.
 */
export async function open(ctx: StepContext, path: string): Promise<Response | null> {
  const response = await ctx.page.goto(urlOf(ctx.targets.portal, path), { waitUntil: 'domcontentloaded' });
  if (response) expectStatus(response.status(), `GET ${path}`);
  return response;
}

/**
 * Waits for an element the page must show. A page that loaded but lacks it is an `assertion`
 * failure rather than a timeout, so the wait is short (at most `ms`, default 3 s, within the
 * step budget).
 */
export async function expectVisible(ctx: StepContext, locator: Locator, what: string, ms = 3_000): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: Math.max(1, Math.min(ms, ctx.remainingMs())) });
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') throw new JourneyFailure('assertion', `expected ${what} on ${safeUrl(ctx.page)}`);
    throw error;
  }
}

function safeUrl(page: Page): string {
  try {
    const url = new URL(page.url());
    return url.pathname;
  } catch {
    return page.url();
  }
}

/**
 * GETs a URL with the run's headers (traceparent, x-zeus-synthetic) and cookies, checks the
 * status and returns the parsed JSON body (undefined when it is not JSON). Bounded by the
 * step's remaining time.
 */
export async function getJson<T = unknown>(ctx: StepContext, url: string, what = `GET ${url}`): Promise<T> {
  const response = await ctx.request.get(url, { timeout: Math.max(1, ctx.remainingMs()), failOnStatusCode: false });
  expectStatus(response.status(), what);
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined as T;
  }
}

/** Rejects when `signal` aborts, with its reason (a TimeoutError for `AbortSignal.timeout`). */
function aborted(signal: AbortSignal | null | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return;
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/**
 * A `fetch` over the run's request context, for API clients (the Prometheus client): the run's
 * headers (traceparent, x-zeus-synthetic) and cookies go along, and each call is bounded by the
 * step's remaining time as well as by the caller's signal.
 */
export function requestFetch(ctx: StepContext): Fetch {
  return async (url, init) => {
    const call = ctx.request.fetch(url, {
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      ...(init.body === undefined || init.body === null ? {} : { data: String(init.body) }),
      timeout: Math.max(1, ctx.remainingMs()),
      failOnStatusCode: false,
    });
    const response = await Promise.race([call, aborted(init.signal)]);
    const empty = [204, 304].includes(response.status());
    return new globalThis.Response(empty ? null : new Uint8Array(await response.body()), { status: response.status(), headers: response.headers() });
  };
}

/** GETs a URL and fails unless it answers 2xx (health and readiness endpoints). */
export async function expectOk(ctx: StepContext, url: string, what: string): Promise<void> {
  const response = await ctx.request.get(url, { timeout: Math.max(1, ctx.remainingMs()), failOnStatusCode: false });
  expectStatus(response.status(), what);
  ctx.log(`${what}: HTTP ${response.status()}`);
}
