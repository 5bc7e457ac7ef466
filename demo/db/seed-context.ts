import { createHash } from 'node:crypto';
import { hashPasswordSync } from '../auth/password.js';
import type { SqliteConnection } from './open.js';
import { prng } from './prng.js';

/** `small` for tests (about 200 students); `large` for load (about 20k students, 2k sections). */
export type SeedSize = 'small' | 'large';

/** How many of everything each seed size makes. */
export const SIZES = {
  small: { students: 200, faculty: 20, coursesPerLevel: 1, sectionsPerCourse: 1.5, perStudent: 3 },
  large: { students: 20_000, faculty: 400, coursesPerLevel: 10, sectionsPerCourse: 5, perStudent: 5 },
} as const;

export const DEPARTMENTS: readonly [id: string, name: string, campus: string][] = [
  ['CS', 'Computer Science', 'main'], ['MATH', 'Mathematics', 'main'], ['PHYS', 'Physics', 'main'],
  ['CHEM', 'Chemistry', 'north'], ['BIO', 'Biology', 'north'], ['HIST', 'History', 'main'],
  ['ENG', 'English', 'online'], ['ECON', 'Economics', 'online'], ['PSY', 'Psychology', 'north'],
  ['ART', 'Art', 'north'],
];
export const TOPICS = ['Foundations', 'Methods', 'Systems', 'Theory', 'Practice', 'Analysis', 'Design', 'Seminar', 'Studio', 'Topics'];
export const LEVEL_NAMES = ['Introduction to', 'Intermediate', 'Advanced', 'Research in'];
export const FIRST = ['Ana', 'Ben', 'Chen', 'Dara', 'Eli', 'Fatima', 'Gus', 'Hana', 'Ivan', 'Jae', 'Kofi', 'Lena', 'Mateo', 'Nia', 'Omar', 'Priya'];
export const LAST = ['Garcia', 'Smith', 'Nguyen', 'Okafor', 'Kim', 'Rossi', 'Cohen', 'Silva', 'Ivanova', 'Haddad', 'Sato', 'Novak'];
export const SLOTS: readonly [days: string, start: number, length: number][] = [
  ...[480, 540, 600, 660, 720, 780, 840, 900].map((start): [string, number, number] => ['MWF', start, 50]),
  ...[480, 570, 660, 750, 840, 930].map((start): [string, number, number] => ['TR', start, 75]),
  ['MW', 960, 75], ['MW', 1050, 75],
];
export const PASSING = ['A', 'A-', 'B+', 'B', 'B-', 'C+', 'C'];
export const DAY = 86_400;

/** A section of the current term while the seed plans it (written once planning is done). */
export interface SectionRow {
  id: string; term: string; course: string; instructor: string; capacity: number; waitlistCapacity: number;
  days: string; start: number; end: number; room: string; sandbox: number; curated: boolean; credits: number;
  enrolled: number;
}

/** True when two sections meet on a common day at overlapping times. */
export function overlaps(a: SectionRow, b: SectionRow): boolean {
  return [...a.days].some((d) => b.days.includes(d)) && a.start < b.end && b.start < a.end;
}

/** Deterministic salt so the seed is byte-identical; real accounts get random salts. */
function fixedSalt(label: string): Buffer {
  return createHash('sha256').update(`zeus-demo-seed:${label}`).digest().subarray(0, 16);
}

/** The seed's hash of a demo password (fixed salt: the same in every seed). */
export function fixedSaltHash(password: string): string {
  return hashPasswordSync(password, fixedSalt(password));
}

function prepareInserts(db: SqliteConnection) {
  return {
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
    staff: db.prepare('INSERT INTO staff (id, email, name, password_hash, role, is_synthetic) VALUES (?, ?, ?, ?, ?, ?)'),
    student: db.prepare('INSERT INTO students (id, email, name, password_hash, is_synthetic) VALUES (?, ?, ?, ?, ?)'),
    section: db.prepare(
      `INSERT INTO sections (id, term_id, course_id, instructor_id, capacity, waitlist_capacity, enrolled_count, days, start_minute, end_minute, room, is_sandbox)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    enrollment: db.prepare('INSERT INTO enrollments (student_id, section_id, enrolled_at) VALUES (?, ?, ?)'),
    waitlist: db.prepare('INSERT INTO waitlists (student_id, section_id, position, added_at) VALUES (?, ?, ?, ?)'),
    grade: db.prepare('INSERT INTO grades (student_id, section_id, grade, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?)'),
  };
}

/**
 * What every seed step shares: the database and its insert statements, the size, the seed time
 * (`now`, unix seconds), the term ids and one seeded random stream. Steps must draw from
 * `random` in a fixed order: that order is what makes the seed deterministic.
 */
export function createSeedContext(db: SqliteConnection, sizeName: SeedSize, nowMs: number, terms: { current: string; past: string }) {
  const now = Math.floor(nowMs / 1000);
  const random = prng(0x5eed ^ now ^ (sizeName === 'large' ? 0x1a46e : 0));
  const hashes = new Map<string, string>();
  return {
    db,
    insert: prepareInserts(db),
    sizeName,
    size: SIZES[sizeName],
    nowMs,
    now,
    ...terms,
    random,
    pick: <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!,
    /** One scrypt hash per distinct password (with a fixed salt): hashing is the slow part of seeding. */
    hashOf(password: string): string {
      let hash = hashes.get(password);
      if (!hash) hashes.set(password, (hash = fixedSaltHash(password)));
      return hash;
    },
  };
}

/** See {@link createSeedContext}. */
export type SeedContext = ReturnType<typeof createSeedContext>;
