import type { BrowserContext, Page } from 'playwright-core';

/** Budget for a screenshot of a failed step, ms. */
const SCREENSHOT_TIMEOUT_MS = 3_000;

/** The first lines of an error's message: Playwright appends a multi-line call log. */
export function errorSummary(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').filter((line) => line.trim() !== '').slice(0, 3).join(' | ').slice(0, 500);
}

/** Resolves to the value, or to undefined on error or after `ms` (the promise keeps running, ignored). */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
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
export async function captureScreenshot(context: BrowserContext, page: Page): Promise<Buffer | undefined> {
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
