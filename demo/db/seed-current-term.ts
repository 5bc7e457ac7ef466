import { isUnregisteredStudent } from './accounts.js';
import type { Catalog, People } from './seed-catalog.js';
import { DAY, PASSING, SLOTS, overlaps, type SectionRow, type SeedContext } from './seed-context.js';
import type { PastTerm } from './seed-past-term.js';

/** Id of the section reserved for synthetic journeys in a term. */
export function sandboxSectionId(termId: string): string {
  return `${termId}-ZEUS000-SBX`;
}

/** What the current term holds once seeded, for the summary. */
export interface CurrentTerm {
  sections: number;
  enrollments: number;
  waitlisted: number;
  grades: number;
}

/** The hand-made sections the demo accounts are set up around (see demo/README.md). */
function curatedSections(current: string): Map<string, Partial<SectionRow>> {
  return new Map<string, Partial<SectionRow>>([
    [`${current}-CS201-01`, { instructor: 'F0001', capacity: 30, days: 'MWF', start: 600, end: 650 }],
    [`${current}-MATH101-01`, { instructor: 'F0001', capacity: 40, days: 'MWF', start: 540, end: 590 }],
    [`${current}-PHYS101-01`, { capacity: 40, days: 'MWF', start: 540, end: 590 }],
    [`${current}-ART101-01`, { capacity: 3, waitlistCapacity: 10, days: 'TR', start: 840, end: 915 }],
    [`${current}-HIST101-01`, { capacity: 40, days: 'TR', start: 660, end: 735 }],
  ]);
}

