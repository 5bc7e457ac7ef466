import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { termIdsAt } from '../db/seed.js';
import { DATABASE_KINDS, seededDatabases } from '../testing/databases.js';
import { TEST_NOW } from '../testing/harness.js';
import { createEnrollmentRules, PASSING_MINUTES, type EnrollmentRules } from './rules.js';

const NOW = Math.floor(TEST_NOW / 1000);
const seeded = seededDatabases();

describe.each(DATABASE_KINDS)('enrollment rules on %s: waitlist promotion and the same-course rule', (kind) => {
  let db: Database;
  let rules: EnrollmentRules;
  const term = termIdsAt(TEST_NOW).current;
  const id = (course: string, n = 1) => `${term}-${course}-0${n}`;

  /** A course and its sections; `slots` are [days, start minute, end minute, capacity]. */
  const course = async (courseId: string, credits: number, slots: [string, number, number, number][]) => {
    await db.run("INSERT INTO courses (id, department_id, title, credits) VALUES ($1, 'ZEUS', $2, $3)", [courseId, `Test ${courseId}`, credits]);
    for (const [i, [days, start, end, capacity]] of slots.entries()) {
      await db.run(
        `INSERT INTO sections (id, term_id, course_id, instructor_id, capacity, waitlist_capacity, days, start_minute, end_minute, room)
         VALUES ($1, $2, $3, 'F0003', $4, 10, $5, $6, $7, 'T')`,
        [id(courseId, i + 1), term, courseId, capacity, days, start, end],
      );
    }
  };
  const students = async (...ids: string[]) => {
    for (const s of ids) await db.run("INSERT INTO students (id, email, name, password_hash) VALUES ($1, $2, $3, 'x')", [s, `${s}@test`, s]);
  };
  const enrolledIn = async (section: string) =>
    (await db.all<{ student_id: string }>('SELECT student_id FROM enrollments WHERE section_id = $1 ORDER BY student_id', [section])).map((r) => r.student_id);
  const waitingFor = async (section: string) =>
    (await db.all<{ student_id: string }>('SELECT student_id FROM waitlists WHERE section_id = $1 ORDER BY position', [section])).map((r) => r.student_id);
  const seats = async (section: string) => (await db.get<{ n: number }>('SELECT enrolled_count AS n FROM sections WHERE id = $1', [section]))!.n;
  const outcome = async (student: string, section: string) => (await rules.enroll(student, section, NOW))?.outcome;

  beforeEach(async () => {
    db = (await seeded(kind)).database;
    rules = createEnrollmentRules(db);
    // A one-seat section (TR 10:00-11:15) with a second section of the same course.
    await course('ZTEST101', 3, [['TR', 600, 675, 1], ['MWF', 780, 830, 1]]);
    await course('ZCLASH101', 3, [['TR', 630, 700, 10]]);
    await course('ZHEAVY101', 6, [['M', 1200, 1250, 10]]);
    await course('ZHEAVY201', 6, [['W', 1200, 1250, 10]]);
    await course('ZHEAVY301', 6, [['F', 1200, 1250, 10]]);
    await students('S09000001', 'S09000002', 'S09000003', 'S09000009');
    expect(await outcome('S09000009', id('ZTEST101'))).toBe('enrolled');
  });
  afterEach(async () => db.close());

  it('skips a waitlisted student who now has a time conflict and promotes the next one', async () => {
    expect(await outcome('S09000001', id('ZTEST101'))).toBe('waitlisted');
    expect(await outcome('S09000002', id('ZTEST101'))).toBe('waitlisted');
    // After joining the waitlist, S09000001 enrolled in a class at the same time.
    expect(await outcome('S09000001', id('ZCLASH101'))).toBe('enrolled');
    expect((await rules.drop('S09000009', id('ZTEST101'), NOW))?.promoted).toEqual({ studentId: 'S09000002', synthetic: false });
    expect(await enrolledIn(id('ZTEST101'))).toEqual(['S09000002']);
    expect(await waitingFor(id('ZTEST101'))).toEqual(['S09000001']);
    expect(await seats(id('ZTEST101'))).toBe(1);
  });

  it('skips a waitlisted student who would exceed the credit limit', async () => {
    expect(await outcome('S09000001', id('ZTEST101'))).toBe('waitlisted');
    expect(await outcome('S09000002', id('ZTEST101'))).toBe('waitlisted');
    for (const heavy of ['ZHEAVY101', 'ZHEAVY201', 'ZHEAVY301']) expect(await outcome('S09000001', id(heavy))).toBe('enrolled');
    expect((await rules.drop('S09000009', id('ZTEST101'), NOW))?.promoted?.studentId).toBe('S09000002');
    expect(await enrolledIn(id('ZTEST101'))).toEqual(['S09000002']);
  });

  it('skips a waitlisted student already enrolled in another section of the course', async () => {
    expect(await outcome('S09000001', id('ZTEST101'))).toBe('waitlisted');
    expect(await outcome('S09000002', id('ZTEST101'))).toBe('waitlisted');
    // Enrolled in section 02 by other means (an older record, a registrar override).
    await db.run('INSERT INTO enrollments (student_id, section_id, enrolled_at) VALUES ($1, $2, $3)', ['S09000001', id('ZTEST101', 2), NOW]);
    await db.run('UPDATE sections SET enrolled_count = 1 WHERE id = $1', [id('ZTEST101', 2)]);
    expect((await rules.drop('S09000009', id('ZTEST101'), NOW))?.promoted?.studentId).toBe('S09000002');
    expect(await enrolledIn(id('ZTEST101'))).toEqual(['S09000002']);
  });

  it('leaves the seat free when no waitlisted student fits', async () => {
    expect(await outcome('S09000001', id('ZTEST101'))).toBe('waitlisted');
    expect(await outcome('S09000001', id('ZCLASH101'))).toBe('enrolled');
    expect(await rules.drop('S09000009', id('ZTEST101'), NOW)).toEqual({ termId: term });
    expect(await enrolledIn(id('ZTEST101'))).toEqual([]);
    expect(await seats(id('ZTEST101'))).toBe(0);
    expect(await waitingFor(id('ZTEST101'))).toEqual(['S09000001']);
  });

  it('removes the promoted student from other waitlists of the same course', async () => {
    await db.run('UPDATE sections SET enrolled_count = 1 WHERE id = $1', [id('ZTEST101', 2)]);
    for (const n of [1, 2]) await db.run('INSERT INTO waitlists (student_id, section_id, position, added_at) VALUES ($1, $2, 1, $3)', ['S09000003', id('ZTEST101', n), NOW]);
    expect((await rules.drop('S09000009', id('ZTEST101'), NOW))?.promoted?.studentId).toBe('S09000003');
    expect(await waitingFor(id('ZTEST101', 2))).toEqual([]);
  });

  it('counts waitlists in the same-course rule: waiting for one section refuses another section of the course', async () => {
    expect(await outcome('S09000001', id('ZTEST101'))).toBe('waitlisted');
    expect(await rules.enroll('S09000001', id('ZTEST101', 2), NOW)).toMatchObject({
      outcome: 'rejected_duplicate', message: `already on the waitlist of ZTEST101 (section ${id('ZTEST101')})`,
    });
    expect(await enrolledIn(id('ZTEST101', 2))).toEqual([]);
    // Still refused while enrolled in the other section, as before.
    expect(await rules.enroll('S09000009', id('ZTEST101', 2), NOW)).toMatchObject({ outcome: 'rejected_duplicate', message: expect.stringContaining('already enrolled in ZTEST101') });
  });

  it('never enrolls one student twice in a course when both sections are tried at once', async () => {
    const racers = Array.from({ length: 8 }, (_, i) => `S0910000${i}`);
    await students(...racers);
    await db.run('UPDATE sections SET capacity = 20 WHERE id IN ($1, $2)', [id('ZTEST101'), id('ZTEST101', 2)]);
    // Open the pool's connections first, so the attempts really overlap.
    await Promise.all(Array.from({ length: 10 }, () => db.get('SELECT 1 AS ok')));
    const attempts = racers.flatMap((s) => [rules.enroll(s, id('ZTEST101'), NOW), rules.enroll(s, id('ZTEST101', 2), NOW)]);
    const outcomes = (await Promise.all(attempts)).map((d) => d?.outcome);
    expect(outcomes.filter((o) => o === 'enrolled')).toHaveLength(racers.length);
    expect(outcomes.filter((o) => o === 'rejected_duplicate')).toHaveLength(racers.length);
    const perStudent = await db.all<{ n: number }>(
      `SELECT COUNT(*) AS n FROM enrollments WHERE student_id IN (${racers.map((_, i) => `$${i + 1}`).join(', ')}) GROUP BY student_id`, racers,
    );
    expect(perStudent.map((r) => r.n)).toEqual(racers.map(() => 1));
  });

  describe('the passing-time check (flag enrollment-passing-time-check)', () => {
    // S09000009 is enrolled in ZTEST101-01, TR 10:00-11:15.
    beforeEach(async () => {
      await course('ZNEXT101', 3, [['TR', 680, 730, 10]]); // starts 5 minutes after it ends
      await course('ZWALK101', 3, [['TR', 685, 735, 10]]); // 10 minutes after: enough
      await course('ZMORNING101', 3, [['R', 540, 595, 10]]); // ends 5 minutes before it starts
    });
    const attempt = (section: string, passingTimeCheck: boolean) => rules.enroll('S09000009', id(section), NOW, { passingTimeCheck });

    it('refuses a class that leaves less than 10 minutes between classes, and takes no seat', async () => {
      expect(await attempt('ZNEXT101', true)).toMatchObject({
        outcome: 'rejected_conflict',
        message: `only 5 minutes between ${id('ZNEXT101')} and ${id('ZTEST101')} (TR 10:00-11:15); at least ${PASSING_MINUTES} are needed to get between classes`,
      });
      expect(await attempt('ZMORNING101', true)).toMatchObject({ outcome: 'rejected_conflict' });
      expect(await seats(id('ZNEXT101'))).toBe(0);
      expect(await enrolledIn(id('ZNEXT101'))).toEqual([]);
    });

    it('accepts 10 minutes or more, and everything the old rules accept when the flag is off', async () => {
      expect((await attempt('ZWALK101', true))?.outcome).toBe('enrolled');
      expect((await attempt('ZNEXT101', false))?.outcome).toBe('rejected_conflict'); // now overlaps ZWALK101
      await rules.drop('S09000009', id('ZWALK101'), NOW);
      expect((await attempt('ZNEXT101', false))?.outcome).toBe('enrolled');
      expect(await seats(id('ZNEXT101'))).toBe(1);
    });

    it('still refuses an overlap with the overlap message when the check is on', async () => {
      expect(await attempt('ZCLASH101', true)).toMatchObject({ outcome: 'rejected_conflict', message: `time conflict with ${id('ZTEST101')} (TR 10:00-11:15)` });
    });
  });
});
