import { logins } from '@zeus/instrumentation/catalog';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { authenticate, sessionOf } from '../auth/middleware.js';
import { hashPasswordSync, verifyPassword } from '../auth/password.js';
import { SESSION_COOKIE, type Session, type SessionCodec } from '../auth/session.js';
import type { DemoRole } from '../db/accounts.js';
import type { Database } from '../db/open.js';
import type { FaultController } from '../faults/controller.js';
import { basicHealth } from '../shared/app.js';
import { createDbCall } from '../shared/db-call.js';
import type { DbSpan, HealthMiddlewareFactory, Log, Recorder, TrafficSourceOf } from '../shared/deps.js';
import { headerTrafficSource, sourceOf } from '../shared/source.js';
import { createApiClient, UpstreamUnavailable, type ApiResult } from './api-client.js';
import { clock, html, page, type Raw } from './html.js';

/** A service whose faults the registrar page shows and sets. */
export interface AdminTarget {
  name: string;
  /** Base URL of the service's admin API. */
  adminUrl: string;
}

/** What the portal is built from; everything is passed in (no globals). */
export interface PortalAppDeps {
  db: Database;
  metrics: Recorder;
  logger: Log;
  faults: FaultController;
  sessions: SessionCodec;
  enrollmentUrl: string;
  gradesUrl: string;
  /** Services on the registrar's fault-injection page, and the admin token to call them with. */
  admin: { targets: AdminTarget[]; token: string };
  dbSpan?: DbSpan;
  health?: HealthMiddlewareFactory;
  trafficSource?: TrafficSourceOf;
}

interface SectionView {
  id: string; courseId: string; title: string; credits: number; instructor: string; days: string; startMinute: number;
  endMinute: number; room: string; capacity: number; enrolled: number; seatsLeft: number; waitlisted: number; prerequisites: string[];
  position?: number;
}

const DUMMY_HASH = hashPasswordSync('zeus-no-such-account', Buffer.alloc(16));
const when = (s: SectionView) => `${s.days} ${clock(s.startMinute)}-${clock(s.endMinute)}`;
const back = (path: string, kind: 'ok' | 'err', message: string) => `${path}${path.includes('?') ? '&' : '?'}${kind}=${encodeURIComponent(message)}`;

/**
 * The server-rendered Zeus portal. Students: `/search`, `/schedule`, `/grades`; faculty:
 * `/teaching`, `/roster/:id`; registrar: `/admin` (fault injection). Every page that shows or
 * changes enrollment or grades calls the enrollment or grades API over HTTP.
 */
