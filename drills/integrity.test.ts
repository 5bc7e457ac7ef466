// The post-rollout data-integrity check (drills/integrity.ts) on real databases of both kinds the
// stack runs on: the seed, plus a course whose enrollments the real enrollment rules make; each
// defect is then written into the tables directly, as a faulty candidate version would leave it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnrollmentRules, termIdsAt, type Database } from '../demo/index.js';
import { DATABASE_KINDS, seededDatabases } from '../demo/testing/databases.js';
import { TEST_NOW } from '../demo/testing/harness.js';
import { checkEnrollmentIntegrity, integrityProblems, type AcknowledgedEnrollment } from './integrity.js';

const NOW = Math.floor(TEST_NOW / 1000);
const seeded = seededDatabases();
const term = termIdsAt(TEST_NOW).current;
/** A two-seat section and a second section of the same course. */
const SMALL = `${term}-ZINTEG101-01`;
const OTHER = `${term}-ZINTEG101-02`;
const email = (student: string) => `${student}@integrity.test`;
const ack = (student: string, sectionId: string): AcknowledgedEnrollment => ({ studentEmail: email(student), sectionId });

describe.each(DATABASE_KINDS)('the post-rollout integrity check on %s', (kind) => {
  let db: Database;

  const problems = async (acknowledged: readonly AcknowledgedEnrollment[]) => integrityProblems(await checkEnrollmentIntegrity(db, acknowledged));
  const section = async (id: string, capacity: number, days: string) =>
    db.run(
      `INSERT INTO sections (id, term_id, course_id, instructor_id, capacity, waitlist_capacity, days, start_minute, end_minute, room)
       VALUES ($1, $2, 'ZINTEG101', 'F0003', $3, 10, $4, 600, 650, 'T')`,
      [id, term, capacity, days],
    );

  beforeEach(async () => {
    db = (await seeded(kind)).database;
    await db.run("INSERT INTO courses (id, department_id, title, credits) VALUES ('ZINTEG101', 'ZEUS', 'Integrity fixture', 3)");
    await section(SMALL, 2, 'TR');
    await section(OTHER, 5, 'MWF');
    for (const s of ['S09100001', 'S09100002', 'S09100003', 'S09100004']) {
      await db.run("INSERT INTO students (id, email, name, password_hash) VALUES ($1, $2, $3, 'x')", [s, email(s), s]);
    }
    // Through the real rules: two students take both seats, the third waits.
    const rules = createEnrollmentRules(db);
    const outcomes = [];
    for (const s of ['S09100001', 'S09100002', 'S09100003']) outcomes.push((await rules.enroll(s, SMALL, NOW))?.outcome);
    expect(outcomes).toEqual(['enrolled', 'enrolled', 'waitlisted']);
  });
  afterEach(async () => db.close());

  const acknowledged = [ack('S09100001', SMALL), ack('S09100002', SMALL)];

  it('passes a clean database: the seed, a full section with its waitlist, and every acknowledged enrollment once', async () => {
    // The seed's own enrollments of the current term count as acknowledged too.
    const seedRows = await db.all<{ email: string; section: string }>(
      `SELECT st.email AS email, e.section_id AS section FROM enrollments e JOIN students st ON st.id = e.student_id
       JOIN sections s ON s.id = e.section_id WHERE s.term_id = $1 ORDER BY e.section_id, st.email`,
      [term],
    );
    expect(seedRows.length).toBeGreaterThan(20);
    const all = [...acknowledged, ...seedRows.map((r) => ({ studentEmail: r.email, sectionId: r.section }))];
    const report = await checkEnrollmentIntegrity(db, all);
    expect(integrityProblems(report)).toEqual([]);
    expect(report.checked).toBe(all.length);
  });

  it('fails an oversold seat: a third enrollment in a two-seat section', async () => {
    // The seat counter cannot pass the capacity (a CHECK constraint); the rows can.
    await db.run('INSERT INTO enrollments (student_id, section_id, enrolled_at) VALUES ($1, $2, $3)', ['S09100004', SMALL, NOW]);
    expect(await problems([...acknowledged, ack('S09100004', SMALL)])).toEqual([
      `oversold: ${SMALL} 3/2`,
      `seat counter wrong: ${SMALL} counter 2, rows 3`,
    ]);
  });

  it('fails a duplicated enrollment: the student also on the waitlist of the seat, or also in another section of the course', async () => {
    // The same row twice is impossible (the primary key); these are the duplicates a faulty version can write.
    await expect(db.run('INSERT INTO enrollments (student_id, section_id, enrolled_at) VALUES ($1, $2, $3)', ['S09100001', SMALL, NOW])).rejects.toThrow();
    await db.run('INSERT INTO waitlists (student_id, section_id, position, added_at) VALUES ($1, $2, 2, $3)', ['S09100001', SMALL, NOW]);
    await db.run('INSERT INTO enrollments (student_id, section_id, enrolled_at) VALUES ($1, $2, $3)', ['S09100002', OTHER, NOW]);
    await db.run('UPDATE sections SET enrolled_count = 1 WHERE id = $1', [OTHER]);
    expect(await problems(acknowledged)).toEqual([
      `acknowledged enrollment not exactly once: ${email('S09100001')} ${SMALL} ×2 (enrolled in ${SMALL}, waitlisted for ${SMALL})`,
      `acknowledged enrollment not exactly once: ${email('S09100002')} ${SMALL} ×2 (enrolled in ${SMALL}, enrolled in ${OTHER})`,
    ]);
  });

  it('fails a missing acknowledged enrollment: the student was told it succeeded, and no row exists', async () => {
    expect(await problems([...acknowledged, ack('S09100004', OTHER)])).toEqual([
      `acknowledged enrollment not exactly once: ${email('S09100004')} ${OTHER} ×0`,
    ]);
  });

  it('fails a waitlisted student behind an open seat: a drop that promoted nobody', async () => {
    await db.run('DELETE FROM enrollments WHERE student_id = $1 AND section_id = $2', ['S09100002', SMALL]);
    await db.run('UPDATE sections SET enrolled_count = 1 WHERE id = $1', [SMALL]);
    expect(await problems([ack('S09100001', SMALL)])).toEqual([`waitlist behind an open seat: ${SMALL}`]);
  });

  it('finds the open seat by the enrollment rows, even when the seat counter still says full', async () => {
    await db.run('DELETE FROM enrollments WHERE student_id = $1 AND section_id = $2', ['S09100002', SMALL]);
    expect(await problems([ack('S09100001', SMALL)])).toEqual([
      `seat counter wrong: ${SMALL} counter 2, rows 1`,
      `waitlist behind an open seat: ${SMALL}`,
    ]);
  });
});
