import type { Queryable, Sql } from '../db/database.js';

const NOT_PASSING = "('F', 'NP', 'I', 'W')";

/** A section with its course credits and term dates, as the rules read it. */
export interface SectionInfo {
  id: string; term_id: string; course_id: string; capacity: number; waitlist_capacity: number; enrolled_count: number;
  days: string; start_minute: number; end_minute: number; credits: number;
  enrollment_opens_at: number; enrollment_closes_at: number; ends_at: number; credit_limit: number;
}

/** A section of the student's schedule this term. */
export interface ScheduledSection { id: string; days: string; start_minute: number; end_minute: number; credits: number }

const SECTION = `SELECT s.id, s.term_id, s.course_id, s.capacity, s.waitlist_capacity, s.enrolled_count, s.days, s.start_minute, s.end_minute,
         c.credits, t.enrollment_opens_at, t.enrollment_closes_at, t.ends_at, t.credit_limit
  FROM sections s JOIN courses c ON c.id = s.course_id JOIN terms t ON t.id = s.term_id WHERE s.id = $1`;

/**
 * The SQL of the enrollment rules, one text for both databases except where they differ.
 * Locking: SQLite's `BEGIN IMMEDIATE` already holds the database's one write lock. PostgreSQL
 * locks rows, always in the same order (the acting student, then the section, then a promoted
 * student), so the rules see no concurrent change to the rows they decide on.
 */
export const RULE_SQL = {
  /** The section (locked for the transaction on PostgreSQL). */
  section: { sqlite: SECTION, postgres: `${SECTION} FOR UPDATE OF s` },
  /** Locks a student's row (PostgreSQL): their schedule cannot change under a decision. */
  lockStudent: { sqlite: 'SELECT 1 AS locked WHERE $1 IS NOT NULL', postgres: 'SELECT 1 AS locked FROM students WHERE id = $1 FOR UPDATE' },
  enrolled: 'SELECT 1 AS found FROM enrollments WHERE student_id = $1 AND section_id = $2',
  waitlisted: 'SELECT position FROM waitlists WHERE student_id = $1 AND section_id = $2',
  // Another section of the same course this term, enrolled or waitlisted (enrolled first).
  sameCourse: `SELECT s.id, 'enrolled' AS how FROM enrollments e JOIN sections s ON s.id = e.section_id
       WHERE e.student_id = $1 AND s.term_id = $2 AND s.course_id = $3 AND s.id != $4
       UNION ALL
       SELECT s.id, 'waitlisted' AS how FROM waitlists w JOIN sections s ON s.id = w.section_id
       WHERE w.student_id = $1 AND s.term_id = $2 AND s.course_id = $3 AND s.id != $4
       ORDER BY how, id`,
  leaveCourseWaitlists: `DELETE FROM waitlists WHERE student_id = $1 AND section_id IN (
         SELECT id FROM sections WHERE term_id = $2 AND course_id = $3 AND id != $4)`,
  missingPrereqs: `SELECT p.requires_id FROM prerequisites p WHERE p.course_id = $1 AND NOT EXISTS (
         SELECT 1 FROM grades g JOIN sections s ON s.id = g.section_id
         WHERE g.student_id = $2 AND s.course_id = p.requires_id AND g.grade NOT IN ${NOT_PASSING})
       ORDER BY p.requires_id`,
  schedule: `SELECT s.id, s.days, s.start_minute, s.end_minute, c.credits FROM enrollments e
       JOIN sections s ON s.id = e.section_id JOIN courses c ON c.id = s.course_id
       WHERE e.student_id = $1 AND s.term_id = $2 ORDER BY s.id`,
  claimSeat: 'UPDATE sections SET enrolled_count = enrolled_count + 1 WHERE id = $1 AND enrolled_count < capacity',
  releaseSeat: 'UPDATE sections SET enrolled_count = enrolled_count - 1 WHERE id = $1 AND enrolled_count > 0',
  insertEnrollment: 'INSERT INTO enrollments (student_id, section_id, enrolled_at) VALUES ($1, $2, $3)',
  deleteEnrollment: 'DELETE FROM enrollments WHERE student_id = $1 AND section_id = $2',
  waitlistSize: 'SELECT COUNT(*) AS n, COALESCE(MAX(position), 0) AS last FROM waitlists WHERE section_id = $1',
  insertWaitlist: 'INSERT INTO waitlists (student_id, section_id, position, added_at) VALUES ($1, $2, $3, $4)',
  deleteWaitlist: 'DELETE FROM waitlists WHERE student_id = $1 AND section_id = $2',
  waiting: `SELECT w.student_id, st.is_synthetic FROM waitlists w JOIN students st ON st.id = w.student_id
       WHERE w.section_id = $1 ORDER BY w.position`,
} as const satisfies Record<string, Sql>;

/** Keys of a student's other sections of the same course. */
export interface CourseKeys { student: string; term: string; course: string; section: string }

/** The rules' queries inside one transaction. */
export function ruleQueries(tx: Queryable) {
  const keys = (k: CourseKeys) => [k.student, k.term, k.course, k.section];
  return {
    section: (id: string) => tx.get<SectionInfo>(RULE_SQL.section, [id]),
    lockStudent: async (id: string) => void (await tx.get(RULE_SQL.lockStudent, [id])),
    enrolled: async (student: string, section: string) => (await tx.get(RULE_SQL.enrolled, [student, section])) !== undefined,
    waitlisted: async (student: string, section: string) => (await tx.get(RULE_SQL.waitlisted, [student, section])) !== undefined,
    sameCourse: (k: CourseKeys) => tx.all<{ id: string; how: 'enrolled' | 'waitlisted' }>(RULE_SQL.sameCourse, keys(k)),
    leaveCourseWaitlists: (k: CourseKeys) => tx.run(RULE_SQL.leaveCourseWaitlists, keys(k)),
    missingPrereqs: async (course: string, student: string) =>
      (await tx.all<{ requires_id: string }>(RULE_SQL.missingPrereqs, [course, student])).map((r) => r.requires_id),
    schedule: (student: string, term: string) => tx.all<ScheduledSection>(RULE_SQL.schedule, [student, term]),
    claimSeat: async (section: string) => (await tx.run(RULE_SQL.claimSeat, [section])).changes === 1,
    releaseSeat: (section: string) => tx.run(RULE_SQL.releaseSeat, [section]),
    insertEnrollment: (student: string, section: string, now: number) => tx.run(RULE_SQL.insertEnrollment, [student, section, now]),
    deleteEnrollment: async (student: string, section: string) => (await tx.run(RULE_SQL.deleteEnrollment, [student, section])).changes === 1,
    waitlistSize: async (section: string) => (await tx.get<{ n: number; last: number }>(RULE_SQL.waitlistSize, [section]))!,
    insertWaitlist: (student: string, section: string, position: number, now: number) => tx.run(RULE_SQL.insertWaitlist, [student, section, position, now]),
    deleteWaitlist: async (student: string, section: string) => (await tx.run(RULE_SQL.deleteWaitlist, [student, section])).changes === 1,
    waiting: (section: string) => tx.all<{ student_id: string; is_synthetic: number }>(RULE_SQL.waiting, [section]),
  };
}

/** See {@link ruleQueries}. */
export type RuleQueries = ReturnType<typeof ruleQueries>;
