import type { ENROLLMENT_OUTCOMES } from '@zeus/instrumentation/catalog';
import type { Database } from '../db/database.js';
import { ruleQueries, type RuleQueries, type ScheduledSection, type SectionInfo } from './rule-queries.js';

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

type Rejection = Pick<EnrollmentDecision, 'outcome' | 'message'>;

/** Minutes a student needs between two classes on the same day when the passing-time check is on. */
export const PASSING_MINUTES = 10;

/** Options of one enrollment attempt (set from feature flags by the API). */
export interface EnrollOptions {
  /**
   * Flag `enrollment-passing-time-check`: also refuse a section that starts less than
   * {@link PASSING_MINUTES} after another class of the student ends on the same day, or ends
   * less than that before one starts. Off by default.
   */
  readonly passingTimeCheck?: boolean;
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

const courseKeys = (studentId: string, section: SectionInfo) =>
  ({ student: studentId, term: section.term_id, course: section.course_id, section: section.id });

/**
 * One course per term: refused when the student is enrolled in another section of the course
 * or, with `countWaitlists`, waiting for one.
 */
async function sameCourseRule(q: RuleQueries, studentId: string, section: SectionInfo, countWaitlists: boolean): Promise<Rejection | undefined> {
  const rows = await q.sameCourse(courseKeys(studentId, section));
  const other = rows.find((r) => countWaitlists || r.how === 'enrolled');
  if (!other) return undefined;
  const how = other.how === 'enrolled' ? 'enrolled in' : 'on the waitlist of';
  return { outcome: 'rejected_duplicate', message: `already ${how} ${section.course_id} (section ${other.id})` };
}

const sharesDay = (a: ScheduledSection, b: SectionInfo) => [...a.days].some((d) => b.days.includes(d));
const when = (s: ScheduledSection) => `${s.days} ${clock(s.start_minute)}-${clock(s.end_minute)}`;

/** Minutes between two classes that do not overlap (negative when they do). */
const gapMinutes = (s: ScheduledSection, section: SectionInfo) => Math.max(section.start_minute - s.end_minute, s.start_minute - section.end_minute);

/** A time clash with the schedule or, with the passing-time check, too little time between classes. */
function conflictRule(schedule: ScheduledSection[], section: SectionInfo, options: EnrollOptions): Rejection | undefined {
  const clash = schedule.find((s) => sharesDay(s, section) && gapMinutes(s, section) < 0);
  if (clash) return { outcome: 'rejected_conflict', message: `time conflict with ${clash.id} (${when(clash)})` };
  if (!options.passingTimeCheck) return undefined;
  const tight = schedule.find((s) => sharesDay(s, section) && gapMinutes(s, section) < PASSING_MINUTES);
  if (tight)
    return { outcome: 'rejected_conflict', message: `only ${gapMinutes(tight, section)} minutes between ${section.id} and ${tight.id} (${when(tight)}); at least ${PASSING_MINUTES} are needed to get between classes` };
  return undefined;
}

/** A time clash with the student's schedule this term, or the term's credit limit. */
async function scheduleRules(q: RuleQueries, studentId: string, section: SectionInfo, options: EnrollOptions = {}): Promise<Rejection | undefined> {
  const schedule = await q.schedule(studentId, section.term_id);
  const conflict = conflictRule(schedule, section, options);
  if (conflict) return conflict;
  const credits = schedule.reduce((sum, s) => sum + s.credits, 0);
  if (credits + section.credits > section.credit_limit)
    return { outcome: 'rejected_credit_limit', message: `${credits} + ${section.credits} credits would exceed the limit of ${section.credit_limit}` };
  return undefined;
}

/** The rules in order: window, duplicate, same course, prerequisites, time conflict, credit limit. */
async function firstRejection(q: RuleQueries, studentId: string, section: SectionInfo, now: number, options: EnrollOptions): Promise<Rejection | undefined> {
  if (now < section.enrollment_opens_at || now >= section.enrollment_closes_at)
    return { outcome: 'rejected_window_closed', message: `enrollment for term ${section.term_id} is closed` };
  if (await q.enrolled(studentId, section.id)) return { outcome: 'rejected_duplicate', message: `already enrolled in ${section.id}` };
  if (await q.waitlisted(studentId, section.id)) return { outcome: 'rejected_duplicate', message: `already on the waitlist of ${section.id}` };
  const sameCourse = await sameCourseRule(q, studentId, section, true);
  if (sameCourse) return sameCourse;
  const missing = await q.missingPrereqs(section.course_id, studentId);
  if (missing.length > 0) return { outcome: 'rejected_prerequisite', message: `${section.course_id} requires ${missing.join(', ')} completed with a passing grade` };
  return scheduleRules(q, studentId, section, options);
}

/** Applies the rules, then claims a seat or a waitlist place. */
async function decide(q: RuleQueries, studentId: string, section: SectionInfo, now: number, options: EnrollOptions): Promise<EnrollmentDecision> {
  const termId = section.term_id;
  const rejection = await firstRejection(q, studentId, section, now, options);
  if (rejection) return { ...rejection, termId };
  if (await q.claimSeat(section.id)) {
    await q.insertEnrollment(studentId, section.id, now);
    return { outcome: 'enrolled', termId, message: `enrolled in ${section.id}` };
  }
  const { n, last } = await q.waitlistSize(section.id);
  if (n >= section.waitlist_capacity) return { outcome: 'rejected_full', termId, message: `${section.id} and its waitlist are full` };
  await q.insertWaitlist(studentId, section.id, last + 1, now);
  return { outcome: 'waitlisted', termId, message: `${section.id} is full: on the waitlist at position ${n + 1}`, position: n + 1 };
}

/**
 * Fills a freed seat from the waitlist: the first student, in position order, who still passes
 * the same-course, time-conflict and credit-limit rules (their schedule may have changed since
 * they joined). Students who fail are skipped and stay on the waitlist. The promoted student
 * leaves any other waitlist of the same course. The passing-time check is not applied here: it
 * governs new attempts, and the student chose this section before it was on.
 */
async function promote(q: RuleQueries, section: SectionInfo, now: number): Promise<DropResult['promoted']> {
  for (const next of await q.waiting(section.id)) {
    await q.lockStudent(next.student_id);
    if ((await sameCourseRule(q, next.student_id, section, false)) || (await scheduleRules(q, next.student_id, section))) continue;
    await q.deleteWaitlist(next.student_id, section.id);
    await q.leaveCourseWaitlists(courseKeys(next.student_id, section));
    await q.claimSeat(section.id);
    await q.insertEnrollment(next.student_id, section.id, now);
    return { studentId: next.student_id, synthetic: next.is_synthetic === 1 };
  }
  return undefined;
}

/**
 * The enrollment rules over one database. Each decision is one transaction that reads what it
 * decides on under a lock, and claims the seat with a conditional
 * `UPDATE ... WHERE enrolled_count < capacity`, so no seat is oversold even when several
 * processes share the database, and each attempt gets exactly one decision:
 * - SQLite: `BEGIN IMMEDIATE`, the database's write lock taken before anything is read;
 * - PostgreSQL: `SELECT ... FOR UPDATE` on the student, then the section (then a promoted
 *   student), always in that order; a transaction that still loses a deadlock is rolled back
 *   and decided again from the start.
 */
export function createEnrollmentRules(db: Database) {
  const enrollTx = (studentId: string, sectionId: string, now: number, options: EnrollOptions = {}) =>
    db.transaction(async (tx): Promise<EnrollmentDecision | undefined> => {
      const q = ruleQueries(tx);
      await q.lockStudent(studentId);
      const section = await q.section(sectionId);
      return section && decide(q, studentId, section, now, options);
    }, { name: 'enroll' });

  const dropTx = (studentId: string, sectionId: string, now: number) =>
    db.transaction(async (tx): Promise<DropResult | undefined> => {
      const q = ruleQueries(tx);
      await q.lockStudent(studentId);
      const section = await q.section(sectionId);
      if (!section || now >= section.ends_at) return undefined;
      if (!(await q.deleteEnrollment(studentId, sectionId))) return undefined;
      await q.releaseSeat(sectionId);
      const promoted = await promote(q, section, now);
      return promoted ? { termId: section.term_id, promoted } : { termId: section.term_id };
    }, { name: 'drop' });

  const leaveTx = (studentId: string, sectionId: string) =>
    db.transaction(async (tx): Promise<string | undefined> => {
      const q = ruleQueries(tx);
      await q.lockStudent(studentId);
      const section = await q.section(sectionId);
      if (!section || !(await q.deleteWaitlist(studentId, sectionId))) return undefined;
      return section.term_id;
    }, { name: 'leave-waitlist' });

  return {
    /** Decides and records an attempt; undefined when the section does not exist. `now` in unix seconds; see {@link EnrollOptions}. */
    enroll: enrollTx,
    /** Drops an enrollment and promotes the first waitlisted student who still fits; undefined when not enrolled. */
    drop: dropTx,
    /** Leaves a waitlist; resolves to the term id, undefined when not on it. */
    leaveWaitlist: leaveTx,
  };
}

/** The rules of one database (see {@link createEnrollmentRules}). */
export type EnrollmentRules = ReturnType<typeof createEnrollmentRules>;
