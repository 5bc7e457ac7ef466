import type { Express, Request, Response } from 'express';
import { requireRole } from '../auth/middleware.js';
import { basicHealth, createApiApp, databaseCheck, finishApi, HttpError, stringField } from '../shared/app.js';
import type { ApiAppDeps } from '../shared/deps.js';
import { FLAG_KEYS } from '../../flags/index.js';
import { sourceOf } from '../shared/source.js';
import { createEnrollmentContext, SECTION_ID_MAX, type EnrollmentContext } from './context.js';
import { RULE_SQL } from './rule-queries.js';
import type { EnrollmentOutcome } from './rules.js';

/** What the enrollment API is built from. */
export type EnrollmentAppDeps = ApiAppDeps;

const STATUS: Record<EnrollmentOutcome, number> = {
  enrolled: 201, waitlisted: 202, rejected_full: 409, rejected_duplicate: 409, rejected_conflict: 409,
  rejected_prerequisite: 422, rejected_credit_limit: 422, rejected_window_closed: 403, error: 500,
};

/** `GET /api/terms/current`, `GET /api/sections` and `GET /api/sections/:id`. */
function addCatalogueRoutes(app: Express, ctx: EnrollmentContext): void {
  const { call, queries } = ctx;
  app.get('/api/terms/current', async (_request, response) => void response.json(await ctx.term()));

  app.get('/api/sections', async (request, response) => {
    const q = stringField(request.query, 'q', 100, { required: false }) ?? '';
    const termId = stringField(request.query, 'term', 16, { required: false }) ?? (await ctx.term()).id;
    const limit = Math.min(Math.max(Number(request.query.limit ?? 50) || 50, 1), 200);
    const sections = await call(
      { operation: 'SELECT', collection: 'sections', statement: queries.sql.search },
      () => queries.search(termId, q, limit),
    );
    response.json({ term: termId, sections });
  });

  app.get('/api/sections/:id', async (request, response) => {
    const id = ctx.sectionParam(request.params.id);
    const section = await call({ operation: 'SELECT', collection: 'sections', statement: queries.sql.section }, () =>
      queries.section(id),
    );
    if (!section) throw new HttpError(404, 'unknown_section', `no section ${id}`);
    response.json(section);
  });
}

/** `GET /api/schedule`: the student's enrolled and waitlisted sections of the current term. */
function addScheduleRoute(app: Express, ctx: EnrollmentContext): void {
  const { call, queries } = ctx;
  app.get('/api/schedule', requireRole('student'), async (_request, response) => {
    const current = await ctx.term();
    const schedule = await call(
      { operation: 'SELECT', collection: 'enrollments', statement: queries.sql.schedule },
      () => queries.schedule(ctx.student(response).sub, current.id),
    );
    const credits = schedule.enrolled.reduce((sum, s) => sum + s.credits, 0);
    response.json({ term: current, creditLimit: current.credit_limit, credits, ...schedule });
  });
}

/** Counts an attempt and observes its duration (seconds since `started`, a `performance.now()`). */
function recordAttempt(ctx: EnrollmentContext, labels: Parameters<EnrollmentContext['attempts']['inc']>[0], started: number): void {
  ctx.attempts.inc(labels);
  ctx.duration.observe(labels, (performance.now() - started) / 1000);
}

