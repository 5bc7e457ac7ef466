import { createHash } from 'node:crypto';
import { hashPasswordSync } from '../auth/password.js';
import {
  DEMO_ACCOUNTS,
  GENERATED_FACULTY_PASSWORD,
  GENERATED_STUDENT_PASSWORD,
  generatedFacultyEmail,
  generatedStudentEmail,
  isUnregisteredStudent,
} from './accounts.js';
import type { Database } from './open.js';
import { prng } from './prng.js';

/** `small` for tests (about 200 students); `large` for load (about 20k students, 2k sections). */
export type SeedSize = 'small' | 'large';

export interface SeedOptions {
  size: SeedSize;
  /** Seed time in ms; term dates are placed relative to it. Same `now` and size, same data. */
  now?: number;
}

/** What the seed wrote, for logs and tests. */
export interface SeedSummary {
  readonly size: SeedSize;
  readonly currentTermId: string;
  readonly pastTermId: string;
  readonly students: number;
  readonly faculty: number;
  readonly sections: number;
  readonly enrollments: number;
  readonly waitlisted: number;
  readonly grades: number;
}

/** Id of the section reserved for synthetic journeys in a term. */
export function sandboxSectionId(termId: string): string {
  return `${termId}-ZEUS000-SBX`;
}

const SIZES = {
  small: { students: 200, faculty: 20, coursesPerLevel: 1, sectionsPerCourse: 1.5, perStudent: 3 },
  large: { students: 20_000, faculty: 400, coursesPerLevel: 10, sectionsPerCourse: 5, perStudent: 5 },
} as const;

const DEPARTMENTS: readonly [id: string, name: string, campus: string][] = [
  ['CS', 'Computer Science', 'main'], ['MATH', 'Mathematics', 'main'], ['PHYS', 'Physics', 'main'],
  ['CHEM', 'Chemistry', 'north'], ['BIO', 'Biology', 'north'], ['HIST', 'History', 'main'],
  ['ENG', 'English', 'online'], ['ECON', 'Economics', 'online'], ['PSY', 'Psychology', 'north'],
  ['ART', 'Art', 'north'],
];
const TOPICS = ['Foundations', 'Methods', 'Systems', 'Theory', 'Practice', 'Analysis', 'Design', 'Seminar', 'Studio', 'Topics'];
const LEVEL_NAMES = ['Introduction to', 'Intermediate', 'Advanced', 'Research in'];
const FIRST = ['Ana', 'Ben', 'Chen', 'Dara', 'Eli', 'Fatima', 'Gus', 'Hana', 'Ivan', 'Jae', 'Kofi', 'Lena', 'Mateo', 'Nia', 'Omar', 'Priya'];
const LAST = ['Garcia', 'Smith', 'Nguyen', 'Okafor', 'Kim', 'Rossi', 'Cohen', 'Silva', 'Ivanova', 'Haddad', 'Sato', 'Novak'];
const SLOTS: readonly [days: string, start: number, length: number][] = [
  ...[480, 540, 600, 660, 720, 780, 840, 900].map((start): [string, number, number] => ['MWF', start, 50]),
  ...[480, 570, 660, 750, 840, 930].map((start): [string, number, number] => ['TR', start, 75]),
  ['MW', 960, 75], ['MW', 1050, 75],
];
const PASSING = ['A', 'A-', 'B+', 'B', 'B-', 'C+', 'C'];
const DAY = 86_400;

/** Term ids like `2026FA` for the term containing `nowMs` and the one before it. */
export function termIdsAt(nowMs: number): { current: string; past: string } {
  const date = new Date(nowMs);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  if (month <= 4) return { current: `${year}SP`, past: `${year - 1}FA` };
  if (month <= 6) return { current: `${year}SU`, past: `${year}SP` };
  return { current: `${year}FA`, past: `${year}SU` };
}

/** Deterministic salt so the seed is byte-identical; real accounts get random salts. */
function fixedSalt(label: string): Buffer {
  return createHash('sha256').update(`zeus-demo-seed:${label}`).digest().subarray(0, 16);
}

interface SectionRow {
  id: string; term: string; course: string; instructor: string; capacity: number; waitlistCapacity: number;
  days: string; start: number; end: number; room: string; sandbox: number; curated: boolean; credits: number;
  enrolled: number;
}

function overlaps(a: SectionRow, b: SectionRow): boolean {
  return [...a.days].some((d) => b.days.includes(d)) && a.start < b.end && b.start < a.end;
}

/**
 * Fills an empty database with a deterministic Zeus Academia: a past term (whose grades are the
 * completed courses prerequisites check) and a current term whose enrollment window is open and
 * whose grade deadline is in the future, both placed relative to `now`. Includes the
 * {@link DEMO_ACCOUNTS}, synthetic-monitoring accounts (`is_synthetic = 1`) and one sandbox
 * section (`is_sandbox = 1`). Runs in one transaction; throws if the database already has terms.
 */
