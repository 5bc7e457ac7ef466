import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { prng } from '../../demo/index.js';

/**
 * A deterministic Zeus database for the exporter's tests, built from the shared
 * `demo/db/schema.sql`. It deliberately contains what the KPIs must ignore: synthetic students
 * enrolled and waitlisted in real sections, and a sandbox section full of them.
 */

/** Sizes of a fixture database. */
export interface FixtureSize {
  readonly students: number;
  readonly sections: number;
  readonly enrollments: number;
  readonly waitlists: number;
}

/** About 300 students; for correctness tests. */
export const SMALL_FIXTURE: FixtureSize = { students: 300, sections: 40, enrollments: 1_200, waitlists: 150 };

const SCHEMA = new URL('../../demo/db/schema.sql', import.meta.url);
const DEPARTMENTS: readonly [string, string][] = [
  ['CS', 'main'], ['MATH', 'main'], ['PHYS', 'main'], ['CHEM', 'north'], ['BIO', 'north'],
  ['HIST', 'main'], ['ECON', 'online'], ['ENG', 'online'], ['ART', 'north'], ['MUS', 'north'],
];
const GRADES = ['A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'D', 'F', 'P'];
const DAY = 86_400;

/**
 * Creates (or overwrites the tables of) a fixture database at `path`. Three terms around
 * `nowSeconds`: a past one (fully graded), the current one (enrollment open, grades partly
 * submitted) and the next one (enrollment not yet open).
 */
export function createFixtureDatabase(path: string, size: FixtureSize = SMALL_FIXTURE, nowSeconds = 1_800_000_000, seed = 42): void {
  const rand = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(readFileSync(SCHEMA, 'utf8'));
    const terms = [
      { id: '2026FA', offset: -120 * DAY, graded: 1 },
      { id: '2027SP', offset: 0, graded: 0.6 },
      { id: '2027SU', offset: 120 * DAY, graded: 0 },
    ];
    db.transaction(() => {
      const insertTerm = db.prepare(
        'INSERT INTO terms VALUES (@id, @id, @starts, @ends, @opens, @closes, @deadline, 18)',
      );
      for (const t of terms) {
        const starts = nowSeconds + t.offset - 30 * DAY;
        insertTerm.run({ id: t.id, starts, ends: starts + 100 * DAY, opens: starts - 20 * DAY, closes: starts + 40 * DAY, deadline: starts + 107 * DAY });
      }
      const insertDept = db.prepare('INSERT INTO departments VALUES (?, ?, ?)');
      for (const [id, campus] of DEPARTMENTS) insertDept.run(id, `${id} department`, campus);
      const insertCourse = db.prepare('INSERT INTO courses VALUES (?, ?, ?, 3)');
      const courses: string[] = [];
      for (const [dept] of DEPARTMENTS) {
        for (let n = 1; n <= 8; n++) {
          const id = `${dept}${100 + n}`;
          insertCourse.run(id, dept, `${dept} course ${n}`);
          courses.push(id);
        }
      }
      const insertFaculty = db.prepare('INSERT INTO faculty (id, email, name, department_id, password_hash) VALUES (?, ?, ?, ?, ?)');
      const faculty: string[] = [];
      for (let i = 1; i <= 60; i++) {
        const id = `F${String(i).padStart(4, '0')}`;
        insertFaculty.run(id, `${id}@zeus.test`, `Faculty ${i}`, DEPARTMENTS[i % DEPARTMENTS.length]![0], 'x');
        faculty.push(id);
      }
      const insertStudent = db.prepare('INSERT INTO students VALUES (?, ?, ?, ?, ?)');
      const students: string[] = [];
      for (let i = 1; i <= size.students; i++) {
        const id = `S${String(i).padStart(8, '0')}`;
        insertStudent.run(id, `${id}@zeus.test`, `Student ${i}`, 'x', 0);
        students.push(id);
      }
      const synthetic = ['SYN0001', 'SYN0002', 'SYN0003'];
      for (const id of synthetic) insertStudent.run(id, `${id}@synthetic.zeus.test`, id, 'x', 1);

      const insertSection = db.prepare(
        `INSERT INTO sections (id, term_id, course_id, instructor_id, capacity, days, start_minute, end_minute, room, is_sandbox)
         VALUES (?, ?, ?, ?, ?, 'MWF', 540, 590, 'R1', ?)`,
      );
      const sections: { id: string; term: string; capacity: number; enrolled: number }[] = [];
      for (let i = 0; i < size.sections; i++) {
        const term = terms[i % terms.length]!;
        const id = `${term.id}-${String(i).padStart(5, '0')}`;
        const capacity = 20 + Math.floor(rand() * 60);
        insertSection.run(id, term.id, pick(courses), pick(faculty), capacity, 0);
        sections.push({ id, term: term.id, capacity, enrolled: 0 });
      }
      insertSection.run('2027SP-SANDBOX', '2027SP', courses[0], faculty[0], 100, 1);

      const insertEnrollment = db.prepare('INSERT INTO enrollments VALUES (?, ?, ?)');
      const insertGrade = db.prepare('INSERT INTO grades VALUES (?, ?, ?, ?, ?)');
      const termOf = new Map(terms.map((t) => [t.id, t]));
      const taken = new Set<string>();
      const enroll = (student: string, section: (typeof sections)[number]) => {
        const key = `${student}|${section.id}`;
        if (taken.has(key) || section.enrolled >= section.capacity) return false;
        taken.add(key);
        section.enrolled++;
        insertEnrollment.run(student, section.id, nowSeconds - Math.floor(rand() * 60 * DAY));
        const graded = termOf.get(section.term)!.graded;
        // Whole sections graded at once, as faculty do, plus some stragglers.
        if (graded > 0 && (graded === 1 || rand() < graded)) insertGrade.run(student, section.id, pick(GRADES), 'F0001', nowSeconds - DAY);
        return true;
      };
      let made = 0;
      for (let attempts = 0; made < size.enrollments && attempts < size.enrollments * 3; attempts++) {
        if (enroll(pick(students), pick(sections))) made++;
      }
      // Synthetic students in real sections (must not count) ...
      for (const id of synthetic) for (let k = 0; k < 3; k++) enroll(id, sections[k]!);
      const updateCount = db.prepare('UPDATE sections SET enrolled_count = ? WHERE id = ?');
      for (const s of sections) updateCount.run(s.enrolled, s.id);
      // ... and in the sandbox section.
      for (const id of synthetic) insertEnrollment.run(id, '2027SP-SANDBOX', nowSeconds - 3_600);
      updateCount.run(synthetic.length, '2027SP-SANDBOX');

      const insertWait = db.prepare('INSERT OR IGNORE INTO waitlists VALUES (?, ?, ?, ?)');
      const positions = new Map<string, number>();
      for (let i = 0; i < size.waitlists; i++) {
        const section = pick(sections);
        const position = (positions.get(section.id) ?? 0) + 1;
        positions.set(section.id, position);
        insertWait.run(pick(students), section.id, position, nowSeconds - Math.floor(rand() * 20 * DAY));
      }
      // Synthetic waitlist entries, the oldest of all, in real and sandbox sections.
      insertWait.run('SYN0001', sections[1]!.id, 99, nowSeconds - 400 * DAY);
      insertWait.run('SYN0002', '2027SP-SANDBOX', 1, nowSeconds - 500 * DAY);
      insertWait.run(students[0]!, '2027SP-SANDBOX', 2, nowSeconds - 600 * DAY);
    })();
  } finally {
    db.close();
  }
}
