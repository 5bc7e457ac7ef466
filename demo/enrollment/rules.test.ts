import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/open.js';
import { seededDatabase, TEST_NOW } from '../testing/harness.js';
import { createEnrollmentRules, type EnrollmentRules } from './rules.js';

const NOW = Math.floor(TEST_NOW / 1000);

describe('enrollment rules: waitlist promotion and the same-course rule', () => {
  let db: Database;
  let rules: EnrollmentRules;
  let term = '';
  const id = (course: string, n = 1) => `${term}-${course}-0${n}`;

  /** A course and its sections; `slots` are [days, start minute, end minute, capacity]. */
  const course = (courseId: string, credits: number, slots: [string, number, number, number][]) => {
    db.prepare("INSERT INTO courses (id, department_id, title, credits) VALUES (?, 'ZEUS', ?, ?)").run(courseId, `Test ${courseId}`, credits);
    slots.forEach(([days, start, end, capacity], i) =>
      db.prepare(
        `INSERT INTO sections (id, term_id, course_id, instructor_id, capacity, waitlist_capacity, days, start_minute, end_minute, room)
         VALUES (?, ?, ?, 'F0003', ?, 10, ?, ?, ?, 'T')`,
      ).run(id(courseId, i + 1), term, courseId, capacity, days, start, end),
    );
  };
  const students = (...ids: string[]) => {
    for (const s of ids) db.prepare("INSERT INTO students (id, email, name, password_hash) VALUES (?, ?, ?, 'x')").run(s, `${s}@test`, s);
  };
  const enrolledIn = (section: string) =>
    (db.prepare('SELECT student_id FROM enrollments WHERE section_id = ? ORDER BY student_id').all(section) as { student_id: string }[]).map((r) => r.student_id);
  const waitingFor = (section: string) =>
    (db.prepare('SELECT student_id FROM waitlists WHERE section_id = ? ORDER BY position').all(section) as { student_id: string }[]).map((r) => r.student_id);
  const seats = (section: string) => (db.prepare('SELECT enrolled_count AS n FROM sections WHERE id = ?').get(section) as { n: number }).n;

  beforeEach(() => {
    const seeded = seededDatabase();
    db = seeded.db;
    term = seeded.seed.currentTermId;
    rules = createEnrollmentRules(db);
    // A one-seat section (TR 10:00-11:15) with a second section of the same course.
    course('ZTEST101', 3, [['TR', 600, 675, 1], ['MWF', 780, 830, 1]]);
    course('ZCLASH101', 3, [['TR', 630, 700, 10]]);
    course('ZHEAVY101', 6, [['M', 1200, 1250, 10]]);
    course('ZHEAVY201', 6, [['W', 1200, 1250, 10]]);
    course('ZHEAVY301', 6, [['F', 1200, 1250, 10]]);
    students('S09000001', 'S09000002', 'S09000003', 'S09000009');
    expect(rules.enroll('S09000009', id('ZTEST101'), NOW)?.outcome).toBe('enrolled');
  });
  afterEach(() => db.close());

  it('skips a waitlisted student who now has a time conflict and promotes the next one', () => {
    expect(rules.enroll('S09000001', id('ZTEST101'), NOW)?.outcome).toBe('waitlisted');
    expect(rules.enroll('S09000002', id('ZTEST101'), NOW)?.outcome).toBe('waitlisted');
    // After joining the waitlist, S09000001 enrolled in a class at the same time.
    expect(rules.enroll('S09000001', id('ZCLASH101'), NOW)?.outcome).toBe('enrolled');
    expect(rules.drop('S09000009', id('ZTEST101'), NOW)?.promoted).toEqual({ studentId: 'S09000002', synthetic: false });
    expect(enrolledIn(id('ZTEST101'))).toEqual(['S09000002']);
    expect(waitingFor(id('ZTEST101'))).toEqual(['S09000001']);
    expect(seats(id('ZTEST101'))).toBe(1);
  });

  it('skips a waitlisted student who would exceed the credit limit', () => {
    expect(rules.enroll('S09000001', id('ZTEST101'), NOW)?.outcome).toBe('waitlisted');
    expect(rules.enroll('S09000002', id('ZTEST101'), NOW)?.outcome).toBe('waitlisted');
    for (const heavy of ['ZHEAVY101', 'ZHEAVY201', 'ZHEAVY301']) expect(rules.enroll('S09000001', id(heavy), NOW)?.outcome).toBe('enrolled');
    expect(rules.drop('S09000009', id('ZTEST101'), NOW)?.promoted?.studentId).toBe('S09000002');
    expect(enrolledIn(id('ZTEST101'))).toEqual(['S09000002']);
  });

  it('skips a waitlisted student already enrolled in another section of the course', () => {
    expect(rules.enroll('S09000001', id('ZTEST101'), NOW)?.outcome).toBe('waitlisted');
    expect(rules.enroll('S09000002', id('ZTEST101'), NOW)?.outcome).toBe('waitlisted');
    // Enrolled in section 02 by other means (an older record, a registrar override).
    db.prepare('INSERT INTO enrollments (student_id, section_id, enrolled_at) VALUES (?, ?, ?)').run('S09000001', id('ZTEST101', 2), NOW);
    db.prepare('UPDATE sections SET enrolled_count = 1 WHERE id = ?').run(id('ZTEST101', 2));
    expect(rules.drop('S09000009', id('ZTEST101'), NOW)?.promoted?.studentId).toBe('S09000002');
    expect(enrolledIn(id('ZTEST101'))).toEqual(['S09000002']);
  });

  it('leaves the seat free when no waitlisted student fits', () => {
    expect(rules.enroll('S09000001', id('ZTEST101'), NOW)?.outcome).toBe('waitlisted');
    expect(rules.enroll('S09000001', id('ZCLASH101'), NOW)?.outcome).toBe('enrolled');
    const result = rules.drop('S09000009', id('ZTEST101'), NOW);
    expect(result).toEqual({ termId: term });
    expect(enrolledIn(id('ZTEST101'))).toEqual([]);
    expect(seats(id('ZTEST101'))).toBe(0);
    expect(waitingFor(id('ZTEST101'))).toEqual(['S09000001']);
  });

  it('removes the promoted student from other waitlists of the same course', () => {
    db.prepare('UPDATE sections SET enrolled_count = 1 WHERE id = ?').run(id('ZTEST101', 2));
    for (const n of [1, 2]) db.prepare('INSERT INTO waitlists (student_id, section_id, position, added_at) VALUES (?, ?, 1, ?)').run('S09000003', id('ZTEST101', n), NOW);
    expect(rules.drop('S09000009', id('ZTEST101'), NOW)?.promoted?.studentId).toBe('S09000003');
    expect(waitingFor(id('ZTEST101', 2))).toEqual([]);
  });

  it('counts waitlists in the same-course rule: waiting for one section refuses another section of the course', () => {
    expect(rules.enroll('S09000001', id('ZTEST101'), NOW)?.outcome).toBe('waitlisted');
    const other = rules.enroll('S09000001', id('ZTEST101', 2), NOW);
    expect(other).toMatchObject({ outcome: 'rejected_duplicate', message: `already on the waitlist of ZTEST101 (section ${id('ZTEST101')})` });
    expect(enrolledIn(id('ZTEST101', 2))).toEqual([]);
    // Still refused while enrolled in the other section, as before.
    expect(rules.enroll('S09000009', id('ZTEST101', 2), NOW)).toMatchObject({ outcome: 'rejected_duplicate', message: expect.stringContaining('already enrolled in ZTEST101') });
  });
});