/** `POST /api/enrollments {sectionId}`: the rules decide, the outcome is counted, logged and answered. */
async function enroll(ctx: EnrollmentContext, request: Request, response: Response): Promise<void> {
  const started = performance.now();
  const sectionId = stringField(request.body, 'sectionId', SECTION_ID_MAX)!;
  const session = ctx.student(response);
  const source = sourceOf(request, ctx.trafficSource, session);
  const passingTimeCheck = await ctx.flagOn(FLAG_KEYS.enrollmentPassingTime, { targetingKey: session.sub, trafficSource: source });
  let decision;
  try {
    decision = await ctx.call(
      { operation: 'INSERT', collection: 'enrollments', statement: RULE_SQL.claimSeat },
      () => ctx.rules.enroll(session.sub, sectionId, ctx.nowSeconds(), { passingTimeCheck }),
    );
  } catch (error) {
    const termId = (await ctx.term().catch(() => undefined))?.id ?? 'unknown';
    recordAttempt(ctx, { term: termId, outcome: 'error', source }, started);
    throw error;
  }
  if (!decision) throw new HttpError(404, 'unknown_section', `no section ${sectionId}`);
  recordAttempt(ctx, { term: decision.termId, outcome: decision.outcome, source }, started);
  ctx.deps.logger.info({ outcome: decision.outcome, term: decision.termId, source }, 'enrollment attempt');
  response.status(STATUS[decision.outcome]).json(
    decision.outcome === 'enrolled' || decision.outcome === 'waitlisted'
      ? { outcome: decision.outcome, sectionId, message: decision.message, position: decision.position }
      : { error: decision.message, code: decision.outcome },
  );
}

/** `DELETE /api/enrollments/:sectionId` (drop, promoting the waitlist) and `DELETE /api/waitlists/:sectionId`. */
function addLeaveRoutes(app: Express, ctx: EnrollmentContext): void {
  app.delete('/api/enrollments/:sectionId', requireRole('student'), async (request, response) => {
    const sectionId = ctx.sectionParam(request.params.sectionId);
    const session = ctx.student(response);
    const source = sourceOf(request, ctx.trafficSource, session);
    const result = await ctx.call(
      { operation: 'DELETE', collection: 'enrollments', statement: RULE_SQL.deleteEnrollment },
      () => ctx.rules.drop(session.sub, sectionId, ctx.nowSeconds()),
    );
    if (!result) throw new HttpError(404, 'not_enrolled', `not enrolled in ${sectionId}`);
    ctx.drops.inc({ term: result.termId, source });
    if (result.promoted) ctx.promotions.inc({ term: result.termId, source: result.promoted.synthetic ? 'synthetic' : 'user' });
    response.json({ dropped: sectionId, promotedFromWaitlist: result.promoted !== undefined });
  });

  app.delete('/api/waitlists/:sectionId', requireRole('student'), async (request, response) => {
    const sectionId = ctx.sectionParam(request.params.sectionId);
    const termId = await ctx.call(
      { operation: 'DELETE', collection: 'waitlists', statement: RULE_SQL.deleteWaitlist },
      () => ctx.rules.leaveWaitlist(ctx.student(response).sub, sectionId),
    );
    if (!termId) throw new HttpError(404, 'not_waitlisted', `not on the waitlist of ${sectionId}`);
    response.json({ left: sectionId });
  });
}

/**
 * The enrollment REST API:
 * - `GET /api/terms/current`, `GET /api/sections?q=&term=&limit=`, `GET /api/sections/:id`
 * - `GET /api/schedule` (student): enrolled and waitlisted sections of the current term
 * - `POST /api/enrollments {sectionId}` (student): 201 enrolled, 202 waitlisted, 4xx with
 *   `{ error, code: outcome }` for a rule (full, prerequisite, conflict, credit limit, duplicate, window);
 *   flag `enrollment-passing-time-check` (per student) adds the 10-minute passing-time conflict
 * - `DELETE /api/enrollments/:sectionId` (student): drop, promoting the first waitlisted student
 * - `DELETE /api/waitlists/:sectionId` (student): leave a waitlist
 */
export function createEnrollmentApp(deps: EnrollmentAppDeps): Express {
  const ctx = createEnrollmentContext(deps);
  const app = createApiApp({
    faults: deps.faults, codec: deps.sessions, health: deps.health ?? basicHealth,
    checks: { db: databaseCheck(deps.db) },
  });
  addCatalogueRoutes(app, ctx);
  addScheduleRoute(app, ctx);
  app.post('/api/enrollments', requireRole('student'), (request, response) => enroll(ctx, request, response));
  addLeaveRoutes(app, ctx);
  finishApi(app, deps.logger);
  return app;
}