/** One or more sections per course (the curated ones as the demo needs them), then the sandbox section. */
function planSections(ctx: SeedContext, catalog: Catalog, people: People): SectionRow[] {
  const { current, random, pick, size } = ctx;
  const curated = curatedSections(current);
  const sections: SectionRow[] = [];
  for (const course of catalog.courses) {
    const count = Math.floor(size.sectionsPerCourse) + (random() < size.sectionsPerCourse % 1 ? 1 : 0);
    for (let n = 1; n <= Math.max(1, count); n++) {
      const id = `${current}-${course.id}-${String(n).padStart(2, '0')}`;
      const [days, start, length] = pick(SLOTS);
      const overrides = curated.get(id);
      sections.push({
        id, term: current, course: course.id, instructor: pick(people.facultyByDept.get(course.dept)!),
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
  return sections;
}

/** Sections of each course that generated students may be placed in (not the curated ones). */
function openSectionsByCourse(open: readonly SectionRow[]): Map<string, SectionRow[]> {
  const byCourse = new Map<string, SectionRow[]>();
  for (const section of open) {
    let list = byCourse.get(section.course);
    if (!list) byCourse.set(section.course, (list = []));
    list.push(section);
  }
  return byCourse;
}

/**
 * Who sits where: the curated placements (Alice in MATH101, the synthetic roster student in the
 * sandbox, ART101 full, MATH101 with Ada's roster), then each registered generated student's
 * schedule under the enrollment rules (no repeat course, no time clash, credit limit, seats).
 */
function planEnrollments(ctx: SeedContext, catalog: Catalog, people: People, past: PastTerm, sections: SectionRow[]) {
  const { current, random, pick, size } = ctx;
  const byId = new Map(sections.map((s) => [s.id, s]));
  const schedules = new Map<string, SectionRow[]>();
  const scheduleOf = (student: string) => {
    let schedule = schedules.get(student);
    if (!schedule) schedules.set(student, (schedule = []));
    return schedule;
  };
  const enroll = (student: string, section: SectionRow): void => {
    scheduleOf(student).push(section);
    section.enrolled++;
  };
  // Every fourth generated student has not registered yet (see isUnregisteredStudent).
  const registered = people.students.filter((_, i) => !isUnregisteredStudent(i + 1));
  enroll('S00000001', byId.get(`${current}-MATH101-01`)!);
  // The faculty-grades journey grades this synthetic student and reverts to the baseline grade
  // (the grades API has no deletion), so the sandbox roster always holds one graded student.
  enroll('S00000004', byId.get(sandboxSectionId(current))!);
  for (let i = 0; i < 3; i++) enroll(registered[i]!, byId.get(`${current}-ART101-01`)!);
  for (let i = 3; i < 11; i++) enroll(registered[i]!, byId.get(`${current}-MATH101-01`)!);
  const open = sections.filter((s) => !s.curated);
  const openByCourse = openSectionsByCourse(open);
  for (const student of registered) {
    // Eligible courses: every introductory one, plus the next step of each completed chain.
    const completed = past.completed.get(student);
    const next = [...(completed ?? [])].flatMap((c) => catalog.successorOf.get(c) ?? []);
    const schedule = scheduleOf(student);
    for (let tries = 0; tries < size.perStudent * 8 && schedule.length < size.perStudent; tries++) {
      const course = next.length > 0 && random() < 0.6 ? pick(next) : pick(catalog.intro).id;
      if (completed?.has(course)) continue;
      const candidates = openByCourse.get(course);
      if (!candidates) continue;
      const section = pick(candidates);
      if (section.enrolled >= section.capacity) continue;
      if (schedule.some((s) => s.course === section.course || overlaps(s, section))) continue;
      if (schedule.reduce((sum, s) => sum + s.credits, 0) + section.credits > 18) continue;
      enroll(student, section);
    }
  }
  return { schedules, registered, open };
}

/** Writes the planned sections and enrollments; returns each section's roster. */
function insertSectionsAndEnrollments(ctx: SeedContext, sections: readonly SectionRow[], schedules: Map<string, SectionRow[]>) {
  const { insert, now } = ctx;
  for (const section of sections) {
    insert.section.run(
      section.id, section.term, section.course, section.instructor, section.capacity, section.waitlistCapacity,
      section.enrolled, section.days, section.start, section.end, section.room, section.sandbox,
    );
  }
  const rosters = new Map<string, string[]>();
  let enrollments = 0;
  for (const [student, schedule] of schedules) {
    for (const section of schedule) {
      insert.enrollment.run(student, section.id, now - DAY + 60);
      let roster = rosters.get(section.id);
      if (!roster) rosters.set(section.id, (roster = []));
      roster.push(student);
      enrollments++;
    }
  }
  return { rosters, enrollments };
}

/** Someone already waits for the full ART101 demo section (a drop there promotes); full generated sections get a short waitlist. */
function insertWaitlists(ctx: SeedContext, people: People, registered: readonly string[], open: readonly SectionRow[], rosters: Map<string, string[]>): number {
  const { insert, now, current, pick } = ctx;
  insert.waitlist.run(registered[11]!, `${current}-ART101-01`, 1, now - DAY + 120);
  let count = 1;
  for (const section of open) {
    if (section.enrolled < section.capacity) continue;
    for (let position = 1; position <= 2; position++) {
      const student = pick(people.students);
      if (rosters.get(section.id)?.includes(student)) continue;
      try {
        insert.waitlist.run(student, section.id, position, now - DAY + 300);
        count++;
      } catch {
        // same student drawn twice: one waitlist row is enough
      }
    }
  }
  return count;
}

/** The sandbox baseline grade `I`, then grades already in for a tenth of the generated sections. */
function insertCurrentGrades(ctx: SeedContext, open: readonly SectionRow[], rosters: Map<string, string[]>): number {
  const { insert, now, current, random, pick } = ctx;
  insert.grade.run('S00000004', sandboxSectionId(current), 'I', 'F0003', now - DAY + 60);
  let count = 1;
  for (const section of open) {
    if (random() >= 0.1) continue;
    for (const student of rosters.get(section.id) ?? []) {
      insert.grade.run(student, section.id, pick(PASSING), section.instructor, now - 3_600);
      count++;
    }
  }
  return count;
}

/**
 * The current term, whose enrollment window is open: sections (curated, generated, sandbox),
 * enrollments, waitlists and the first grades.
 */
export function seedCurrentTerm(ctx: SeedContext, catalog: Catalog, people: People, past: PastTerm): CurrentTerm {
  const sections = planSections(ctx, catalog, people);
  const { schedules, registered, open } = planEnrollments(ctx, catalog, people, past, sections);
  const { rosters, enrollments } = insertSectionsAndEnrollments(ctx, sections, schedules);
  const waitlisted = insertWaitlists(ctx, people, registered, open, rosters);
  const grades = insertCurrentGrades(ctx, open, rosters);
  return { sections: sections.length, enrollments, waitlisted, grades };
}
