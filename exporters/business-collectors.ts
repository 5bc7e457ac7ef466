import {
  databaseSize,
  enrollmentsCommitted,
  gradeSections,
  gradeSectionsComplete,
  gradesPending,
  seatsCapacity,
  seatsFilled,
  seatsFillRatio,
  termEnrollmentCloses,
  termEnrollmentOpens,
  termEnrollmentWindowOpen,
  termGradeDeadline,
  waitlistLength,
  waitlistOldestAge,
} from '@zeus/instrumentation/catalog';
import { defineSqlCollector, type SqlCollector } from './collector.js';

/**
 * The academic KPIs, one SQL collector per concern. Every query excludes synthetic-monitoring
 * students (`students.is_synthetic = 1`) and the sandbox section (`sections.is_sandbox = 1`),
 * and groups only by term, department and campus. `$1` is the run's unix time; each query is
 * one text for SQLite and PostgreSQL unless it names both (a test holds each KPI equal to an
 * independent computation on both databases).
 */

/** Real (non-sandbox) sections with their term, department and campus. */
const REAL_SECTIONS = `
  SELECT s.id, s.term_id AS term, c.department_id AS department, d.campus AS campus, s.capacity
  FROM sections s
  JOIN courses c ON c.id = s.course_id
  JOIN departments d ON d.id = c.department_id
  WHERE s.is_sandbox = 0`;

/**
 * Enrollments of real students per section, as all enrollments (one covering-index scan) minus
 * the few synthetic ones (index lookups by student): ten times cheaper on the large seed than
 * checking every enrollment's student, and exactly equal.
 */
const REAL_ENROLLED = `
  SELECT t.section_id, t.n - COALESCE(syn.n, 0) AS n
  FROM (SELECT section_id, COUNT(*) AS n FROM enrollments GROUP BY section_id) t
  LEFT JOIN (
    SELECT section_id, COUNT(*) AS n FROM enrollments
    WHERE student_id IN (SELECT id FROM students WHERE is_synthetic = 1)
    GROUP BY section_id) syn ON syn.section_id = t.section_id`;

/**
 * Seats per term, department and campus: capacity of real sections, seats filled by real
 * students' committed enrollments, and their ratio (0 when capacity is 0).
 */
export const seatsCollector: SqlCollector = defineSqlCollector({
  name: 'seats',
  intervalMs: 30_000,
  query: `
    WITH sec AS (${REAL_SECTIONS}), filled AS (${REAL_ENROLLED})
    SELECT sec.term, sec.department, sec.campus,
      SUM(sec.capacity) AS capacity,
      COALESCE(SUM(filled.n), 0) AS filled,
      CASE WHEN SUM(sec.capacity) > 0 THEN CAST(COALESCE(SUM(filled.n), 0) AS DOUBLE PRECISION) / SUM(sec.capacity) ELSE 0 END AS ratio
    FROM sec LEFT JOIN filled ON filled.section_id = sec.id
    GROUP BY sec.term, sec.department, sec.campus
    ORDER BY 1, 2, 3`,
  metrics: [
    { metric: seatsCapacity, value: 'capacity' },
    { metric: seatsFilled, value: 'filled' },
    { metric: seatsFillRatio, value: 'ratio' },
  ],
});

/**
 * Waitlists per term, department and campus: real students waiting for real sections, and the
 * age in seconds of the oldest entry (0 for places with empty waitlists, which still report).
 */
export const waitlistsCollector: SqlCollector = defineSqlCollector({
  name: 'waitlists',
  intervalMs: 30_000,
  query: `
    WITH sec AS (${REAL_SECTIONS}),
    places AS (SELECT DISTINCT term, department, campus FROM sec),
    waiting AS (
      SELECT sec.term, sec.department, sec.campus, COUNT(*) AS n, MIN(w.added_at) AS oldest
      FROM waitlists w
      JOIN students st ON st.id = w.student_id AND st.is_synthetic = 0
      JOIN sec ON sec.id = w.section_id
      GROUP BY sec.term, sec.department, sec.campus)
    SELECT p.term, p.department, p.campus,
      COALESCE(waiting.n, 0) AS length,
      CASE WHEN waiting.oldest IS NULL OR waiting.oldest > $1 THEN 0 ELSE $1 - waiting.oldest END AS oldest_age
    FROM places p
    LEFT JOIN waiting ON waiting.term = p.term AND waiting.department = p.department AND waiting.campus = p.campus
    ORDER BY 1, 2, 3`,
  metrics: [
    { metric: waitlistLength, value: 'length' },
    { metric: waitlistOldestAge, value: 'oldest_age' },
  ],
});