export function seedDatabase(db: Database, options: SeedOptions): SeedSummary {
  const size = SIZES[options.size];
  const nowMs = options.now ?? Date.now();
  const now = Math.floor(nowMs / 1000);
  const random = prng(0x5eed ^ now ^ (options.size === 'large' ? 0x1a46e : 0));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const { current, past } = termIdsAt(nowMs);
  const existing = db.prepare('SELECT COUNT(*) AS n FROM terms').get() as { n: number };
  if (existing.n > 0) throw new Error('seedDatabase: the database already has data; seed an empty database');

  const hashes = new Map<string, string>();
  const hashOf = (password: string): string => {
    let hash = hashes.get(password);
    if (!hash) hashes.set(password, (hash = hashPasswordSync(password, fixedSalt(password))));
    return hash;
  };

  let summary: SeedSummary | undefined;
  db.transaction(() => {
    const insert = {
      meta: db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
      term: db.prepare(
        `INSERT INTO terms (id, name, starts_at, ends_at, enrollment_opens_at, enrollment_closes_at, grade_deadline_at, credit_limit)
         VALUES (?, ?, ?, ?, ?, ?, ?, 18)`,
      ),
      department: db.prepare('INSERT INTO departments (id, name, campus) VALUES (?, ?, ?)'),
      course: db.prepare('INSERT INTO courses (id, department_id, title, credits) VALUES (?, ?, ?, ?)'),
      prerequisite: db.prepare('INSERT INTO prerequisites (course_id, requires_id) VALUES (?, ?)'),
      faculty: db.prepare(
        'INSERT INTO faculty (id, email, name, department_id, password_hash, role, is_synthetic) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      student: db.prepare('INSERT INTO students (id, email, name, password_hash, is_synthetic) VALUES (?, ?, ?, ?, ?)'),
      section: db.prepare(
        `INSERT INTO sections (id, term_id, course_id, instructor_id, capacity, waitlist_capacity, enrolled_count, days, start_minute, end_minute, room, is_sandbox)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      enrollment: db.prepare('INSERT INTO enrollments (student_id, section_id, enrolled_at) VALUES (?, ?, ?)'),
      waitlist: db.prepare('INSERT INTO waitlists (student_id, section_id, position, added_at) VALUES (?, ?, ?, ?)'),
      grade: db.prepare('INSERT INTO grades (student_id, section_id, grade, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?)'),
    };

    insert.meta.run('seed.size', options.size);
    insert.meta.run('seed.now', String(nowMs));
    insert.term.run(past, `Term ${past}`, now - 200 * DAY, now - 80 * DAY, now - 240 * DAY, now - 190 * DAY, now - 75 * DAY);
    insert.term.run(current, `Term ${current}`, now + 14 * DAY, now + 120 * DAY, now - DAY, now + 30 * DAY, now + 125 * DAY);

    // Departments, courses and prerequisite chains (X201 needs X101, X301 needs X201...).
    const courses: { id: string; dept: string; level: number; credits: number }[] = [];
    for (const [id, name, campus] of DEPARTMENTS) {
      insert.department.run(id, name, campus);
      for (let level = 1; level <= 4; level++) {
        for (let k = 1; k <= size.coursesPerLevel; k++) {
          const courseId = `${id}${level}${String(k).padStart(2, '0')}`;
          const credits = random() < 0.7 ? 3 : 4;
          insert.course.run(courseId, id, `${LEVEL_NAMES[level - 1]} ${name} ${TOPICS[(k - 1) % TOPICS.length]}`, credits);
          if (level > 1) insert.prerequisite.run(courseId, `${id}${level - 1}${String(k).padStart(2, '0')}`);
          courses.push({ id: courseId, dept: id, level, credits });
        }
      }
    }
    insert.department.run('ZEUS', 'Zeus Operations', 'online');
    insert.course.run('ZEUS000', 'ZEUS', 'Synthetic monitoring sandbox', 0);
    const creditsOf = new Map(courses.map((c) => [c.id, c.credits]));
    creditsOf.set('ZEUS000', 0);
    const prereqOf = new Map(courses.filter((c) => c.level > 1).map((c) => [c.id, `${c.dept}${c.level - 1}${c.id.slice(-2)}`]));

    // People: the demo accounts, then generated faculty and students.
    for (const account of DEMO_ACCOUNTS) {
      const synthetic = account.synthetic ? 1 : 0;
      if (account.role === 'student') insert.student.run(account.id, account.email, account.name, hashOf(account.password), synthetic);
      else insert.faculty.run(account.id, account.email, account.name, account.synthetic ? 'ZEUS' : 'CS', hashOf(account.password), account.role, synthetic);
    }
    const facultyByDept = new Map<string, string[]>(DEPARTMENTS.map(([id]) => [id, []]));
    for (let i = 1; i <= size.faculty; i++) {
      const id = `F${String(100 + i).padStart(4, '0')}`;
      const dept = DEPARTMENTS[(i - 1) % DEPARTMENTS.length]![0];
      insert.faculty.run(id, generatedFacultyEmail(i), `${pick(FIRST)} ${pick(LAST)}`, dept, hashOf(GENERATED_FACULTY_PASSWORD), 'faculty', 0);
      facultyByDept.get(dept)!.push(id);
    }
    const students: string[] = [];
    for (let i = 1; i <= size.students; i++) {
      const id = `S${String(10_000 + i).padStart(8, '0')}`;
      insert.student.run(id, generatedStudentEmail(i), `${pick(FIRST)} ${pick(LAST)}`, hashOf(GENERATED_STUDENT_PASSWORD), 0);
      students.push(id);
    }

    // Past term: one section per course; its grades are the completed courses.
    const completed = new Map<string, Set<string>>();
    let gradeCount = 0;
    const pastSections = new Map<string, { id: string; instructor: string }>();
    for (const course of courses) {
      const instructor = pick(facultyByDept.get(course.dept)!);
      const id = `${past}-${course.id}-01`;
      const [days, start, length] = pick(SLOTS);
      insert.section.run(id, past, course.id, instructor, 10_000, 0, 0, days, start, start + length, `${course.dept}-${100 + Math.floor(random() * 300)}`, 0);
      pastSections.set(course.id, { id, instructor });
    }
    const pastEnrolled = new Map<string, number>();
    let pastEnrollmentCount = 0;
    const complete = (student: string, courseId: string, grade: string): void => {
      const section = pastSections.get(courseId)!;
      insert.enrollment.run(student, section.id, now - 195 * DAY);
      insert.grade.run(student, section.id, grade, section.instructor, now - 78 * DAY);
      pastEnrolled.set(section.id, (pastEnrolled.get(section.id) ?? 0) + 1);
      pastEnrollmentCount++;
      gradeCount++;
      if (PASSING.includes(grade)) {
        let set = completed.get(student);
        if (!set) completed.set(student, (set = new Set()));
        set.add(courseId);
      }
    };
    complete('S00000001', 'CS101', 'A');
    // Each student finished a few introductory courses, and went on along some of those chains.
    const intro = courses.filter((c) => c.level === 1);
    const successorOf = new Map([...prereqOf].map(([course, prereq]) => [prereq, course]));
    for (const student of students) {
      const taken = new Set<string>();
      const count = 2 + Math.floor(random() * 2);
      for (let n = 0; n < count; n++) {
        let course: string | undefined = pick(intro).id;
        while (course && !taken.has(course)) {
          taken.add(course);
          const grade = random() < 0.92 ? pick(PASSING) : 'F';
          complete(student, course, grade);
          course = grade !== 'F' && random() < 0.6 ? successorOf.get(course) : undefined;
        }
      }
    }
    for (const [id, count] of pastEnrolled) db.prepare('UPDATE sections SET enrolled_count = ? WHERE id = ?').run(count, id);

    // Current term: the curated demo sections, then generated ones.
    const curated = new Map<string, Partial<SectionRow>>([
      [`${current}-CS201-01`, { instructor: 'F0001', capacity: 30, days: 'MWF', start: 600, end: 650 }],
      [`${current}-MATH101-01`, { instructor: 'F0001', capacity: 40, days: 'MWF', start: 540, end: 590 }],
      [`${current}-PHYS101-01`, { capacity: 40, days: 'MWF', start: 540, end: 590 }],
      [`${current}-ART101-01`, { capacity: 3, waitlistCapacity: 10, days: 'TR', start: 840, end: 915 }],
      [`${current}-HIST101-01`, { capacity: 40, days: 'TR', start: 660, end: 735 }],
    ]);
    const sections: SectionRow[] = [];
    for (const course of courses) {
      const count = Math.floor(size.sectionsPerCourse) + (random() < size.sectionsPerCourse % 1 ? 1 : 0);
      for (let n = 1; n <= Math.max(1, count); n++) {
        const id = `${current}-${course.id}-${String(n).padStart(2, '0')}`;
        const [days, start, length] = pick(SLOTS);
        const overrides = curated.get(id);
        sections.push({
          id, term: current, course: course.id, instructor: pick(facultyByDept.get(course.dept)!),
          capacity: 20 + 5 * Math.floor(random() * 17), waitlistCapacity: 20, days, start, end: start + length,
          room: `${course.dept}-${100 + Math.floor(random() * 300)}`, sandbox: 0, curated: overrides !== undefined,
          credits: course.credits, enrolled: 0, ...overrides,
        });
      }
    }
    sections.push({
      id: sandboxSectionId(current), term: current, course: 'ZEUS000', instructor: 'F0003', capacity: 1_000, waitlistCapacity: 0,
      days: 'U', start: 0, end: 1, room: 'ONLINE', sandbox: 1, curated: true, credits: 0, enrolled: 0,
    });
    const byId = new Map(sections.map((s) => [s.id, s]));

    const schedules = new Map<string, SectionRow[]>();
    let enrollmentCount = 0;
    let waitlistCount = 0;
    const enroll = (student: string, section: SectionRow): void => {
      let schedule = schedules.get(student);
      if (!schedule) schedules.set(student, (schedule = []));
      schedule.push(section);
      section.enrolled++;
      enrollmentCount++;
    };
    // Every fourth generated student has not registered yet (see isUnregisteredStudent).
    const registered = students.filter((_, i) => !isUnregisteredStudent(i + 1));
    enroll('S00000001', byId.get(`${current}-MATH101-01`)!);
    // The faculty-grades journey grades this synthetic student and reverts to the baseline grade
    // (the grades API has no deletion), so the sandbox roster always holds one graded student.
    enroll('S00000004', byId.get(sandboxSectionId(current))!);
    for (let i = 0; i < 3; i++) enroll(registered[i]!, byId.get(`${current}-ART101-01`)!);
    for (let i = 3; i < 11; i++) enroll(registered[i]!, byId.get(`${current}-MATH101-01`)!);
    const open = sections.filter((s) => !s.curated);
    const openByCourse = new Map<string, SectionRow[]>();
    for (const section of open) {
      let list = openByCourse.get(section.course);
      if (!list) openByCourse.set(section.course, (list = []));
      list.push(section);
    }
    for (const student of registered) {
      // Eligible courses: every introductory one, plus the next step of each completed chain.
      const next = [...(completed.get(student) ?? [])].flatMap((c) => successorOf.get(c) ?? []);
      let schedule = schedules.get(student);
      if (!schedule) schedules.set(student, (schedule = []));
      for (let tries = 0; tries < size.perStudent * 8 && schedule.length < size.perStudent; tries++) {
        const course = next.length > 0 && random() < 0.6 ? pick(next) : pick(intro).id;
        if (completed.get(student)?.has(course)) continue;
        const candidates = openByCourse.get(course);
        if (!candidates) continue;
        const section = pick(candidates);
        if (section.enrolled >= section.capacity) continue;
        if (schedule.some((s) => s.course === section.course || overlaps(s, section))) continue;
        if (schedule.reduce((sum, s) => sum + s.credits, 0) + section.credits > 18) continue;
        enroll(student, section);
      }
    }
    for (const section of sections) {
      insert.section.run(
        section.id, section.term, section.course, section.instructor, section.capacity, section.waitlistCapacity,
        section.enrolled, section.days, section.start, section.end, section.room, section.sandbox,
      );
    }
    const rosters = new Map<string, string[]>();
    for (const [student, schedule] of schedules) {
      for (const section of schedule) {
        insert.enrollment.run(student, section.id, now - DAY + 60);
        let roster = rosters.get(section.id);
        if (!roster) rosters.set(section.id, (roster = []));
        roster.push(student);
      }
    }
    // Someone already waits for the full demo section, so a drop there promotes.
    insert.waitlist.run(registered[11]!, `${current}-ART101-01`, 1, now - DAY + 120);
    waitlistCount++;
    // Full generated sections get a short waitlist.
    for (const section of open) {
      if (section.enrolled < section.capacity) continue;
      for (let position = 1; position <= 2; position++) {
        const student = pick(students);
        if (rosters.get(section.id)?.includes(student)) continue;
        try {
          insert.waitlist.run(student, section.id, position, now - DAY + 300);
          waitlistCount++;
        } catch {
          // same student drawn twice: one waitlist row is enough
        }
      }
    }
    insert.grade.run('S00000004', sandboxSectionId(current), 'I', 'F0003', now - DAY + 60);
    gradeCount++;
    // Some current-term grades are already in (a tenth of the generated sections).
    for (const section of open) {
      if (random() >= 0.1) continue;
      for (const student of rosters.get(section.id) ?? []) {
        insert.grade.run(student, section.id, pick(PASSING), section.instructor, now - 3_600);
        gradeCount++;
      }
    }

    summary = {
      size: options.size, currentTermId: current, pastTermId: past,
      students: students.length + DEMO_ACCOUNTS.filter((a) => a.role === 'student').length,
      faculty: size.faculty + DEMO_ACCOUNTS.filter((a) => a.role !== 'student').length,
      sections: sections.length + pastSections.size, enrollments: enrollmentCount + pastEnrollmentCount,
      waitlisted: waitlistCount, grades: gradeCount,
    };
  })();
  return summary!;
}
