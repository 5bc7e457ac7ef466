import type { Queryable } from '../demo/index.js';

/** An enrollment a student was told succeeded: the generated account's e-mail and the section. */
export interface AcknowledgedEnrollment {
  readonly studentEmail: string;
  readonly sectionId: string;
}

/** What is wrong with the enrollments after a rollout (every list empty: intact). */
export interface IntegrityReport {
  /** Sections with more enrollments than seats. */
  oversold: string[];
  /** Sections whose seat counter disagrees with their enrollment rows. */
  miscounted: string[];
  /** Sections with an open seat and students still waiting for one. */
  waitlistBehindOpenSeat: string[];
  /**
   * Acknowledged enrollments not held exactly once: missing, or the student also enrolled in or
   * waiting for that course another time this term (`student section ×n (what they hold)`).
   */
  notExactlyOnce: string[];
  /** Acknowledged enrollments checked. */
  checked: number;
}

const SECTION_COUNTS = `
  SELECT s.id AS id, s.capacity AS capacity, s.enrolled_count AS counter, COUNT(e.student_id) AS rows
  FROM sections s LEFT JOIN enrollments e ON e.section_id = s.id
  GROUP BY s.id, s.capacity, s.enrolled_count`;

// An open seat by the enrollment rows, not the counter: a wrong counter must not hide it.
const WAITING_WITH_SEAT = `
  SELECT s.id AS id FROM sections s
  WHERE (SELECT COUNT(*) FROM enrollments e WHERE e.section_id = s.id) < s.capacity
    AND EXISTS (SELECT 1 FROM waitlists w WHERE w.section_id = s.id)`;

// Every hold the student has on the acknowledged section's course this term. The primary keys
// forbid the same enrollment row twice, so a duplicate is a second hold: on the waitlist of the
// same section, or in another section of the course (the rules refuse both).
const COURSE_HOLDS = `
  SELECT h.section_id AS section_id, h.how AS how FROM (
    SELECT e.section_id AS section_id, e.student_id AS student_id, 'enrolled' AS how FROM enrollments e
    UNION ALL
    SELECT w.section_id, w.student_id, 'waitlisted' FROM waitlists w
  ) h
  JOIN students st ON st.id = h.student_id
  JOIN sections s ON s.id = h.section_id
  JOIN sections a ON a.id = $2
  WHERE st.email = $1 AND s.course_id = a.course_id AND s.term_id = a.term_id
  ORDER BY h.how, h.section_id`;

/** `student section ×n`, with what the student holds when that is not just the acknowledged seat. */
async function notHeldOnce(db: Queryable, a: AcknowledgedEnrollment): Promise<string | undefined> {
  const holds = await db.all<{ section_id: string; how: 'enrolled' | 'waitlisted' }>(COURSE_HOLDS, [a.studentEmail, a.sectionId]);
  const once = holds.length === 1 && holds[0]!.how === 'enrolled' && holds[0]!.section_id === a.sectionId;
  if (once) return undefined;
  const held = holds.map((h) => `${h.how === 'enrolled' ? 'enrolled in' : 'waitlisted for'} ${h.section_id}`);
  return `${a.studentEmail} ${a.sectionId} ×${holds.length}${held.length > 0 ? ` (${held.join(', ')})` : ''}`;
}

/**
 * Checks the enrollment data after a rollout (rolled back or promoted) under load: no section
 * oversold or miscounted, no waitlist left behind an open seat, and every enrollment a student was
 * told succeeded, whichever version served it (so every one the candidate committed), present
 * exactly once.
 */
export async function checkEnrollmentIntegrity(db: Queryable, acknowledged: readonly AcknowledgedEnrollment[]): Promise<IntegrityReport> {
  const sections = await db.all<{ id: string; capacity: number; counter: number; rows: number }>(SECTION_COUNTS);
  const waiting = await db.all<{ id: string }>(WAITING_WITH_SEAT);
  const notExactlyOnce: string[] = [];
  for (const a of acknowledged) {
    const problem = await notHeldOnce(db, a);
    if (problem) notExactlyOnce.push(problem);
  }
  return {
    oversold: sections.filter((s) => Number(s.rows) > Number(s.capacity)).map((s) => `${s.id} ${s.rows}/${s.capacity}`),
    miscounted: sections.filter((s) => Number(s.rows) !== Number(s.counter)).map((s) => `${s.id} counter ${s.counter}, rows ${s.rows}`),
    waitlistBehindOpenSeat: waiting.map((s) => s.id),
    notExactlyOnce,
    checked: acknowledged.length,
  };
}

/** The problems of a report, one line each. */
export function integrityProblems(report: IntegrityReport): string[] {
  return [
    ...report.oversold.map((s) => `oversold: ${s}`),
    ...report.miscounted.map((s) => `seat counter wrong: ${s}`),
    ...report.waitlistBehindOpenSeat.map((s) => `waitlist behind an open seat: ${s}`),
    ...report.notExactlyOnce.map((s) => `acknowledged enrollment not exactly once: ${s}`),
  ];
}
