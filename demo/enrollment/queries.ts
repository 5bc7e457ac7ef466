import type { Database } from '../db/open.js';

/** A section as the enrollment API returns it. */
export interface SectionView {
  id: string;
  termId: string;
  courseId: string;
  title: string;
  credits: number;
  department: string;
  instructor: string;
  days: string;
  startMinute: number;
  endMinute: number;
  room: string;
  capacity: number;
  enrolled: number;
  seatsLeft: number;
  waitlisted: number;
  waitlistCapacity: number;
  prerequisites: string[];
  sandbox: boolean;
}

const SELECT_SECTION = `
  SELECT s.id, s.term_id AS termId, s.course_id AS courseId, c.title, c.credits, c.department_id AS department,
         f.name AS instructor, s.days, s.start_minute AS startMinute, s.end_minute AS endMinute, s.room,
         s.capacity, s.enrolled_count AS enrolled, s.capacity - s.enrolled_count AS seatsLeft,
         (SELECT COUNT(*) FROM waitlists w WHERE w.section_id = s.id) AS waitlisted, s.waitlist_capacity AS waitlistCapacity,
         (SELECT group_concat(requires_id, ',') FROM prerequisites p WHERE p.course_id = s.course_id) AS prerequisites,
         s.is_sandbox AS sandbox
  FROM sections s JOIN courses c ON c.id = s.course_id JOIN faculty f ON f.id = s.instructor_id`;

type Raw = Omit<SectionView, 'prerequisites' | 'sandbox'> & { prerequisites: string | null; sandbox: number };
const view = (row: Raw): SectionView => ({ ...row, prerequisites: row.prerequisites ? row.prerequisites.split(',') : [], sandbox: row.sandbox === 1 });

/** The read side of the enrollment API. */
export function createEnrollmentQueries(db: Database) {
  const search = db.prepare(
    `${SELECT_SECTION} WHERE s.term_id = @term AND (@q = '' OR s.course_id LIKE @like OR c.title LIKE @like OR s.id LIKE @like)
     ORDER BY s.id LIMIT @limit`,
  );
  const one = db.prepare(`${SELECT_SECTION} WHERE s.id = ?`);
  const enrolled = db.prepare(`${SELECT_SECTION} JOIN enrollments e ON e.section_id = s.id WHERE e.student_id = ? AND s.term_id = ? ORDER BY s.days, s.start_minute`);
  const waitlisted = db.prepare(
    `${SELECT_SECTION.replace('SELECT s.id', 'SELECT (SELECT COUNT(*) FROM waitlists w2 WHERE w2.section_id = s.id AND w2.position <= wl.position) AS position, s.id')}
     JOIN waitlists wl ON wl.section_id = s.id WHERE wl.student_id = ? AND s.term_id = ? ORDER BY s.id`,
  );
  return {
    /** The SQL text of each query, for the database spans. */
    sql: { search: search.source, section: one.source, schedule: enrolled.source },
    /** Sections of a term whose course id, title or section id contains `q` (case-insensitive). */
    search: (term: string, q: string, limit: number): SectionView[] =>
      (search.all({ term, q, like: `%${q.replace(/[%_]/g, '')}%`, limit }) as Raw[]).map(view),
    section: (id: string): SectionView | undefined => {
      const row = one.get(id) as Raw | undefined;
      return row && view(row);
    },
    /** A student's enrolled and waitlisted sections in a term. */
    schedule: (studentId: string, term: string) => ({
      enrolled: (enrolled.all(studentId, term) as Raw[]).map(view),
      waitlisted: (waitlisted.all(studentId, term) as (Raw & { position: number })[]).map((row) => ({ ...view(row), position: row.position })),
    }),
  };
}
