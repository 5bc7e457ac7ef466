import { loginThrottled, logins } from '@zeus/instrumentation/catalog';
import type { Express, Request, Response } from 'express';
import { sessionOf } from '../auth/middleware.js';
import { hashPasswordSync, PasswordCheckBusy, type PasswordVerifier } from '../auth/password.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import { readCookie, SESSION_COOKIE, type SessionCodec } from '../auth/session.js';
import type { DemoRole } from '../db/accounts.js';
import type { Database } from '../db/database.js';
import type { DbCall } from '../shared/db-call.js';
import type { Log, Recorder, TrafficSourceOf } from '../shared/deps.js';
import { sourceOf } from '../shared/source.js';
import type { PortalContext } from './context.js';
import { html, type Raw } from './html.js';

const DUMMY_HASH = hashPasswordSync('zeus-no-such-account', Buffer.alloc(16));

/** The account of an email: a student, faculty member or staff member (both databases). */
const FIND_ACCOUNT_SQL = `SELECT id, name, password_hash, 'student' AS role, is_synthetic FROM students WHERE email = $1
     UNION ALL SELECT id, name, password_hash, role, is_synthetic FROM faculty WHERE email = $1
     UNION ALL SELECT id, name, password_hash, role, is_synthetic FROM staff WHERE email = $1 LIMIT 1`;

interface Account { id: string; name: string; password_hash: string; role: DemoRole; is_synthetic: number }

/** What the login routes need besides the page helpers. */
export interface LoginDeps {
  db: Database;
  metrics: Recorder;
  logger: Log;
  sessions: SessionCodec;
  call: DbCall;
  trafficSource: TrafficSourceOf;
  throttle: LoginThrottle;
  passwords: PasswordVerifier;
  /** Mark the session cookie `Secure` (the portal is served over TLS). */
  secureCookies: boolean;
}

const loginForm = (notice?: Raw) => html`${notice ?? ''}<form method="post" action="/login">
<p><label>Email <input name="email" type="email" autocomplete="username" required maxlength="254"></label></p>
<p><label>Password <input name="password" type="password" autocomplete="current-password" required maxlength="200"></label></p>
<button type="submit">Sign in</button></form>`;

/** The client address the per-address backoff is keyed by (Express `trust proxy` decides whether X-Forwarded-For counts). */
const clientAddress = (request: Request) => request.ip ?? request.socket.remoteAddress ?? 'unknown';

/** `/` (redirect by role), `/login` (form and check, counted in zeus_logins_total) and `/logout` (revokes the session). */
export function mountLoginRoutes(app: Express, ctx: PortalContext, deps: LoginDeps): void {
  const { render, field } = ctx;
  const { call, trafficSource, throttle } = deps;
  const loginCounter = deps.metrics.counter(logins);
  const throttledCounter = deps.metrics.counter(loginThrottled);

  /** 429 with Retry-After; the attempt is counted as throttled (and, for backoff, as a failed login). */
  const refuse = (request: Request, response: Response, scope: 'account' | 'ip' | 'busy', retryAfterSeconds: number) => {
    const source = sourceOf(request, trafficSource);
    throttledCounter.inc({ scope, source });
    // A login refused by backoff is still a failed login: the brute-force alert keeps seeing an attack that backoff absorbs.
    if (scope !== 'busy') loginCounter.inc({ outcome: 'failure', role: 'unknown', source });
    deps.logger.warn({ outcome: 'throttled', scope, retryAfterSeconds, source }, 'login throttled');
    response.setHeader('Retry-After', String(retryAfterSeconds));
    const message = scope === 'busy' ? 'Sign-in is busy right now.' : 'Too many failed sign-in attempts.';
    render(request, response, 'Sign in', loginForm(html`<p class="notice error" role="alert">${message} Try again in ${retryAfterSeconds} s.</p>`), 429);
  };

  const checkPassword = async (password: string, account: Account | undefined): Promise<boolean | 'busy'> => {
    try {
      // Unknown emails still pay for one scrypt, so response time does not reveal which accounts exist.
      return (await deps.passwords.verify(password, account?.password_hash ?? DUMMY_HASH)) && account !== undefined;
    } catch (error) {
      if (error instanceof PasswordCheckBusy) return 'busy';
      throw error;
    }
  };

  app.get('/', (_request, response) => {
    const session = sessionOf(response);
    response.redirect(303, !session ? '/login' : session.role === 'student' ? '/search' : session.role === 'faculty' ? '/teaching' : '/admin');
  });

  app.get('/login', (request, response) => render(request, response, 'Sign in', loginForm()));

  app.post('/login', async (request, response) => {
    const email = field(request, 'email', 254).toLowerCase();
    const password = field(request, 'password', 200);
    const ip = clientAddress(request);
    const throttled = throttle.check(email, ip);
    if (throttled) return refuse(request, response, throttled.scope, throttled.retryAfterSeconds);
    const account = await call({ operation: 'SELECT', collection: 'students', statement: FIND_ACCOUNT_SQL }, () =>
      deps.db.get<Account>(FIND_ACCOUNT_SQL, [email]),
    );
    const ok = await checkPassword(password, account);
    if (ok === 'busy') return refuse(request, response, 'busy', 1);
    const synthetic = account?.is_synthetic === 1;
    const source = sourceOf(request, trafficSource, { synthetic });
    loginCounter.inc({ outcome: ok ? 'success' : 'failure', role: account?.role ?? 'unknown', source });
    if (!ok || !account) {
      throttle.failed(email, ip);
      deps.logger.warn({ outcome: 'failure', role: account?.role ?? 'unknown', source }, 'login failed');
      return render(request, response, 'Sign in', loginForm(html`<p class="notice error" role="alert">Wrong email or password.</p>`), 401);
    }
    throttle.succeeded(email);
    const token = deps.sessions.sign({ sub: account.id, role: account.role, name: account.name, synthetic });
    response.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, path: '/', encode: String });
    response.redirect(303, '/');
  });

  app.post('/logout', async (request, response) => {
    // Revoked server-side: the token stops working everywhere, even if a copy was kept.
    await deps.sessions.revoke(readCookie(request.headers.cookie, SESSION_COOKIE));
    response.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, path: '/' });
    response.redirect(303, '/login');
  });
}
