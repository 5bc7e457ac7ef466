import type { ENROLLMENT_OUTCOMES } from '@zeus/instrumentation/catalog';
import type { Database } from '../db/open.js';

/** Outcome of an enrollment attempt, as in the `outcome` label of zeus_enrollment_attempts_total. */
export type EnrollmentOutcome = (typeof ENROLLMENT_OUTCOMES)[number];

/** What an enrollment attempt decided. */
export interface EnrollmentDecision {
  outcome: EnrollmentOutcome;
  termId: string;
  /** Human-readable reason, shown as is in the portal. */
  message: string;
  /** Waitlist position when `waitlisted`. */
  position?: number;
}

/** What a drop did. */
export interface DropResult {
  termId: string;
  /** Student promoted from the waitlist into the freed seat, if any. */
  promoted?: { studentId: string; synthetic: boolean };
}

const NOT_PASSING = "('F', 'NP', 'I', 'W')";

interface SectionInfo {
  id: string; term_id: string; course_id: string; capacity: number; waitlist_capacity: number; enrolled_count: number;
  days: string; start_minute: number; end_minute: number; credits: number;
  enrollment_opens_at: number; enrollment_closes_at: number; ends_at: number; credit_limit: number;
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/**
 * The enrollment rules over one database. Each decision is one `BEGIN IMMEDIATE` transaction:
 * the write lock is taken before anything is read, and the seat is claimed with a conditional
 * `UPDATE ... WHERE enrolled_count < capacity`, so no seat is oversold even when several
 * processes share the file.
 */
export function createEnrollmentRules(db: Database) {
  const q = {
    section: db.prepare(
      `SELECT s.id, s.term_id, s.course_id, s.capacity, s.waitlist_capacity, s.enrolled_count, s.days, s.start_minute, s.end_minute,
              c.credits, t.enrollment_opens_at, t.enrollment_closes_at, t.ends_at, t.credit_limit
       FROM sections s JOIN courses c ON c.id = s.course_id JOIN terms t ON t.id = s.term_id WHERE s.id = ?`,
    ),
    enrolled: db.prepare('SELECT 1 FROM enrollments WHERE student_id = ? AND section_id = ?'),
    waitlisted: db.prepare('SELECT position FROM waitlists WHERE student_id = ? AND section_id = ?'),
    sameCourse: db.prepare(
      `SELECT s.id FROM enrollments e JOIN sections s ON s.id = e.section_id
       WHERE e.student_id = ? AND s.term_id = ? AND s.course_id = ?`,
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
    firstWaiting: db.prepare(
      `SELECT w.student_id, st.is_synthetic FROM waitlists w JOIN students st ON st.id = w.student_id
       WHERE w.section_id = ? ORDER BY w.position LIMIT 1`,
    ),
  };

  const decide = (studentId: string, section: SectionInfo, now: number): EnrollmentDecision => {
    const termId = section.term_id;
    const reject = (outcome: EnrollmentOutcome, message: string): EnrollmentDecision => ({ outcome, termId, message });
    if (now < section.enrollment_opens_at || now >= section.enrollment_closes_at)
      return reject('rejected_window_closed', `enrollment for term ${termId} is closed`);
    if (q.enrolled.get(studentId, section.id)) return reject('rejected_duplicate', `already enrolled in ${section.id}`);
    const waiting = q.waitlisted.get(studentId, section.id) as { position: number } | undefined;
    if (waiting) return reject('rejected_duplicate', `already on the waitlist of ${section.id}`);
    const other = q.sameCourse.get(studentId, termId, section.course_id) as { id: string } | undefined;
    if (other) return reject('rejected_duplicate', `already enrolled in ${section.course_id} (section ${other.id})`);
    const missing = (q.missingPrereqs.all({ course: section.course_id, student: studentId }) as { requires_id: string }[]).map((r) => r.requires_id);
    if (missing.length > 0) return reject('rejected_prerequisite', `${section.course_id} requires ${missing.join(', ')} completed with a passing grade`);
    const schedule = q.schedule.all(studentId, termId) as { id: string; days: string; start_minute: number; end_minute: number; credits: number }[];
    const clash = schedule.find(
      (s) => [...s.days].some((d) => section.days.includes(d)) && s.start_minute < section.end_minute && section.start_minute < s.end_minute,
    );
    if (clash)
      return reject('rejected_conflict', `time conflict with ${clash.id} (${clash.days} ${clock(clash.start_minute)}-${clock(clash.end_minute)})`);
    const credits = schedule.reduce((sum, s) => sum + s.credits, 0);
    if (credits + section.credits > section.credit_limit)
      return reject('rejected_credit_limit', `${credits} + ${section.credits} credits would exceed the limit of ${section.credit_limit}`);
    if (q.claimSeat.run(section.id).changes === 1) {
      q.insertEnrollment.run(studentId, section.id, now);
      return { outcome: 'enrolled', termId, message: `enrolled in ${section.id}` };
    }
    const { n, last } = q.waitlistSize.get(section.id) as { n: number; last: number };
    if (n >= section.waitlist_capacity) return reject('rejected_full', `${section.id} and its waitlist are full`);
    q.insertWaitlist.run(studentId, section.id, last + 1, now);
    return { outcome: 'waitlisted', termId, message: `${section.id} is full: on the waitlist at position ${n + 1}`, position: n + 1 };
  };

  const enrollTx = db.transaction((studentId: string, sectionId: string, now: number): EnrollmentDecision | undefined => {
    const section = q.section.get(sectionId) as SectionInfo | undefined;
    return section && decide(studentId, section, now);
  });

  const dropTx = db.transaction((studentId: string, sectionId: string, now: number): DropResult | undefined => {
    const section = q.section.get(sectionId) as SectionInfo | undefined;
    if (!section || now >= section.ends_at) return undefined;
    if (q.deleteEnrollment.run(studentId, sectionId).changes === 0) return undefined;
    q.releaseSeat.run(sectionId);
    const next = q.firstWaiting.get(sectionId) as { student_id: string; is_synthetic: number } | undefined;
    if (!next) return { termId: section.term_id };
    q.deleteWaitlist.run(next.student_id, sectionId);
    q.claimSeat.run(sectionId);
    q.insertEnrollment.run(next.student_id, sectionId, now);
    return { termId: section.term_id, promoted: { studentId: next.student_id, synthetic: next.is_synthetic === 1 } };
  });

  const leaveTx = db.transaction((studentId: string, sectionId: string): string | undefined => {
    const section = q.section.get(sectionId) as SectionInfo | undefined;
    if (!section || q.deleteWaitlist.run(studentId, sectionId).changes === 0) return undefined;
    return section.term_id;
  });

  return {
    /** Decides and records an attempt; undefined when the section does not exist. `now` in unix seconds. */
    enroll: (studentId: string, sectionId: string, now: number) => enrollTx.immediate(studentId, sectionId, now),
    /** Drops an enrollment and promotes the first waitlisted student; undefined when not enrolled. */
    drop: (studentId: string, sectionId: string, now: number) => dropTx.immediate(studentId, sectionId, now),
    /** Leaves a waitlist; resolves to the term id, undefined when not on it. */
    leaveWaitlist: (studentId: string, sectionId: string) => leaveTx.immediate(studentId, sectionId),
  };
}

/** The rules of one database (see {@link createEnrollmentRules}). */
export type EnrollmentRules = ReturnType<typeof createEnrollmentRules>;
