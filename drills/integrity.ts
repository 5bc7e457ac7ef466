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
  /** Acknowledged enrollments not in the database exactly once (`student section ×n`). */
  notExactlyOnce: string[];
  /** Acknowledged enrollments checked. */
  checked: number;
}

const SECTION_COUNTS = `
  SELECT s.id AS id, s.capacity AS capacity, s.enrolled_count AS counter, COUNT(e.student_id) AS rows
  FROM sections s LEFT JOIN enrollments e ON e.section_id = s.id
  GROUP BY s.id, s.capacity, s.enrolled_count`;

const WAITING_WITH_SEAT = `
  SELECT s.id AS id FROM sections s
  WHERE s.enrolled_count < s.capacity AND EXISTS (SELECT 1 FROM waitlists w WHERE w.section_id = s.id)`;

const COPIES = `
  SELECT COUNT(*) AS n FROM enrollments e JOIN students st ON st.id = e.student_id
  WHERE st.email = $1 AND e.section_id = $2`;

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
    const n = Number((await db.get<{ n: number }>(COPIES, [a.studentEmail, a.sectionId]))?.n ?? 0);
    if (n !== 1) notExactlyOnce.push(`${a.studentEmail} ${a.sectionId} ×${n}`);
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
