import type { Queryable } from '../db/database.js';

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

// Aliases are quoted: PostgreSQL folds unquoted names to lower case. string_agg with ORDER BY
// works in both (SQLite 3.44+).
const SELECT_SECTION = `
  SELECT s.id, s.term_id AS "termId", s.course_id AS "courseId", c.title, c.credits, c.department_id AS department,
         f.name AS instructor, s.days, s.start_minute AS "startMinute", s.end_minute AS "endMinute", s.room,
         s.capacity, s.enrolled_count AS enrolled, s.capacity - s.enrolled_count AS "seatsLeft",
         (SELECT COUNT(*) FROM waitlists w WHERE w.section_id = s.id) AS waitlisted, s.waitlist_capacity AS "waitlistCapacity",
         (SELECT string_agg(requires_id, ',' ORDER BY requires_id) FROM prerequisites p WHERE p.course_id = s.course_id) AS prerequisites,
         s.is_sandbox AS sandbox
  FROM sections s JOIN courses c ON c.id = s.course_id JOIN faculty f ON f.id = s.instructor_id`;

type Raw = Omit<SectionView, 'prerequisites' | 'sandbox'> & { prerequisites: string | null; sandbox: number };
const view = (row: Raw): SectionView => ({ ...row, prerequisites: row.prerequisites ? row.prerequisites.split(',') : [], sandbox: row.sandbox === 1 });

/** The SQL of the read side, shared by both databases (LIKE is made case-insensitive with lower()). */
export const QUERY_SQL = {
  search: `${SELECT_SECTION} WHERE s.term_id = $1 AND (CAST($2 AS TEXT) = '' OR lower(s.course_id) LIKE $3 OR lower(c.title) LIKE $3 OR lower(s.id) LIKE $3)
     ORDER BY s.id LIMIT $4`,
  section: `${SELECT_SECTION} WHERE s.id = $1`,
  schedule: `${SELECT_SECTION} JOIN enrollments e ON e.section_id = s.id WHERE e.student_id = $1 AND s.term_id = $2 ORDER BY s.days, s.start_minute`,
  waitlisted: `${SELECT_SECTION.replace('SELECT s.id', 'SELECT (SELECT COUNT(*) FROM waitlists w2 WHERE w2.section_id = s.id AND w2.position <= wl.position) AS position, s.id')}
     JOIN waitlists wl ON wl.section_id = s.id WHERE wl.student_id = $1 AND s.term_id = $2 ORDER BY s.id`,
} as const;

/** The read side of the enrollment API. */
export function createEnrollmentQueries(db: Queryable) {
  return {
    /** The SQL text of each query, for the database spans. */
    sql: { search: QUERY_SQL.search, section: QUERY_SQL.section, schedule: QUERY_SQL.schedule },
    /** Sections of a term whose course id, title or section id contains `q` (case-insensitive). */
    search: async (term: string, q: string, limit: number): Promise<SectionView[]> =>
      (await db.all<Raw>(QUERY_SQL.search, [term, q, `%${q.toLowerCase().replace(/[%_]/g, '')}%`, limit])).map(view),
    section: async (id: string): Promise<SectionView | undefined> => {
      const row = await db.get<Raw>(QUERY_SQL.section, [id]);
      return row && view(row);
    },
    /** A student's enrolled and waitlisted sections in a term. */
    schedule: async (studentId: string, term: string) => ({
      enrolled: (await db.all<Raw>(QUERY_SQL.schedule, [studentId, term])).map(view),
      waitlisted: (await db.all<Raw & { position: number }>(QUERY_SQL.waitlisted, [studentId, term])).map((row) => ({ ...view(row), position: row.position })),
    }),
  };
}
