import type { Catalog, People } from './seed-catalog.js';
import { DAY, PASSING, SLOTS, type SeedContext } from './seed-context.js';

/** What the past term left: passed courses per student (for prerequisites) and row counts. */
export interface PastTerm {
  completed: Map<string, Set<string>>;
  sections: number;
  enrollments: number;
  grades: number;
}

/** One past-term section per course, each with a room and an instructor of its department. */
function insertPastSections(ctx: SeedContext, catalog: Catalog, people: People): Map<string, { id: string; instructor: string }> {
  const { insert, pick, random, past } = ctx;
  const sections = new Map<string, { id: string; instructor: string }>();
  for (const course of catalog.courses) {
    const instructor = pick(people.facultyByDept.get(course.dept)!);
    const id = `${past}-${course.id}-01`;
    const [days, start, length] = pick(SLOTS);
    insert.section.run(id, past, course.id, instructor, 10_000, 0, 0, days, start, start + length, `${course.dept}-${100 + Math.floor(random() * 300)}`, 0);
    sections.set(course.id, { id, instructor });
  }
  return sections;
}

/**
 * The past term: one section per course, whose grades are the completed courses the
 * prerequisite rule checks. Alice passed CS101; each generated student finished a few
 * introductory courses and went on along some of those chains.
 */
export function seedPastTerm(ctx: SeedContext, catalog: Catalog, people: People): PastTerm {
  const { insert, pick, random, now, db } = ctx;
  const sections = insertPastSections(ctx, catalog, people);
  const result: PastTerm = { completed: new Map(), sections: sections.size, enrollments: 0, grades: 0 };
  const enrolledIn = new Map<string, number>();
  const complete = (student: string, courseId: string, grade: string): void => {
    const section = sections.get(courseId)!;
    insert.enrollment.run(student, section.id, now - 195 * DAY);
    insert.grade.run(student, section.id, grade, section.instructor, now - 78 * DAY);
    enrolledIn.set(section.id, (enrolledIn.get(section.id) ?? 0) + 1);
    result.enrollments++;
    result.grades++;
    if (PASSING.includes(grade)) {
      let set = result.completed.get(student);
      if (!set) result.completed.set(student, (set = new Set()));
      set.add(courseId);
    }
  };
  complete('S00000001', 'CS101', 'A');
  for (const student of people.students) {
    const taken = new Set<string>();
    const count = 2 + Math.floor(random() * 2);
    for (let n = 0; n < count; n++) {
      let course: string | undefined = pick(catalog.intro).id;
      while (course && !taken.has(course)) {
        taken.add(course);
        const grade = random() < 0.92 ? pick(PASSING) : 'F';
        complete(student, course, grade);
        course = grade !== 'F' && random() < 0.6 ? catalog.successorOf.get(course) : undefined;
      }
    }
  }
  for (const [id, count] of enrolledIn) db.prepare('UPDATE sections SET enrolled_count = ? WHERE id = ?').run(count, id);
  return result;
}
