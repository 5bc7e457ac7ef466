import type { Database } from '../db/open.js';

const NOT_PASSING = "('F', 'NP', 'I', 'W')";

/** A section with its course credits and term dates, as the rules read it. */
export interface SectionInfo {
  id: string; term_id: string; course_id: string; capacity: number; waitlist_capacity: number; enrolled_count: number;
  days: string; start_minute: number; end_minute: number; credits: number;
  enrollment_opens_at: number; enrollment_closes_at: number; ends_at: number; credit_limit: number;
}

/** The prepared statements of the enrollment rules. */
export function prepareRuleQueries(db: Database) {
  return {
    section: db.prepare(
      `SELECT s.id, s.term_id, s.course_id, s.capacity, s.waitlist_capacity, s.enrolled_count, s.days, s.start_minute, s.end_minute,
              c.credits, t.enrollment_opens_at, t.enrollment_closes_at, t.ends_at, t.credit_limit
       FROM sections s JOIN courses c ON c.id = s.course_id JOIN terms t ON t.id = s.term_id WHERE s.id = ?`,
    ),
    enrolled: db.prepare('SELECT 1 FROM enrollments WHERE student_id = ? AND section_id = ?'),
    waitlisted: db.prepare('SELECT position FROM waitlists WHERE student_id = ? AND section_id = ?'),
    // Another section of the same course this term, enrolled or waitlisted (enrolled first).
    sameCourse: db.prepare(
      `SELECT s.id, 'enrolled' AS how FROM enrollments e JOIN sections s ON s.id = e.section_id
       WHERE e.student_id = @student AND s.term_id = @term AND s.course_id = @course AND s.id != @section
       UNION ALL
       SELECT s.id, 'waitlisted' AS how FROM waitlists w JOIN sections s ON s.id = w.section_id
       WHERE w.student_id = @student AND s.term_id = @term AND s.course_id = @course AND s.id != @section
       ORDER BY how, id`,
    ),
    leaveCourseWaitlists: db.prepare(
      `DELETE FROM waitlists WHERE student_id = @student AND section_id IN (
         SELECT id FROM sections WHERE term_id = @term AND course_id = @course AND id != @section)`,
    ),
    missingPrereqs: db.prepare(
      `SELECT p.requires_id FROM prerequisites p WHERE p.course_id = @course AND NOT EXISTS (
         SELECT 1 FROM grades g JOIN sections s ON s.id = g.section_id
         WHERE g.student_id = @student AND s.course_id = p.requires_id AND g.grade NOT IN ${NOT_PASSING})
       ORDER BY p.requires_id`,
    ),
    schedule: db.prepare(
      `SELECT s.id, s.days, s.start_minute, s.end_minute, c.credits FROM enrollments e
       JOIN sections s ON s.id = e.section_id JOIN courses c ON c.id = s.course_id
       WHERE e.student_id = ? AND s.term_id = ?`,
    ),
    claimSeat: db.prepare('UPDATE sections SET enrolled_count = enrolled_count + 1 WHERE id = ? AND enrolled_count < capacity'),
    releaseSeat: db.prepare('UPDATE sections SET enrolled_count = enrolled_count - 1 WHERE id = ? AND enrolled_count > 0'),
    insertEnrollment: db.prepare('INSERT INTO enrollments (student_id, section_id, enrolled_at) VALUES (?, ?, ?)'),
    deleteEnrollment: db.prepare('DELETE FROM enrollments WHERE student_id = ? AND section_id = ?'),
    waitlistSize: db.prepare('SELECT COUNT(*) AS n, COALESCE(MAX(position), 0) AS last FROM waitlists WHERE section_id = ?'),
    insertWaitlist: db.prepare('INSERT INTO waitlists (student_id, section_id, position, added_at) VALUES (?, ?, ?, ?)'),
    deleteWaitlist: db.prepare('DELETE FROM waitlists WHERE student_id = ? AND section_id = ?'),
    waiting: db.prepare(
      `SELECT w.student_id, st.is_synthetic FROM waitlists w JOIN students st ON st.id = w.student_id
       WHERE w.section_id = ? ORDER BY w.position`,
    ),
  };
}

/** See {@link prepareRuleQueries}. */
export type RuleQueries = ReturnType<typeof prepareRuleQueries>;