export function createPortalApp(deps: PortalAppDeps): Express {
  const trafficSource = deps.trafficSource ?? headerTrafficSource;
  const call = createDbCall(deps.faults, deps.dbSpan);
  const enrollment = createApiClient('enrollment', deps.enrollmentUrl);
  const grades = createApiClient('grades', deps.gradesUrl);
  const loginCounter = deps.metrics.counter(logins);
  const ping = deps.db.prepare('SELECT 1');
  const findAccount = deps.db.prepare(
    `SELECT id, name, password_hash, 'student' AS role, is_synthetic FROM students WHERE email = @email
     UNION ALL SELECT id, name, password_hash, role, is_synthetic FROM faculty WHERE email = @email LIMIT 1`,
  );
  const upstreamUp = (base: string) => async () => (await fetch(new URL('/healthz', base), { signal: AbortSignal.timeout(1_500) })).ok;

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    (deps.health ?? basicHealth)({
      checks: { db: () => ping.get() !== undefined, enrollmentApi: upstreamUp(deps.enrollmentUrl), gradesApi: upstreamUp(deps.gradesUrl) },
      timeoutMs: 2_000,
    }),
  );
  app.use(deps.faults.middleware());
  app.use(authenticate(deps.sessions));
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));

  const notices = (request: Request) => ({
    ok: typeof request.query.ok === 'string' ? request.query.ok.slice(0, 300) : undefined,
    err: typeof request.query.err === 'string' ? request.query.err.slice(0, 300) : undefined,
  });
  const render = (request: Request, response: Response, title: string, body: Raw, status = 200) =>
    void response.status(status).type('html').send(page(title, body, { session: sessionOf(response), ...notices(request) }));
  const field = (request: Request, name: string, max: number): string => {
    const value = (request.body as Record<string, unknown> | undefined)?.[name];
    if (typeof value !== 'string' || value.trim() === '') throw Object.assign(new Error(`'${name}' is required`), { status: 400 });
    if (value.length > max) throw Object.assign(new Error(`'${name}' is longer than ${max} characters`), { status: 400 });
    return value.trim();
  };
  const as = (...roles: DemoRole[]) => (request: Request, response: Response, next: NextFunction) => {
    const session = sessionOf(response);
    if (!session) return void response.redirect(303, '/login');
    if (!roles.includes(session.role)) return render(request, response, 'Not allowed', html`<p>This page needs the ${roles.join(' or ')} role.</p>`, 403);
    next();
  };
  const me = (response: Response): Session => sessionOf(response)!;
  const apiOptions = (request: Request, response: Response, body?: unknown) => ({
    token: request.headers.authorization?.slice(7) ?? tokenOf(request),
    synthetic: sourceOf(request, trafficSource, me(response)) === 'synthetic',
    body,
  });
  const tokenOf = (request: Request) =>
    decodeURIComponent(/(?:^|;\s*)zeus_session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1] ?? '');
  const failed = (result: ApiResult) => result.body.error ?? `request failed (${result.status})`;

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

  app.get('/search', as('student'), async (request, response) => {
    const q = typeof request.query.q === 'string' ? request.query.q.slice(0, 100) : '';
    const result = await enrollment<{ term: string; sections: SectionView[] }>('GET', `/api/sections?q=${encodeURIComponent(q)}&limit=50`, apiOptions(request, response));
    const sections = result.status === 200 ? result.body.sections : [];
    render(request, response, 'Course search', html`<form method="get" action="/search" role="search">
<label>Course <input name="q" value="${q}" maxlength="100" placeholder="CS201 or Physics"></label> <button type="submit">Search</button></form>
${result.status !== 200 ? html`<p class="notice error" role="alert">${failed(result)}</p>` : ''}
${sections.length === 0 ? html`<p>No sections found.</p>` : html`<table data-testid="results"><thead><tr><th>Section</th><th>Course</th><th>Credits</th><th>When</th><th>Instructor</th><th>Seats</th><th>Waitlist</th><th>Requires</th><th></th></tr></thead><tbody>
${sections.map((s) => html`<tr data-section="${s.id}"><td>${s.id}</td><td>${s.title}</td><td>${s.credits}</td><td>${when(s)}</td><td>${s.instructor}</td>
<td>${s.enrolled}/${s.capacity}</td><td>${s.waitlisted}</td><td>${s.prerequisites.join(', ')}</td>
<td><form method="post" action="/enroll"><input type="hidden" name="sectionId" value="${s.id}"><input type="hidden" name="q" value="${q}">
<button type="submit">${s.seatsLeft > 0 ? 'Enroll' : 'Join waitlist'}</button></form></td></tr>`)}
</tbody></table>`}`, result.status === 200 ? 200 : 502);
  });

  app.post('/enroll', as('student'), async (request, response) => {
    const sectionId = field(request, 'sectionId', 64);
    const q = typeof request.body?.q === 'string' ? request.body.q.slice(0, 100) : '';
    const result = await enrollment('POST', '/api/enrollments', apiOptions(request, response, { sectionId }));
    if (result.status === 201 || result.status === 202) return void response.redirect(303, back('/schedule', 'ok', String(result.body.message)));
    response.redirect(303, back(`/search?q=${encodeURIComponent(q)}`, 'err', failed(result)));
  });

  app.get('/schedule', as('student'), async (request, response) => {
    const result = await enrollment<{ term: { id: string }; credits: number; creditLimit: number; enrolled: SectionView[]; waitlisted: SectionView[] }>(
      'GET', '/api/schedule', apiOptions(request, response),
    );
    if (result.status !== 200) return render(request, response, 'My schedule', html`<p class="notice error" role="alert">${failed(result)}</p>`, 502);
    const { enrolled, waitlisted, credits, creditLimit, term } = result.body;
    render(request, response, 'My schedule', html`<p>Term ${term.id}: ${credits} of ${creditLimit} credits.</p>
<h2>Enrolled</h2>${enrolled.length === 0 ? html`<p>No classes yet.</p>` : html`<table data-testid="schedule"><thead><tr><th>Section</th><th>Course</th><th>When</th><th>Room</th><th></th></tr></thead><tbody>
${enrolled.map((s) => html`<tr data-section="${s.id}"><td>${s.id}</td><td>${s.title}</td><td>${when(s)}</td><td>${s.room}</td>
<td><form method="post" action="/drop"><input type="hidden" name="sectionId" value="${s.id}"><button type="submit">Drop</button></form></td></tr>`)}</tbody></table>`}
<h2>Waitlists</h2>${waitlisted.length === 0 ? html`<p>Not on any waitlist.</p>` : html`<table data-testid="waitlists"><thead><tr><th>Section</th><th>Course</th><th>Position</th><th></th></tr></thead><tbody>
${waitlisted.map((s) => html`<tr data-section="${s.id}"><td>${s.id}</td><td>${s.title}</td><td>${s.position}</td>
<td><form method="post" action="/leave-waitlist"><input type="hidden" name="sectionId" value="${s.id}"><button type="submit">Leave waitlist</button></form></td></tr>`)}</tbody></table>`}`);
  });

  app.post('/drop', as('student'), async (request, response) => {
    const sectionId = field(request, 'sectionId', 64);
    const result = await enrollment('DELETE', `/api/enrollments/${encodeURIComponent(sectionId)}`, apiOptions(request, response));
    response.redirect(303, back('/schedule', result.status === 200 ? 'ok' : 'err', result.status === 200 ? `Dropped ${sectionId}` : failed(result)));
  });

  app.post('/leave-waitlist', as('student'), async (request, response) => {
    const sectionId = field(request, 'sectionId', 64);
    const result = await enrollment('DELETE', `/api/waitlists/${encodeURIComponent(sectionId)}`, apiOptions(request, response));
    response.redirect(303, back('/schedule', result.status === 200 ? 'ok' : 'err', result.status === 200 ? `Left the waitlist of ${sectionId}` : failed(result)));
  });

  app.get('/grades', as('student'), async (request, response) => {
    const result = await grades<{ grades: { termId: string; courseId: string; title: string; credits: number; grade: string }[] }>('GET', '/api/grades', apiOptions(request, response));
    if (result.status !== 200) return render(request, response, 'My grades', html`<p class="notice error" role="alert">${failed(result)}</p>`, 502);
    render(request, response, 'My grades', result.body.grades.length === 0 ? html`<p>No grades yet.</p>` : html`<table data-testid="grades"><thead><tr><th>Term</th><th>Course</th><th>Title</th><th>Credits</th><th>Grade</th></tr></thead><tbody>
${result.body.grades.map((g) => html`<tr><td>${g.termId}</td><td>${g.courseId}</td><td>${g.title}</td><td>${g.credits}</td><td>${g.grade}</td></tr>`)}</tbody></table>`);
  });

  app.get('/teaching', as('faculty'), async (request, response) => {
    const result = await grades<{ term: { id: string }; sections: { id: string; title: string; enrolled: number; graded: number }[] }>('GET', '/api/teaching', apiOptions(request, response));
    if (result.status !== 200) return render(request, response, 'My sections', html`<p class="notice error" role="alert">${failed(result)}</p>`, 502);
    render(request, response, 'My sections', html`<table data-testid="teaching"><thead><tr><th>Section</th><th>Course</th><th>Students</th><th>Graded</th></tr></thead><tbody>
${result.body.sections.map((s) => html`<tr><td><a href="/roster/${encodeURIComponent(s.id)}">${s.id}</a></td><td>${s.title}</td><td>${s.enrolled}</td><td>${s.graded}</td></tr>`)}</tbody></table>`);
  });

  app.get('/roster/:id', as('faculty', 'registrar'), async (request, response) => {
    const id = String(request.params.id).slice(0, 64);
    const result = await grades<{ section: { id: string; title: string }; open: boolean; gradeValues: string[]; students: { studentId: string; name: string; grade: string | null }[] }>(
      'GET', `/api/sections/${encodeURIComponent(id)}/roster`, apiOptions(request, response),
    );
    if (result.status !== 200) return render(request, response, 'Roster', html`<p class="notice error" role="alert">${failed(result)}</p>`, result.status >= 500 ? 502 : result.status);
    const { section, students, gradeValues, open } = result.body;
    render(request, response, `Roster of ${section.id}`, html`<p>${section.title}. ${open ? 'Grades are open.' : 'The grade deadline has passed.'}</p>
<form method="post" action="/roster/${encodeURIComponent(section.id)}"><datalist id="grade-values">${gradeValues.map((g) => html`<option value="${g}">`)}</datalist>
<table data-testid="roster"><thead><tr><th>Student</th><th>Id</th><th>Grade</th></tr></thead><tbody>
${students.map((s) => html`<tr data-student="${s.studentId}"><td>${s.name}</td><td>${s.studentId}</td>
<td><input name="grade:${s.studentId}" value="${s.grade ?? ''}" list="grade-values" maxlength="4" size="4" aria-label="Grade for ${s.name}"></td></tr>`)}</tbody></table>
<p><button type="submit">Submit grades</button></p></form>`);
  });

  app.post('/roster/:id', as('faculty'), async (request, response) => {
    const id = String(request.params.id).slice(0, 64);
    const entries = Object.entries((request.body ?? {}) as Record<string, unknown>)
      .filter(([key, value]) => key.startsWith('grade:') && typeof value === 'string' && value.trim() !== '')
      .map(([key, value]) => ({ studentId: key.slice(6), grade: String(value).trim().toUpperCase() }));
    const path = `/roster/${encodeURIComponent(id)}`;
    if (entries.length === 0) return void response.redirect(303, back(path, 'err', 'Enter at least one grade.'));
    const result = await grades<{ accepted: number; rejected: { studentId: string; reason: string }[] }>(
      'POST', `/api/sections/${encodeURIComponent(id)}/grades`, apiOptions(request, response, { grades: entries }),
    );
    if (result.status === 200) return void response.redirect(303, back(path, 'ok', `${result.body.accepted} grade(s) saved.`));
    const reasons = result.body.rejected?.map((r) => r.reason).join('; ');
    response.redirect(303, back(path, 'err', `${failed(result)}${reasons ? `: ${reasons}` : ''}${result.body.accepted ? ` (${result.body.accepted} saved)` : ''}`));
  });

  const adminFetch = async (target: AdminTarget, method: string, body?: unknown) => {
    try {
      const response = await fetch(new URL('/admin/faults', target.adminUrl), {
        method,
        headers: { authorization: `Bearer ${deps.admin.token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(3_000),
      });
      return { status: response.status, body: (await response.json()) as { faults?: Record<string, unknown>; error?: string } };
    } catch {
      return { status: 502, body: { error: `admin API of ${target.name} unreachable` } };
    }
  };

  app.get('/admin', as('registrar'), async (request, response) => {
    const states = await Promise.all(deps.admin.targets.map(async (t) => ({ target: t, result: await adminFetch(t, 'GET') })));
    render(request, response, 'Registrar admin', html`<h2>Fault injection</h2><p>Drills only: every change shows in <code>zeus_fault_injection_active</code>.</p>
${states.map(({ target, result }) => {
  const f = (result.body.faults ?? {}) as { latencyMs?: number; errorRate?: number; dbSlowMs?: number; down?: boolean };
  return html`<fieldset data-service="${target.name}"><legend>${target.name}</legend>
${result.status !== 200 ? html`<p class="notice error">${result.body.error ?? 'unavailable'}</p>` : ''}
<form method="post" action="/admin/faults"><input type="hidden" name="service" value="${target.name}">
<label>Latency ms <input name="latencyMs" type="number" min="0" max="120000" value="${f.latencyMs ?? 0}"></label>
<label>Error rate <input name="errorRate" type="number" min="0" max="1" step="0.01" value="${f.errorRate ?? 0}"></label>
<label>DB slow ms <input name="dbSlowMs" type="number" min="0" max="120000" value="${f.dbSlowMs ?? 0}"></label>
<label><input name="down" type="checkbox" value="true" ${f.down ? html`checked` : ''}> Down</label>
<button type="submit" name="action" value="set">Apply</button> <button type="submit" name="action" value="clear">Clear</button></form></fieldset>`;
})}`);
  });

  app.post('/admin/faults', as('registrar'), async (request, response) => {
    const service = field(request, 'service', 32);
    const target = deps.admin.targets.find((t) => t.name === service);
    if (!target) return void response.redirect(303, back('/admin', 'err', `unknown service ${service}`));
    const body = request.body as Record<string, string>;
    const result =
      body.action === 'clear'
        ? await adminFetch(target, 'DELETE')
        : await adminFetch(target, 'PUT', {
            latencyMs: Number(body.latencyMs ?? 0), errorRate: Number(body.errorRate ?? 0), dbSlowMs: Number(body.dbSlowMs ?? 0), down: body.down === 'true',
          });
    deps.logger.info({ service, action: body.action === 'clear' ? 'clear' : 'set', status: result.status }, 'fault injection changed');
    response.redirect(303, back('/admin', result.status === 200 ? 'ok' : 'err', result.status === 200 ? `Faults of ${service} updated.` : result.body.error ?? 'failed'));
  });

  app.use((request: Request, response: Response) => render(request, response, 'Not found', html`<p>No such page.</p>`, 404));
  app.use((error: Error & { status?: number; type?: string }, request: Request, response: Response, _next: NextFunction) => {
    if (error instanceof UpstreamUnavailable)
      return render(request, response, 'Service unavailable', html`<p class="notice error" role="alert">${error.message}; please try again shortly.</p>`, 502);
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) deps.logger.error({ err: error, route: request.route?.path }, 'portal request failed');
    render(request, response, status === 500 ? 'Something went wrong' : 'Bad request', html`<p class="notice error" role="alert">${status === 500 ? 'Internal error.' : error.message}</p>`, status);
  });
  return app;
}
