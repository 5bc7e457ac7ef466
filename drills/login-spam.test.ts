import { loginThrottled, logins } from '@zeus/instrumentation/catalog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalHarness, type PortalHarness } from '../demo/testing/portal-harness.js';
import { loginSpam } from './login-spam.js';

describe('the brute-force drill against a portal with login backoff', () => {
  let h: PortalHarness;
  beforeAll(async () => {
    h = await startPortalHarness();
  });
  afterAll(async () => h?.close());

  it('is throttled by address after 20 failures, still counted as failed logins, while users on 127.0.0.1 sign in', async () => {
    const stop = loginSpam(h.url, 10);
    const deadline = Date.now() + 20_000;
    while (h.metrics.value(loginThrottled, { scope: 'ip' }) < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const user = await fetch(`${h.url}/login`, {
      method: 'POST', redirect: 'manual', body: 'email=bob%40zeus.test&password=bob-demo',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: h.url },
    });
    await stop();
    expect(h.metrics.value(loginThrottled, { scope: 'ip' })).toBeGreaterThanOrEqual(5);
    expect(h.metrics.value(logins, { outcome: 'failure', role: 'unknown' })).toBeGreaterThanOrEqual(25);
    expect(user.status).toBe(303);
  }, 30_000);
});
