import { gradeSubmissions } from '@zeus/instrumentation/catalog';
import type { Express } from 'express';
import { requireRole, sessionOf } from '../auth/middleware.js';
import type { Queryable } from '../db/database.js';
import { CURRENT_TERM_SQL, currentTerm } from '../enrollment/terms.js';
import { basicHealth, createApiApp, databaseCheck, finishApi, HttpError, stringField } from '../shared/app.js';
import { createDbCall } from '../shared/db-call.js';
import type { ApiAppDeps, FlagContext } from '../shared/deps.js';
import { FLAG_KEYS } from '../../flags/index.js';
import { headerTrafficSource, sourceOf } from '../shared/source.js';

/** Grade values the registrar accepts (the CHECK of `grades.grade`). */
export const GRADE_VALUES = ['A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'F', 'P', 'NP', 'I', 'W'] as const;

/** What the grades API is built from. */
export type GradesAppDeps = ApiAppDeps;

interface SectionRow { id: string; term_id: string; course_id: string; title: string; instructor_id: string; grade_deadline_at: number }

/** The grades API's SQL, the same on both databases (aliases quoted: PostgreSQL folds case). */
export const GRADES_SQL = {
  section: `SELECT s.id, s.term_id, s.course_id, c.title, s.instructor_id, t.grade_deadline_at
       FROM sections s JOIN courses c ON c.id = s.course_id JOIN terms t ON t.id = s.term_id WHERE s.id = $1`,
  teaching: `SELECT s.id, s.course_id AS "courseId", c.title, s.days, s.start_minute AS "startMinute", s.end_minute AS "endMinute",
              s.enrolled_count AS enrolled, (SELECT COUNT(*) FROM grades g WHERE g.section_id = s.id) AS graded
       FROM sections s JOIN courses c ON c.id = s.course_id WHERE s.instructor_id = $1 AND s.term_id = $2 ORDER BY s.id`,
  roster: `SELECT st.id AS "studentId", st.name, g.grade FROM enrollments e JOIN students st ON st.id = e.student_id
       LEFT JOIN grades g ON g.student_id = e.student_id AND g.section_id = e.section_id
       WHERE e.section_id = $1 ORDER BY st.name, st.id`,
  enrolled: 'SELECT 1 AS found FROM enrollments WHERE student_id = $1 AND section_id = $2',
  upsert: `INSERT INTO grades (student_id, section_id, grade, submitted_by, submitted_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (student_id, section_id) DO UPDATE SET grade = excluded.grade, submitted_by = excluded.submitted_by, submitted_at = excluded.submitted_at`,
  mine: `SELECT s.term_id AS "termId", s.id AS "sectionId", s.course_id AS "courseId", c.title, c.credits, g.grade
       FROM grades g JOIN sections s ON s.id = g.section_id JOIN courses c ON c.id = s.course_id
       WHERE g.student_id = $1 ORDER BY s.term_id DESC, s.course_id`,
} as const;

const MAX_GRADES_PER_SUBMISSION = 500;

/**
 * Stores the valid entries of one submission in one transaction and lists the refused ones. A
 * transaction may run again after a conflict on PostgreSQL, so it decides from scratch each time.
 */
async function storeGrades(tx: Queryable, sectionId: string, by: string, entries: { studentId: string; grade: string }[], at: number) {
  const rejected: { studentId: string; reason: string }[] = [];
  let accepted = 0;
  for (const { studentId, grade } of entries) {
    if (!(GRADE_VALUES as readonly string[]).includes(grade))
      rejected.push({ studentId, reason: `'${grade}' is not a grade (expected one of ${GRADE_VALUES.join(' ')})` });
    else if (!(await tx.get(GRADES_SQL.enrolled, [studentId, sectionId]))) rejected.push({ studentId, reason: `student ${studentId} is not on the roster of ${sectionId}` });
    else {
      await tx.run(GRADES_SQL.upsert, [studentId, sectionId, grade, by, at]);
      accepted++;
    }
  }
  return { accepted, rejected };
}

type Outcome = 'accepted' | 'rejected' | 'error';

/** Runs the storing transaction and counts the submission by outcome (a failed transaction: every entry an error). */
async function storeCounted(
  store: () => Promise<{ accepted: number; rejected: { studentId: string; reason: string }[] }>,
  entries: number,
  count: (outcome: Outcome, n: number) => void,
): Promise<{ accepted: number; rejected: { studentId: string; reason: string }[] }> {
  let decided;
  try {
    decided = await store();
  } catch (error) {
    count('error', entries);
    throw error;
  }
  if (decided.accepted > 0) count('accepted', decided.accepted);
  if (decided.rejected.length > 0) count('rejected', decided.rejected.length);
  return decided;
}

/**
 * The grades REST API:
 * - `GET /api/teaching` (faculty): sections of the current term taught by the caller
 * - `GET /api/sections/:id/roster` (instructor of record or registrar): by name, or by student id
 *   under flag `grades-roster-order`
 * - `POST /api/sections/:id/grades {grades: [{studentId, grade}]}` (instructor of record, before
 *   the term's deadline): valid entries are stored, invalid ones listed in a 422
 * - `GET /api/grades` (student): the caller's grades in every term
 */
export function createGradesApp(deps: GradesAppDeps): Express {
  const now = deps.now ?? Date.now;
  const trafficSource = deps.trafficSource ?? headerTrafficSource;
  const call = createDbCall(deps.faults, deps.db.dialect, deps.dbSpan);
  const submissions = deps.metrics.counter(gradeSubmissions);
  // Flag grades-roster-order (per faculty member): `name` (the default) or `id`.
  const rosterOrder = async (context: FlagContext) => (deps.flags ? deps.flags.getStringValue(FLAG_KEYS.gradesRosterOrder, 'name', context) : 'name');
  const app = createApiApp({
    faults: deps.faults, codec: deps.sessions, health: deps.health ?? basicHealth,
    checks: { db: databaseCheck(deps.db) },
  });
  const section = async (raw: unknown): Promise<SectionRow> => {
    const id = stringField({ id: raw }, 'id', 64)!;
    const row = await call({ operation: 'SELECT', collection: 'sections', statement: GRADES_SQL.section }, () =>
      deps.db.get<SectionRow>(GRADES_SQL.section, [id]),
    );
    if (!row) throw new HttpError(404, 'unknown_section', `no section ${id}`);
    return row;
  };

  app.get('/api/teaching', requireRole('faculty', 'registrar'), async (_request, response) => {
    const term = await call({ operation: 'SELECT', collection: 'terms', statement: CURRENT_TERM_SQL }, () =>
      currentTerm(deps.db, Math.floor(now() / 1000)),
    );
    if (!term) throw new HttpError(503, 'no_term', 'no term is configured');
    const sections = await call({ operation: 'SELECT', collection: 'sections', statement: GRADES_SQL.teaching }, () =>
      deps.db.all(GRADES_SQL.teaching, [sessionOf(response)!.sub, term.id]),
    );
    response.json({ term: { id: term.id, gradeDeadline: term.grade_deadline_at }, sections });
  });

  app.get('/api/sections/:id/roster', requireRole('faculty', 'registrar'), async (request, response) => {
    const row = await section(request.params.id);
    const session = sessionOf(response)!;
    if (session.role !== 'registrar' && row.instructor_id !== session.sub)
      throw new HttpError(403, 'not_instructor', `only the instructor of record may see the roster of ${row.id}`);
    const order = await rosterOrder({ targetingKey: session.sub, trafficSource: sourceOf(request, trafficSource, session) });
    const students = await call({ operation: 'SELECT', collection: 'enrollments', statement: GRADES_SQL.roster }, () =>
      deps.db.all<{ studentId: string }>(GRADES_SQL.roster, [row.id]),
    );
    if (order === 'id') students.sort((a, b) => a.studentId.localeCompare(b.studentId));
    response.json({
      section: { id: row.id, termId: row.term_id, courseId: row.course_id, title: row.title },
      gradeDeadline: row.grade_deadline_at, open: now() / 1000 < row.grade_deadline_at, gradeValues: GRADE_VALUES, students,
    });
  });

  app.post('/api/sections/:id/grades', requireRole('faculty'), async (request, response) => {
    const row = await section(request.params.id);
    const session = sessionOf(response)!;
    const source = sourceOf(request, trafficSource, session);
    const body = request.body as { grades?: unknown } | undefined;
    if (!Array.isArray(body?.grades) || body.grades.length === 0)
      throw new HttpError(400, 'missing_field', "'grades' must be a non-empty array of {studentId, grade}");
    if (body.grades.length > MAX_GRADES_PER_SUBMISSION) throw new HttpError(400, 'too_many', `at most ${MAX_GRADES_PER_SUBMISSION} grades per submission`);
    const entries = body.grades.map((entry) => ({ studentId: stringField(entry, 'studentId', 16)!, grade: stringField(entry, 'grade', 4)! }));
    const count = (outcome: Outcome, n: number) => submissions.inc({ term: row.term_id, outcome, source }, n);
    const refuse = (status: number, code: string, message: string) => {
      count('rejected', entries.length);
      throw new HttpError(status, code, message);
    };
    if (row.instructor_id !== session.sub) refuse(403, 'not_instructor', `only the instructor of record may grade ${row.id}`);
    if (now() / 1000 >= row.grade_deadline_at) refuse(409, 'deadline_passed', `the grade deadline of term ${row.term_id} has passed`);
    const store = () => call({ operation: 'INSERT', collection: 'grades', statement: GRADES_SQL.upsert }, () =>
      deps.db.transaction((tx) => storeGrades(tx, row.id, session.sub, entries, Math.floor(now() / 1000)), { name: 'submit-grades' }),
    );
    const { accepted, rejected } = await storeCounted(store, entries.length, count);
    deps.logger.info({ term: row.term_id, accepted, rejected: rejected.length, source }, 'grade submission');
    if (rejected.length > 0)
      response.status(422).json({ error: `${rejected.length} grade(s) refused`, code: 'invalid_grades', accepted, rejected });
    else response.json({ accepted, rejected });
  });

  app.get('/api/grades', requireRole('student'), async (_request, response) => {
    const grades = await call({ operation: 'SELECT', collection: 'grades', statement: GRADES_SQL.mine }, () =>
      deps.db.all(GRADES_SQL.mine, [sessionOf(response)!.sub]),
    );
    response.json({ grades });
  });

  finishApi(app, deps.logger);
  return app;
}