/** Committed enrollments of real students in real sections, per term (0 for empty terms). */
export const enrollmentsCollector: SqlCollector = defineSqlCollector({
  name: 'enrollments',
  intervalMs: 30_000,
  query: `
    WITH per_term AS (
      SELECT s.term_id AS term, SUM(e.n) AS n
      FROM (${REAL_ENROLLED}) e
      JOIN sections s ON s.id = e.section_id AND s.is_sandbox = 0
      GROUP BY s.term_id)
    SELECT t.id AS term, COALESCE(per_term.n, 0) AS committed
    FROM terms t LEFT JOIN per_term ON per_term.term = t.id
    ORDER BY 1`,
  metrics: [{ metric: enrollmentsCommitted, value: 'committed' }],
});

/** The grades query, grouping the graded rows by `groupBy` (the one place the dialects differ). */
function gradesQuery(groupBy: string): string {
  return `
    WITH graded AS (
      -- grades of real students that match an enrollment
      SELECT g.section_id, COUNT(*) AS n
      FROM grades g
      JOIN enrollments e ON e.student_id = g.student_id AND e.section_id = g.section_id
      WHERE g.student_id NOT IN (SELECT id FROM students WHERE is_synthetic = 1)
      GROUP BY ${groupBy}),
    per_section AS (
      SELECT s.term_id AS term, e.n - COALESCE(graded.n, 0) AS pending
      FROM (${REAL_ENROLLED}) e
      JOIN sections s ON s.id = e.section_id AND s.is_sandbox = 0
      LEFT JOIN graded ON graded.section_id = e.section_id
      WHERE e.n > 0),
    per_term AS (
      SELECT term, COUNT(*) AS sections, SUM(CASE WHEN pending = 0 THEN 1 ELSE 0 END) AS complete, SUM(pending) AS pending
      FROM per_section GROUP BY term)
    SELECT t.id AS term, COALESCE(p.sections, 0) AS sections, COALESCE(p.complete, 0) AS complete,
      COALESCE(p.pending, 0) AS pending
    FROM terms t LEFT JOIN per_term p ON p.term = t.id
    ORDER BY 1`;
}

/**
 * Grade submission per term. A real section owes grades when a real student is enrolled in it;
 * it is complete when every such enrollment has a grade row. Pending = enrollments without one.
 */
export const gradesCollector: SqlCollector = defineSqlCollector({
  name: 'grades',
  intervalMs: 60_000,
  query: {
    // '+' keeps SQLite on the covering primary-key scan instead of walking grades_section with a
    // table lookup per row; PostgreSQL plans the join itself (and has no unary + on text).
    sqlite: gradesQuery('+g.section_id'),
    postgres: gradesQuery('g.section_id'),
  },
  metrics: [
    { metric: gradeSections, value: 'sections' },
    { metric: gradeSectionsComplete, value: 'complete' },
    { metric: gradesPending, value: 'pending' },
  ],
});

/**
 * The term calendar relative to now: seconds until the grade deadline and until the enrollment
 * window opens and closes (negative once passed), and whether the window is open. A short
 * interval keeps the countdowns close to the scrape time.
 */
export const termCalendarCollector: SqlCollector = defineSqlCollector({
  name: 'term_calendar',
  intervalMs: 15_000,
  query: `
    SELECT id AS term,
      grade_deadline_at - $1 AS grade_deadline,
      enrollment_opens_at - $1 AS opens,
      enrollment_closes_at - $1 AS closes,
      CASE WHEN enrollment_opens_at <= $1 AND $1 < enrollment_closes_at THEN 1 ELSE 0 END AS window_open
    FROM terms ORDER BY id`,
  metrics: [
    { metric: termGradeDeadline, value: 'grade_deadline' },
    { metric: termEnrollmentOpens, value: 'opens' },
    { metric: termEnrollmentCloses, value: 'closes' },
    { metric: termEnrollmentWindowOpen, value: 'window_open' },
  ],
});

/**
 * Size of the Zeus database on a PostgreSQL server (on SQLite the `database_files` collector
 * reads the files). The server's disk is the node exporter's, on the database host.
 */
export const databaseSizeCollector: SqlCollector = defineSqlCollector({
  name: 'database_size',
  intervalMs: 60_000,
  query: { postgres: 'SELECT pg_database_size(current_database()) AS bytes' },
  metrics: [{ metric: databaseSize, value: 'bytes' }],
});

/** The SQL collectors of the academic KPIs (on both databases). */
export const SQL_COLLECTORS: readonly SqlCollector[] = [
  seatsCollector,
  waitlistsCollector,
  enrollmentsCollector,
  gradesCollector,
  termCalendarCollector,
];
