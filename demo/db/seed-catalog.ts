import {
  DEMO_ACCOUNTS,
  GENERATED_FACULTY_PASSWORD,
  GENERATED_STUDENT_PASSWORD,
  generatedFacultyEmail,
  generatedStudentEmail,
} from './accounts.js';
import { DAY, DEPARTMENTS, FIRST, LAST, LEVEL_NAMES, TOPICS, type SeedContext } from './seed-context.js';

/** A course of the catalogue. */
export interface CourseRow {
  id: string;
  dept: string;
  level: number;
  credits: number;
}

/** The catalogue: every course, the introductory ones and each course's next step in its chain. */
export interface Catalog {
  courses: CourseRow[];
  intro: CourseRow[];
  /** `X101 -> X201`: the course a completed one unlocks. */
  successorOf: Map<string, string>;
}

/** The people of the seed: generated faculty by department and generated student ids. */
export interface People {
  facultyByDept: Map<string, string[]>;
  students: string[];
}

/** Seed size and time in `meta`; the past term and the current one, placed around `now`. */
export function insertTerms(ctx: SeedContext): void {
  const { insert, now, current, past } = ctx;
  insert.meta.run('seed.size', ctx.sizeName);
  insert.meta.run('seed.now', String(ctx.nowMs));
  insert.term.run(past, `Term ${past}`, now - 200 * DAY, now - 80 * DAY, now - 240 * DAY, now - 190 * DAY, now - 75 * DAY);
  insert.term.run(current, `Term ${current}`, now + 14 * DAY, now + 120 * DAY, now - DAY, now + 30 * DAY, now + 125 * DAY);
}

/** Departments, courses and prerequisite chains (X201 needs X101, X301 needs X201...), plus the sandbox course. */
export function insertCatalog(ctx: SeedContext): Catalog {
  const { insert, random, size } = ctx;
  const courses: CourseRow[] = [];
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
  const prereqOf = new Map(courses.filter((c) => c.level > 1).map((c) => [c.id, `${c.dept}${c.level - 1}${c.id.slice(-2)}`]));
  return {
    courses,
    intro: courses.filter((c) => c.level === 1),
    successorOf: new Map([...prereqOf].map(([course, prereq]) => [prereq, course])),
  };
}

/** The demo accounts, then generated faculty (spread over the departments) and students. */
export function insertPeople(ctx: SeedContext): People {
  const { insert, size, pick, hashOf } = ctx;
  for (const account of DEMO_ACCOUNTS) {
    const synthetic = account.synthetic ? 1 : 0;
    if (account.role === 'student') insert.student.run(account.id, account.email, account.name, hashOf(account.password), synthetic);
    else if (account.role === 'auditor') insert.staff.run(account.id, account.email, account.name, hashOf(account.password), account.role, synthetic);
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
  return { facultyByDept, students };
}
