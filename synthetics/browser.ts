import type { Browser } from 'playwright-core';
import type { Warn } from './credentials.js';

/** Default Chromium: Debian's package. Browsers are never downloaded. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a headless Chromium that stays quiet on a server (no sync, updates or QUIC). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** One Chromium shared by every run; relaunched on the next run after it crashes. */
export interface BrowserHost {
  /** The running browser, launching (or relaunching) it when needed. */
  acquire(): Promise<Browser>;
  /** How many times Chromium was launched (1 in a healthy process). */
  readonly launches: number;
  close(): Promise<void>;
}

/** Options of {@link createBrowserHost}. */
export interface BrowserHostOptions {
  /** Chromium binary; default `$ZEUS_CHROMIUM_PATH` or {@link DEFAULT_CHROMIUM_PATH}. */
  readonly executablePath?: string;
  /** Launch timeout, ms (default 30 000). */
  readonly launchTimeoutMs?: number;
  readonly warn?: Warn;
}

/**
 * A lazily launched, shared Chromium. Playwright is imported on first use so commands that
 * only need the journey definitions (generate) do not load it.
 */
export function createBrowserHost(options: BrowserHostOptions = {}): BrowserHost {
  const executablePath = options.executablePath ?? process.env.ZEUS_CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;
  const warn = options.warn ?? (() => {});
  let browser: Browser | undefined;
  let pending: Promise<Browser> | undefined;
  let launches = 0;
  let closed = false;

  async function launch(): Promise<Browser> {
    const { chromium } = await import('playwright-core');
    launches++;
    const launched = await chromium.launch({
      executablePath,
      args: [...CHROMIUM_ARGS],
      timeout: options.launchTimeoutMs ?? 30_000,
    });
    launched.on('disconnected', () => {
      if (browser === launched) {
        browser = undefined;
        if (!closed) warn('synthetics: Chromium disconnected; it will be relaunched for the next run');
      }
    });
    browser = launched;
    return launched;
  }

  return {
    get launches() {
      return launches;
    },
    acquire() {
      if (closed) return Promise.reject(new Error('browser host is closed'));
      if (browser?.isConnected()) return Promise.resolve(browser);
      pending ??= launch().finally(() => (pending = undefined));
      return pending;
    },
    async close() {
      closed = true;
      const current = browser ?? (await pending?.catch(() => undefined));
      browser = undefined;
      await current?.close().catch(() => {});
    },
  };
}
