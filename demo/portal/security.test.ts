// Security of the portal and the APIs behind it, in-process: malformed cookies, logout
// revocation, CSRF, the Secure cookie flag, login backoff and the least-privilege auditor.
import { loginThrottled, logins } from '@zeus/instrumentation/catalog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_BACKOFF, createLoginThrottle, IP_BACKOFF } from '../auth/login-throttle.js';
import { createPasswordVerifier } from '../auth/password.js';
import { startPortalHarness, type PortalHarness } from '../testing/portal-harness.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** POSTs a form the way a browser on the portal's own page does, unless `headers` says otherwise. */
function post(h: PortalHarness, path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${h.url}${path}`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams(form).toString(),
    // An empty value in `headers` leaves that header out.
    headers: Object.fromEntries(Object.entries({ ...FORM, origin: h.url, 'sec-fetch-site': 'same-origin', ...headers }).filter(([, v]) => v !== '')),
  });
}

async function login(h: PortalHarness, email: string, password: string) {
  const response = await post(h, '/login', { email, password });
  await response.arrayBuffer();
  return { status: response.status, cookie: response.headers.get('set-cookie') ?? '', retryAfter: response.headers.get('retry-after') };
}

const cookieOf = (setCookie: string) => setCookie.split(';')[0]!;
const get = (h: PortalHarness, path: string, cookie?: string) => fetch(`${h.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

describe('portal security', () => {
  let h: PortalHarness;
  beforeAll(async () => {
    h = await startPortalHarness();
  });
  afterAll(async () => h?.close());

  it('treats a malformed session cookie as no session, never a 500 (portal and APIs)', async () => {
    for (const cookie of ['zeus_session=%', 'zeus_session=%E0%A4%A', 'zeus_session=%%; other=1']) {
      const page = await get(h, '/schedule', cookie);
      expect(page.status, cookie).toBe(303);
      expect(page.headers.get('location')).toBe('/login');
      expect((await get(h, '/login', cookie)).status).toBe(200);
      const api = await fetch(`${h.enrollmentUrl}/api/schedule`, { headers: { cookie } });
      expect(api.status, cookie).toBe(401);
    }
    const form = await post(h, '/login', { email: 'bob@zeus.test', password: 'bob-demo' }, { cookie: 'zeus_session=%' });
    expect(form.status).toBe(303);
  });

  it('revokes the session at logout: the old cookie and the same bearer token stop working everywhere', async () => {
    const { cookie: setCookie } = await login(h, 'bob@zeus.test', 'bob-demo');
    const cookie = cookieOf(setCookie);
    const token = decodeURIComponent(cookie.slice('zeus_session='.length));
    expect((await get(h, '/schedule', cookie)).status).toBe(200);
    expect((await fetch(`${h.enrollmentUrl}/api/schedule`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const out = await post(h, '/logout', {}, { cookie });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/zeus_session=;.*Expires=Thu, 01 Jan 1970/);
    // A copy of the cookie kept by an attacker (or a shared computer) is dead.
    const replay = await get(h, '/schedule', cookie);
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/login');
    expect((await fetch(`${h.enrollmentUrl}/api/schedule`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await fetch(`${h.gradesUrl}/api/grades`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('refuses cross-site form posts (Origin or Sec-Fetch-Site) and posts with neither; same-origin posts pass', async () => {
    const cookie = cookieOf((await login(h, 'alice@zeus.test', 'alice-demo')).cookie);
    const section = `${h.seed.currentTermId}-HIST101-01`;
    const attempts: Record<string, string>[] = [
      { origin: 'https://evil.example', 'sec-fetch-site': '' },
      { origin: 'null', 'sec-fetch-site': '' },
      { origin: '', 'sec-fetch-site': 'cross-site' },
      { origin: h.url, 'sec-fetch-site': 'same-site' },
      { origin: '', 'sec-fetch-site': '' },
    ];
    for (const headers of attempts) {
      const sent = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''));
      const response = await fetch(`${h.url}/enroll`, { method: 'POST', redirect: 'manual', headers: { ...FORM, cookie, ...sent }, body: `sectionId=${section}` });
      expect(response.status, JSON.stringify(sent)).toBe(403);
      expect(await response.text()).toContain('not sent from the portal');
    }
    expect(h.db.prepare('SELECT 1 FROM enrollments WHERE student_id = ? AND section_id = ?').get('S00000001', section)).toBeUndefined();
    // Login CSRF (signing a victim into the attacker's account) is refused too.
    const forgedLogin = await post(h, '/login', { email: 'bob@zeus.test', password: 'bob-demo' }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(forgedLogin.status).toBe(403);
    expect(forgedLogin.headers.get('set-cookie')).toBeNull();
    // Same origin by Origin alone (no Sec-Fetch-Site, as plain-http non-loopback browsers send it).
    const ok = await fetch(`${h.url}/enroll`, { method: 'POST', redirect: 'manual', headers: { ...FORM, cookie, origin: h.url }, body: `sectionId=${section}` });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toContain('ok=enrolled');
    expect(h.log.entries.some((e) => e.message === 'cross-site form post refused')).toBe(true);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, without Secure on plain http by default', async () => {
    const { cookie } = await login(h, 'ada@zeus.test', 'ada-demo');
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('lets the synthetic auditor read the registrar report, and nothing else', async () => {
    const { status, cookie: setCookie } = await login(h, 'synthetic.auditor@zeus.test', 'synthetic-demo');
    expect(status).toBe(303);
    const cookie = cookieOf(setCookie);
    const report = await get(h, '/admin', cookie);
    expect(report.status).toBe(200);
    const page = await report.text();
    expect(page).toContain('data-service="enrollment"');
    expect(page).not.toContain('<form method="post" action="/admin/faults"');
    const change = await post(h, '/admin/faults', { service: 'enrollment', action: 'set', latencyMs: '500' }, { cookie });
    expect(change.status).toBe(403);
    expect(h.enrollmentFaults.state.latencyMs).toBe(0);
    expect((await get(h, `/roster/${h.seed.currentTermId}-MATH101-01`, cookie)).status).toBe(403);
    expect((await get(h, '/schedule', cookie)).status).toBe(403);
    const token = decodeURIComponent(cookie.slice('zeus_session='.length));
    const bearer = { authorization: `Bearer ${token}` };
    expect((await fetch(`${h.gradesUrl}/api/sections/${h.seed.currentTermId}-MATH101-01/roster`, { headers: bearer })).status).toBe(403);
    expect((await fetch(`${h.gradesUrl}/api/teaching`, { headers: bearer })).status).toBe(403);
    expect((await fetch(`${h.enrollmentUrl}/api/schedule`, { headers: bearer })).status).toBe(403);
    expect(h.metrics.value(logins, { outcome: 'success', role: 'auditor', source: 'synthetic' })).toBe(1);
  });

  it('lets the registrar (and only the registrar) change faults from the same page', async () => {
    const cookie = cookieOf((await login(h, 'registrar@zeus.test', 'registrar-demo')).cookie);
    expect(await (await get(h, '/admin', cookie)).text()).toContain('<form method="post" action="/admin/faults"');
    const change = await post(h, '/admin/faults', { service: 'enrollment', action: 'set', latencyMs: '5' }, { cookie });
    expect(change.headers.get('location')).toContain('ok=');
    expect(h.enrollmentFaults.state.latencyMs).toBe(5);
    await h.enrollmentFaults.clear();
  });
});

describe('the session cookie behind TLS', () => {
  it('is Secure when the public origin is https, or when the setting forces it', async () => {
    for (const security of [{ publicOrigin: 'https://portal.zeus.example' }, { secureCookies: true }]) {
      const h = await startPortalHarness({ security });
      try {
        const { cookie } = await login(h, 'bob@zeus.test', 'bob-demo');
        expect(cookie, JSON.stringify(security)).toMatch(/;\s*Secure/);
        // The public origin is a trusted form origin besides the Host itself.
        if (security.publicOrigin) {
          const viaProxy = await post(h, '/login', { email: 'bob@zeus.test', password: 'bob-demo' }, { origin: security.publicOrigin, 'sec-fetch-site': '' });
          expect(viaProxy.status).toBe(303);
        }
      } finally {
        await h.close();
      }
    }
  });
});

describe('login backoff', () => {
  let clock = 1_000_000;
  let h: PortalHarness;
  beforeAll(async () => {
    h = await startPortalHarness({ throttle: createLoginThrottle({ now: () => clock }) });
  });
  afterAll(async () => h?.close());

  it('backs off an account after 5 failures with 429 and Retry-After, even for the right password, then lets it in', async () => {
    for (let i = 0; i < ACCOUNT_BACKOFF.backoffAfter; i++) expect((await login(h, 'bob@zeus.test', `guess-${i}`)).status).toBe(401);
    const blocked = await login(h, 'bob@zeus.test', 'bob-demo');
    expect(blocked.status).toBe(429);
    expect(blocked.retryAfter).toBe('1');
    expect(blocked.cookie).toBe('');
    expect(h.metrics.value(loginThrottled, { scope: 'account' })).toBe(1);
    // Counted as a failed login too, so the brute-force alert still sees the attack.
    expect(h.metrics.value(logins, { outcome: 'failure' })).toBe(ACCOUNT_BACKOFF.backoffAfter + 1);
    clock += 1_000;
    expect((await login(h, 'bob@zeus.test', 'wrong-again')).status).toBe(401);
    const doubled = await login(h, 'bob@zeus.test', 'bob-demo');
    expect([doubled.status, doubled.retryAfter]).toEqual([429, '2']);
    // Another account from the same address is not held up by Bob's backoff.
    expect((await login(h, 'alice@zeus.test', 'alice-demo')).status).toBe(303);
    clock += 2_000;
    expect((await login(h, 'bob@zeus.test', 'bob-demo')).status).toBe(303);
    // Success forgets the account's failures.
    expect((await login(h, 'bob@zeus.test', 'wrong')).status).toBe(401);
    expect((await login(h, 'bob@zeus.test', 'bob-demo')).status).toBe(303);
  });

  it('backs off a client address that fails across many accounts: 429 for every account from it', async () => {
    clock += 3_600_000;
    const before = h.metrics.value(logins, { outcome: 'failure' });
    for (let i = 0; i < IP_BACKOFF.backoffAfter; i++) {
      const { status } = await login(h, `nobody-${i}@example.invalid`, 'x');
      expect([401, 429]).toContain(status);
    }
    const blocked = await login(h, 'ada@zeus.test', 'ada-demo');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(h.metrics.value(loginThrottled, { scope: 'ip' })).toBeGreaterThanOrEqual(1);
    expect(h.metrics.value(logins, { outcome: 'failure' })).toBeGreaterThan(before + IP_BACKOFF.backoffAfter - 1);
    expect(h.log.entries.some((e) => e.message === 'login throttled' && e.object.scope === 'ip')).toBe(true);
  });
});

describe('the password-check queue', () => {
  it('answers 429 (Retry-After: 1, scope busy) when the queue is full instead of piling up scrypt work', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let running = 0;
    let peak = 0;
    const passwords = createPasswordVerifier({
      concurrency: 1, maxQueue: 1,
      check: async () => {
        peak = Math.max(peak, ++running);
        await gate;
        running--;
        return false;
      },
    });
    const h = await startPortalHarness({ passwords });
    try {
      const first = login(h, 'one@example.invalid', 'x');
      const second = login(h, 'two@example.invalid', 'x');
      await new Promise((r) => setTimeout(r, 200));
      const third = await login(h, 'three@example.invalid', 'x');
      expect([third.status, third.retryAfter]).toEqual([429, '1']);
      release();
      expect((await first).status).toBe(401);
      expect((await second).status).toBe(401);
      expect(peak).toBe(1);
      expect(h.metrics.value(loginThrottled, { scope: 'busy' })).toBe(1);
    } finally {
      release();
      await h.close();
    }
  });
});
