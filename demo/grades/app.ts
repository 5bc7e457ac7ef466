import { gradeSubmissions } from '@zeus/instrumentation/catalog';
import type { Express } from 'express';
import { requireRole, sessionOf } from '../auth/middleware.js';
import { currentTerm } from '../enrollment/terms.js';
import { basicHealth, createApiApp, finishApi, HttpError, stringField } from '../shared/app.js';
import { createDbCall } from '../shared/db-call.js';
import type { ApiAppDeps } from '../shared/deps.js';
import { headerTrafficSource, sourceOf } from '../shared/source.js';

/** Grade values the registrar accepts (the CHECK of `grades.grade`). */
export const GRADE_VALUES = ['A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'F', 'P', 'NP', 'I', 'W'] as const;

/** What the grades API is built from. */
export type GradesAppDeps = ApiAppDeps;

interface SectionRow { id: string; term_id: string; course_id: string; title: string; instructor_id: string; grade_deadline_at: number }

const MAX_GRADES_PER_SUBMISSION = 500;

/**
 * The grades REST API:
 * - `GET /api/teaching` (faculty): sections of the current term taught by the caller
 * - `GET /api/sections/:id/roster` (instructor of record or registrar)
 * - `POST /api/sections/:id/grades {grades: [{studentId, grade}]}` (instructor of record, before
 *   the term's deadline): valid entries are stored, invalid ones listed in a 422
 * - `GET /api/grades` (student): the caller's grades in every term
 */
export function createGradesApp(deps: GradesAppDeps): Express {
  const now = deps.now ?? Date.now;
  const trafficSource = deps.trafficSource ?? headerTrafficSource;
  const call = createDbCall(deps.faults, deps.dbSpan);
  const submissions = deps.metrics.counter(gradeSubmissions);
  const ping = deps.db.prepare('SELECT 1');
  const q = {
    section: deps.db.prepare(
      `SELECT s.id, s.term_id, s.course_id, c.title, s.instructor_id, t.grade_deadline_at
       FROM sections s JOIN courses c ON c.id = s.course_id JOIN terms t ON t.id = s.term_id WHERE s.id = ?`,
    ),
    teaching: deps.db.prepare(
      `SELECT s.id, s.course_id AS courseId, c.title, s.days, s.start_minute AS startMinute, s.end_minute AS endMinute,
              s.enrolled_count AS enrolled, (SELECT COUNT(*) FROM grades g WHERE g.section_id = s.id) AS graded
       FROM sections s JOIN courses c ON c.id = s.course_id WHERE s.instructor_id = ? AND s.term_id = ? ORDER BY s.id`,
    ),
    roster: deps.db.prepare(
      `SELECT st.id AS studentId, st.name, g.grade FROM enrollments e JOIN students st ON st.id = e.student_id
       LEFT JOIN grades g ON g.student_id = e.student_id AND g.section_id = e.section_id
       WHERE e.section_id = ? ORDER BY st.name, st.id`,
    ),
    enrolled: deps.db.prepare('SELECT 1 FROM enrollments WHERE student_id = ? AND section_id = ?'),
    upsert: deps.db.prepare(
      `INSERT INTO grades (student_id, section_id, grade, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (student_id, section_id) DO UPDATE SET grade = excluded.grade, submitted_by = excluded.submitted_by, submitted_at = excluded.submitted_at`,
    ),
    mine: deps.db.prepare(
      `SELECT s.term_id AS termId, s.id AS sectionId, s.course_id AS courseId, c.title, c.credits, g.grade
       FROM grades g JOIN sections s ON s.id = g.section_id JOIN courses c ON c.id = s.course_id
       WHERE g.student_id = ? ORDER BY s.term_id DESC, s.course_id`,
    ),
  };
  const app = createApiApp({
    faults: deps.faults, codec: deps.sessions, health: deps.health ?? basicHealth,
    checks: { db: () => ping.get() !== undefined },
  });
  const section = async (raw: unknown): Promise<SectionRow> => {
    const id = stringField({ id: raw }, 'id', 64)!;
    const row = await call({ operation: 'SELECT', collection: 'sections', statement: q.section.source }, () =>
      q.section.get(id) as SectionRow | undefined,
    );
    if (!row) throw new HttpError(404, 'unknown_section', `no section ${id}`);
    return row;
  };

  app.get('/api/teaching', requireRole('faculty', 'registrar'), async (_request, response) => {
    const term = await call({ operation: 'SELECT', collection: 'terms', statement: 'SELECT * FROM terms ORDER BY ...' }, () =>
      currentTerm(deps.db, Math.floor(now() / 1000)),
    );
    if (!term) throw new HttpError(503, 'no_term', 'no term is configured');
    const sections = await call({ operation: 'SELECT', collection: 'sections', statement: q.teaching.source }, () =>
      q.teaching.all(sessionOf(response)!.sub, term.id),
    );
    response.json({ term: { id: term.id, gradeDeadline: term.grade_deadline_at }, sections });
  });

  app.get('/api/sections/:id/roster', requireRole('faculty', 'registrar'), async (request, response) => {
    const row = await section(request.params.id);
    const session = sessionOf(response)!;
    if (session.role !== 'registrar' && row.instructor_id !== session.sub)
      throw new HttpError(403, 'not_instructor', `only the instructor of record may see the roster of ${row.id}`);
    const students = await call({ operation: 'SELECT', collection: 'enrollments', statement: q.roster.source }, () =>
      q.roster.all(row.id),
    );
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
    const refuse = (status: number, code: string, message: string) => {
      submissions.inc({ term: row.term_id, outcome: 'rejected', source }, entries.length);
      throw new HttpError(status, code, message);
    };
    if (row.instructor_id !== session.sub) refuse(403, 'not_instructor', `only the instructor of record may grade ${row.id}`);
    if (now() / 1000 >= row.grade_deadline_at) refuse(409, 'deadline_passed', `the grade deadline of term ${row.term_id} has passed`);
    const rejected: { studentId: string; reason: string }[] = [];
    let accepted = 0;
    try {
      await call({ operation: 'INSERT', collection: 'grades', statement: q.upsert.source }, () =>
        deps.db.transaction(() => {
          const at = Math.floor(now() / 1000);
          for (const { studentId, grade } of entries) {
            if (!(GRADE_VALUES as readonly string[]).includes(grade))
              rejected.push({ studentId, reason: `'${grade}' is not a grade (expected one of ${GRADE_VALUES.join(' ')})` });
            else if (!q.enrolled.get(studentId, row.id)) rejected.push({ studentId, reason: `student ${studentId} is not on the roster of ${row.id}` });
            else {
              q.upsert.run(studentId, row.id, grade, session.sub, at);
              accepted++;
            }
          }
        }).immediate(),
      );
    } catch (error) {
      submissions.inc({ term: row.term_id, outcome: 'error', source }, entries.length);
      throw error;
    }
    if (accepted > 0) submissions.inc({ term: row.term_id, outcome: 'accepted', source }, accepted);
    if (rejected.length > 0) submissions.inc({ term: row.term_id, outcome: 'rejected', source }, rejected.length);
    deps.logger.info({ term: row.term_id, accepted, rejected: rejected.length, source }, 'grade submission');
    if (rejected.length > 0)
      response.status(422).json({ error: `${rejected.length} grade(s) refused`, code: 'invalid_grades', accepted, rejected });
    else response.json({ accepted, rejected });
  });

  app.get('/api/grades', requireRole('student'), async (_request, response) => {
    const grades = await call({ operation: 'SELECT', collection: 'grades', statement: q.mine.source }, () =>
      q.mine.all(sessionOf(response)!.sub),
    );
    response.json({ grades });
  });

  finishApi(app, deps.logger);
  return app;
}
