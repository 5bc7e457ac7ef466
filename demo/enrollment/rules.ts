import type { ENROLLMENT_OUTCOMES } from '@zeus/instrumentation/catalog';
import type { Database } from '../db/open.js';
import { prepareRuleQueries, type RuleQueries, type SectionInfo } from './rule-queries.js';

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

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

const courseKeys = (studentId: string, section: SectionInfo) =>
  ({ student: studentId, term: section.term_id, course: section.course_id, section: section.id });

/**
 * One course per term: refused when the student is enrolled in another section of the course
 * or, with `countWaitlists`, waiting for one.
 */
function sameCourseRule(q: RuleQueries, studentId: string, section: SectionInfo, countWaitlists: boolean): Rejection | undefined {
  const rows = q.sameCourse.all(courseKeys(studentId, section)) as { id: string; how: 'enrolled' | 'waitlisted' }[];
  const other = rows.find((r) => countWaitlists || r.how === 'enrolled');
  if (!other) return undefined;
  const how = other.how === 'enrolled' ? 'enrolled in' : 'on the waitlist of';
  return { outcome: 'rejected_duplicate', message: `already ${how} ${section.course_id} (section ${other.id})` };
}

/** A time clash with the student's schedule this term, or the term's credit limit. */
function scheduleRules(q: RuleQueries, studentId: string, section: SectionInfo): Rejection | undefined {
  const schedule = q.schedule.all(studentId, section.term_id) as { id: string; days: string; start_minute: number; end_minute: number; credits: number }[];
  const clash = schedule.find(
    (s) => [...s.days].some((d) => section.days.includes(d)) && s.start_minute < section.end_minute && section.start_minute < s.end_minute,
  );
  if (clash)
    return { outcome: 'rejected_conflict', message: `time conflict with ${clash.id} (${clash.days} ${clock(clash.start_minute)}-${clock(clash.end_minute)})` };
  const credits = schedule.reduce((sum, s) => sum + s.credits, 0);
  if (credits + section.credits > section.credit_limit)
    return { outcome: 'rejected_credit_limit', message: `${credits} + ${section.credits} credits would exceed the limit of ${section.credit_limit}` };
  return undefined;
}

/** The rules in order: window, duplicate, same course, prerequisites, time conflict, credit limit. */
function firstRejection(q: RuleQueries, studentId: string, section: SectionInfo, now: number): Rejection | undefined {
  if (now < section.enrollment_opens_at || now >= section.enrollment_closes_at)
    return { outcome: 'rejected_window_closed', message: `enrollment for term ${section.term_id} is closed` };
  if (q.enrolled.get(studentId, section.id)) return { outcome: 'rejected_duplicate', message: `already enrolled in ${section.id}` };
  if (q.waitlisted.get(studentId, section.id)) return { outcome: 'rejected_duplicate', message: `already on the waitlist of ${section.id}` };
  const sameCourse = sameCourseRule(q, studentId, section, true);
  if (sameCourse) return sameCourse;
  const missing = (q.missingPrereqs.all({ course: section.course_id, student: studentId }) as { requires_id: string }[]).map((r) => r.requires_id);
  if (missing.length > 0) return { outcome: 'rejected_prerequisite', message: `${section.course_id} requires ${missing.join(', ')} completed with a passing grade` };
  return scheduleRules(q, studentId, section);
}

/** Applies the rules, then claims a seat or a waitlist place. */
function decide(q: RuleQueries, studentId: string, section: SectionInfo, now: number): EnrollmentDecision {
  const termId = section.term_id;
  const rejection = firstRejection(q, studentId, section, now);
  if (rejection) return { ...rejection, termId };
  if (q.claimSeat.run(section.id).changes === 1) {
    q.insertEnrollment.run(studentId, section.id, now);
    return { outcome: 'enrolled', termId, message: `enrolled in ${section.id}` };
  }
  const { n, last } = q.waitlistSize.get(section.id) as { n: number; last: number };
  if (n >= section.waitlist_capacity) return { outcome: 'rejected_full', termId, message: `${section.id} and its waitlist are full` };
  q.insertWaitlist.run(studentId, section.id, last + 1, now);
  return { outcome: 'waitlisted', termId, message: `${section.id} is full: on the waitlist at position ${n + 1}`, position: n + 1 };
}

/**
 * Fills a freed seat from the waitlist: the first student, in position order, who still passes
 * the same-course, time-conflict and credit-limit rules (their schedule may have changed since
 * they joined). Students who fail are skipped and stay on the waitlist. The promoted student
 * leaves any other waitlist of the same course.
 */
function promote(q: RuleQueries, section: SectionInfo, now: number): DropResult['promoted'] {
  for (const next of q.waiting.all(section.id) as { student_id: string; is_synthetic: number }[]) {
    if (sameCourseRule(q, next.student_id, section, false) || scheduleRules(q, next.student_id, section)) continue;
    q.deleteWaitlist.run(next.student_id, section.id);
    q.leaveCourseWaitlists.run(courseKeys(next.student_id, section));
    q.claimSeat.run(section.id);
    q.insertEnrollment.run(next.student_id, section.id, now);
    return { studentId: next.student_id, synthetic: next.is_synthetic === 1 };
  }
  return undefined;
}

/**
 * The enrollment rules over one database. Each decision is one `BEGIN IMMEDIATE` transaction:
 * the write lock is taken before anything is read, and the seat is claimed with a conditional
 * `UPDATE ... WHERE enrolled_count < capacity`, so no seat is oversold even when several
 * processes share the file.
 */
export function createEnrollmentRules(db: Database) {
  const q = prepareRuleQueries(db);
  const sectionOf = (id: string) => q.section.get(id) as SectionInfo | undefined;

  const enrollTx = db.transaction((studentId: string, sectionId: string, now: number): EnrollmentDecision | undefined => {
    const section = sectionOf(sectionId);
    return section && decide(q, studentId, section, now);
  });

  const dropTx = db.transaction((studentId: string, sectionId: string, now: number): DropResult | undefined => {
    const section = sectionOf(sectionId);
    if (!section || now >= section.ends_at) return undefined;
    if (q.deleteEnrollment.run(studentId, sectionId).changes === 0) return undefined;
    q.releaseSeat.run(sectionId);
    const promoted = promote(q, section, now);
    return promoted ? { termId: section.term_id, promoted } : { termId: section.term_id };
  });

  const leaveTx = db.transaction((studentId: string, sectionId: string): string | undefined => {
    const section = sectionOf(sectionId);
    if (!section || q.deleteWaitlist.run(studentId, sectionId).changes === 0) return undefined;
    return section.term_id;
  });

  return {
    /** Decides and records an attempt; undefined when the section does not exist. `now` in unix seconds. */
    enroll: (studentId: string, sectionId: string, now: number) => enrollTx.immediate(studentId, sectionId, now),
    /** Drops an enrollment and promotes the first waitlisted student who still fits; undefined when not enrolled. */
    drop: (studentId: string, sectionId: string, now: number) => dropTx.immediate(studentId, sectionId, now),
    /** Leaves a waitlist; resolves to the term id, undefined when not on it. */
    leaveWaitlist: (studentId: string, sectionId: string) => leaveTx.immediate(studentId, sectionId),
  };
}

/** The rules of one database (see {@link createEnrollmentRules}). */
export type EnrollmentRules = ReturnType<typeof createEnrollmentRules>;
