import { enrollmentAttempts, enrollmentDrops, enrollmentDuration, waitlistPromotions } from '@zeus/instrumentation/catalog';
import type { Express, Response } from 'express';
import { requireRole, sessionOf } from '../auth/middleware.js';
import { basicHealth, createApiApp, databaseCheck, finishApi, HttpError, stringField } from '../shared/app.js';
import { createDbCall } from '../shared/db-call.js';
import type { ApiAppDeps, FlagContext } from '../shared/deps.js';
import { FLAG_KEYS } from '../../flags/index.js';
import { headerTrafficSource, sourceOf } from '../shared/source.js';
import { createEnrollmentQueries } from './queries.js';
import { RULE_SQL } from './rule-queries.js';
import { createEnrollmentRules, type EnrollmentOutcome } from './rules.js';
import { CURRENT_TERM_SQL, currentTerm } from './terms.js';

/** What the enrollment API is built from. */
export type EnrollmentAppDeps = ApiAppDeps;

const STATUS: Record<EnrollmentOutcome, number> = {
  enrolled: 201, waitlisted: 202, rejected_full: 409, rejected_duplicate: 409, rejected_conflict: 409,
  rejected_prerequisite: 422, rejected_credit_limit: 422, rejected_window_closed: 403, error: 500,
};
const SECTION_ID_MAX = 64;

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
  const now = deps.now ?? Date.now;
  const nowSeconds = () => Math.floor(now() / 1000);
  const trafficSource = deps.trafficSource ?? headerTrafficSource;
  const call = createDbCall(deps.faults, deps.db.dialect, deps.dbSpan);
  const rules = createEnrollmentRules(deps.db);
  const queries = createEnrollmentQueries(deps.db);
  const attempts = deps.metrics.counter(enrollmentAttempts);
  const duration = deps.metrics.histogram(enrollmentDuration);
  const drops = deps.metrics.counter(enrollmentDrops);
  const promotions = deps.metrics.counter(waitlistPromotions);
  const app = createApiApp({
    faults: deps.faults, codec: deps.sessions, health: deps.health ?? basicHealth,
    checks: { db: databaseCheck(deps.db) },
  });
  const term = async () => {
    const found = await call({ operation: 'SELECT', collection: 'terms', statement: CURRENT_TERM_SQL }, () =>
      currentTerm(deps.db, nowSeconds()),
    );
    if (!found) throw new HttpError(503, 'no_term', 'no term is configured');
    return found;
  };
  const sectionParam = (value: unknown) => {
    const id = stringField({ id: value }, 'id', SECTION_ID_MAX)!;
    return id;
  };
  const student = (response: Response) => sessionOf(response)!;
  const flagOn = async (key: string, context: FlagContext) => (deps.flags ? deps.flags.getBooleanValue(key, false, context) : false);

  app.get('/api/terms/current', async (_request, response) => void response.json(await term()));

  app.get('/api/sections', async (request, response) => {
    const q = stringField(request.query, 'q', 100, { required: false }) ?? '';
    const termId = stringField(request.query, 'term', 16, { required: false }) ?? (await term()).id;
    const limit = Math.min(Math.max(Number(request.query.limit ?? 50) || 50, 1), 200);
    const sections = await call(
      { operation: 'SELECT', collection: 'sections', statement: queries.sql.search },
      () => queries.search(termId, q, limit),
    );
    response.json({ term: termId, sections });
  });

  app.get('/api/sections/:id', async (request, response) => {
    const id = sectionParam(request.params.id);
    const section = await call({ operation: 'SELECT', collection: 'sections', statement: queries.sql.section }, () =>
      queries.section(id),
    );
    if (!section) throw new HttpError(404, 'unknown_section', `no section ${id}`);
    response.json(section);
  });

  app.get('/api/schedule', requireRole('student'), async (_request, response) => {
    const current = await term();
    const schedule = await call(
      { operation: 'SELECT', collection: 'enrollments', statement: queries.sql.schedule },
      () => queries.schedule(student(response).sub, current.id),
    );
    const credits = schedule.enrolled.reduce((sum, s) => sum + s.credits, 0);
    response.json({ term: current, creditLimit: current.credit_limit, credits, ...schedule });
  });

  app.post('/api/enrollments', requireRole('student'), async (request, response) => {
    const started = performance.now();
    const sectionId = stringField(request.body, 'sectionId', SECTION_ID_MAX)!;
    const session = student(response);
    const source = sourceOf(request, trafficSource, session);
    const passingTimeCheck = await flagOn(FLAG_KEYS.enrollmentPassingTime, { targetingKey: session.sub, trafficSource: source });
    let decision;
    try {
      decision = await call(
        { operation: 'INSERT', collection: 'enrollments', statement: RULE_SQL.claimSeat },
        () => rules.enroll(session.sub, sectionId, nowSeconds(), { passingTimeCheck }),
      );
    } catch (error) {
      const termId = (await term().catch(() => undefined))?.id ?? 'unknown';
      attempts.inc({ term: termId, outcome: 'error', source });
      duration.observe({ term: termId, outcome: 'error', source }, (performance.now() - started) / 1000);
      throw error;
    }
    if (!decision) throw new HttpError(404, 'unknown_section', `no section ${sectionId}`);
    attempts.inc({ term: decision.termId, outcome: decision.outcome, source });
    duration.observe({ term: decision.termId, outcome: decision.outcome, source }, (performance.now() - started) / 1000);
    deps.logger.info({ outcome: decision.outcome, term: decision.termId, source }, 'enrollment attempt');
    response.status(STATUS[decision.outcome]).json(
      decision.outcome === 'enrolled' || decision.outcome === 'waitlisted'
        ? { outcome: decision.outcome, sectionId, message: decision.message, position: decision.position }
        : { error: decision.message, code: decision.outcome },
    );
  });

  app.delete('/api/enrollments/:sectionId', requireRole('student'), async (request, response) => {
    const sectionId = sectionParam(request.params.sectionId);
    const session = student(response);
    const source = sourceOf(request, trafficSource, session);
    const result = await call(
      { operation: 'DELETE', collection: 'enrollments', statement: RULE_SQL.deleteEnrollment },
      () => rules.drop(session.sub, sectionId, nowSeconds()),
    );
    if (!result) throw new HttpError(404, 'not_enrolled', `not enrolled in ${sectionId}`);
    drops.inc({ term: result.termId, source });
    if (result.promoted) promotions.inc({ term: result.termId, source: result.promoted.synthetic ? 'synthetic' : 'user' });
    response.json({ dropped: sectionId, promotedFromWaitlist: result.promoted !== undefined });
  });

  app.delete('/api/waitlists/:sectionId', requireRole('student'), async (request, response) => {
    const sectionId = sectionParam(request.params.sectionId);
    const termId = await call(
      { operation: 'DELETE', collection: 'waitlists', statement: RULE_SQL.deleteWaitlist },
      () => rules.leaveWaitlist(student(response).sub, sectionId),
    );
    if (!termId) throw new HttpError(404, 'not_waitlisted', `not on the waitlist of ${sectionId}`);
    response.json({ left: sectionId });
  });

  finishApi(app, deps.logger);
  return app;
}
