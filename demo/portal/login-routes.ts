import { logins } from '@zeus/instrumentation/catalog';
import type { Express } from 'express';
import { sessionOf } from '../auth/middleware.js';
import { hashPasswordSync, verifyPassword } from '../auth/password.js';
import { SESSION_COOKIE, type SessionCodec } from '../auth/session.js';
import type { DemoRole } from '../db/accounts.js';
import type { Database } from '../db/open.js';
import type { DbCall } from '../shared/db-call.js';
import type { Log, Recorder, TrafficSourceOf } from '../shared/deps.js';
import { sourceOf } from '../shared/source.js';
import type { PortalContext } from './context.js';
import { html } from './html.js';

const DUMMY_HASH = hashPasswordSync('zeus-no-such-account', Buffer.alloc(16));

/** `/` (redirect by role), `/login` (form and check, counted in zeus_logins_total) and `/logout`. */
export function mountLoginRoutes(
  app: Express,
  ctx: PortalContext,
  deps: { db: Database; metrics: Recorder; logger: Log; sessions: SessionCodec; call: DbCall; trafficSource: TrafficSourceOf },
): void {
  const { render, field } = ctx;
  const { call, trafficSource } = deps;
  const loginCounter = deps.metrics.counter(logins);
  const findAccount = deps.db.prepare(
    `SELECT id, name, password_hash, 'student' AS role, is_synthetic FROM students WHERE email = @email
     UNION ALL SELECT id, name, password_hash, role, is_synthetic FROM faculty WHERE email = @email LIMIT 1`,
  );

  app.get('/', (_request, response) => {
    const session = sessionOf(response);
    response.redirect(303, !session ? '/login' : session.role === 'student' ? '/search' : session.role === 'faculty' ? '/teaching' : '/admin');
  });

  app.get('/login', (request, response) =>
    render(request, response, 'Sign in', html`<form method="post" action="/login">
<p><label>Email <input name="email" type="email" autocomplete="username" required maxlength="254"></label></p>
<p><label>Password <input name="password" type="password" autocomplete="current-password" required maxlength="200"></label></p>
<button type="submit">Sign in</button></form>`),
  );

  app.post('/login', async (request, response) => {
    const email = field(request, 'email', 254).toLowerCase();
    const password = field(request, 'password', 200);
    const account = (await call({ operation: 'SELECT', collection: 'students', statement: findAccount.source }, () =>
      findAccount.get({ email }),
    )) as { id: string; name: string; password_hash: string; role: DemoRole; is_synthetic: number } | undefined;
    // Unknown emails still pay for one scrypt, so response time does not reveal which accounts exist.
    const ok = (await verifyPassword(password, account?.password_hash ?? DUMMY_HASH)) && account !== undefined;
    const synthetic = account?.is_synthetic === 1;
    const source = sourceOf(request, trafficSource, { synthetic });
    loginCounter.inc({ outcome: ok ? 'success' : 'failure', role: account?.role ?? 'unknown', source });
    if (!ok || !account) {
      deps.logger.warn({ outcome: 'failure', role: account?.role ?? 'unknown', source }, 'login failed');
      return render(request, response, 'Sign in', html`<p class="notice error" role="alert">Wrong email or password.</p>
<form method="post" action="/login"><p><label>Email <input name="email" type="email" required maxlength="254"></label></p>
<p><label>Password <input name="password" type="password" required maxlength="200"></label></p><button type="submit">Sign in</button></form>`, 401);
    }
    const token = deps.sessions.sign({ sub: account.id, role: account.role, name: account.name, synthetic });
    response.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', encode: String });
    response.redirect(303, '/');
  });

  app.post('/logout', (_request, response) => {
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.redirect(303, '/login');
  });
}
