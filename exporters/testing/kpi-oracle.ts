import Database from 'better-sqlite3';
import {
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
import { withClient } from '../../database/index.js';
import { seriesKey } from './exposition.js';

/** Names of every SQL KPI the oracle computes. */
export const KPI_NAMES: readonly string[] = [
  seatsCapacity, seatsFilled, seatsFillRatio, waitlistLength, waitlistOldestAge, enrollmentsCommitted,
  gradeSections, gradeSectionsComplete, gradesPending, termGradeDeadline, termEnrollmentOpens,
  termEnrollmentCloses, termEnrollmentWindowOpen,
].map((d) => d.name);

interface SectionRow { id: string; term_id: string; department_id: string; campus: string; capacity: number; is_sandbox: number }
type TermRow = { id: string; enrollment_opens_at: number; enrollment_closes_at: number; grade_deadline_at: number };

/** The rows the oracle reads, with plain `SELECT`s, from either database. */
interface OracleTables {
  synthetic: string[];
  sections: SectionRow[];
  enrollments: { student_id: string; section_id: string }[];
  waitlists: { student_id: string; section_id: string; added_at: number }[];
  graded: string[];
  terms: TermRow[];
}

const ORACLE_SQL = {
  synthetic: 'SELECT id FROM students WHERE is_synthetic = 1',
  sections: `SELECT s.id, s.term_id, c.department_id, d.campus, s.capacity, s.is_sandbox
         FROM sections s, courses c, departments d WHERE c.id = s.course_id AND d.id = c.department_id`,
  enrollments: 'SELECT student_id, section_id FROM enrollments',
  waitlists: 'SELECT student_id, section_id, added_at FROM waitlists',
  graded: `SELECT student_id || '|' || section_id AS k FROM grades`,
  terms: 'SELECT id, enrollment_opens_at, enrollment_closes_at, grade_deadline_at FROM terms',
} as const;

/**
 * The expected value of every SQL KPI, computed in plain TypeScript from direct `SELECT *`
 * reads of the tables of a SQLite file: an oracle independent of the exporter's aggregate queries.
 */
export function expectedKpis(dbPath: string, nowSeconds: number): Map<string, number> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const all = <T>(sql: string) => db.prepare(sql).all() as T[];
    return computeKpis({
      synthetic: all<{ id: string }>(ORACLE_SQL.synthetic).map((r) => r.id),
      sections: all(ORACLE_SQL.sections),
      enrollments: all(ORACLE_SQL.enrollments),
      waitlists: all(ORACLE_SQL.waitlists),
      graded: all<{ k: string }>(ORACLE_SQL.graded).map((r) => r.k),
      terms: all(ORACLE_SQL.terms),
    }, nowSeconds);
  } finally {
    db.close();
  }
}

/** The same oracle over the tables of a PostgreSQL database. */
export async function expectedKpisPostgres(url: string, nowSeconds: number): Promise<Map<string, number>> {
  return withClient(url, async (client) => {
    const all = async <T>(sql: string) => (await client.query(sql)).rows as T[];
    return computeKpis({
      synthetic: (await all<{ id: string }>(ORACLE_SQL.synthetic)).map((r) => r.id),
      sections: await all(ORACLE_SQL.sections),
      enrollments: await all(ORACLE_SQL.enrollments),
      waitlists: await all(ORACLE_SQL.waitlists),
      graded: (await all<{ k: string }>(ORACLE_SQL.graded)).map((r) => r.k),
      terms: await all(ORACLE_SQL.terms),
    }, nowSeconds);
  });
}

/** Every SQL KPI from the raw rows, as the collectors define them (see business-collectors.ts). */
function computeKpis(tables: OracleTables, nowSeconds: number): Map<string, number> {
  const synthetic = new Set(tables.synthetic);
  const sections = new Map(tables.sections.map((s) => [s.id, s]));
  const real = (sectionId: string) => {
    const s = sections.get(sectionId);
    return s && s.is_sandbox === 0 ? s : undefined;
  };
  const enrollments = tables.enrollments.filter((e) => !synthetic.has(e.student_id) && real(e.section_id));
  const waitlists = tables.waitlists.filter((w) => !synthetic.has(w.student_id) && real(w.section_id));
  const graded = new Set(tables.graded);
  const terms = tables.terms;

  const out = new Map<string, number>();
  const place = (s: SectionRow) => ({ term: s.term_id, department: s.department_id, campus: s.campus });
  const add = (name: string, labels: Record<string, string>, value: number) => {
    const key = seriesKey(name, labels);
    out.set(key, (out.get(key) ?? 0) + value);
  };
  for (const s of sections.values()) {
    if (s.is_sandbox) continue;
    add(seatsCapacity.name, place(s), s.capacity);
    add(seatsFilled.name, place(s), 0);
    add(waitlistLength.name, place(s), 0);
    out.set(seriesKey(waitlistOldestAge.name, place(s)), out.get(seriesKey(waitlistOldestAge.name, place(s))) ?? 0);
  }
  for (const e of enrollments) add(seatsFilled.name, place(real(e.section_id)!), 1);
  for (const key of [...out.keys()].filter((k) => k.startsWith(`${seatsCapacity.name}{`))) {
    const capacity = out.get(key)!;
    const filled = out.get(key.replace(seatsCapacity.name, seatsFilled.name))!;
    out.set(key.replace(seatsCapacity.name, seatsFillRatio.name), capacity > 0 ? filled / capacity : 0);
  }
  for (const w of waitlists) {
    const labels = place(real(w.section_id)!);
    add(waitlistLength.name, labels, 1);
    const key = seriesKey(waitlistOldestAge.name, labels);
    out.set(key, Math.max(out.get(key)!, Math.max(0, nowSeconds - w.added_at)));
  }
  for (const t of terms) {
    const term = { term: t.id };
    add(enrollmentsCommitted.name, term, 0);
    add(gradeSections.name, term, 0);
    add(gradeSectionsComplete.name, term, 0);
    add(gradesPending.name, term, 0);
    add(termGradeDeadline.name, term, t.grade_deadline_at - nowSeconds);
    add(termEnrollmentOpens.name, term, t.enrollment_opens_at - nowSeconds);
    add(termEnrollmentCloses.name, term, t.enrollment_closes_at - nowSeconds);
    add(termEnrollmentWindowOpen.name, term, t.enrollment_opens_at <= nowSeconds && nowSeconds < t.enrollment_closes_at ? 1 : 0);
  }
  const pendingBySection = new Map<string, number>();
  for (const e of enrollments) {
    const term = { term: real(e.section_id)!.term_id };
    add(enrollmentsCommitted.name, term, 1);
    const missing = graded.has(`${e.student_id}|${e.section_id}`) ? 0 : 1;
    add(gradesPending.name, term, missing);
    pendingBySection.set(e.section_id, (pendingBySection.get(e.section_id) ?? 0) + missing);
  }
  for (const [sectionId, pending] of pendingBySection) {
    const term = { term: real(sectionId)!.term_id };
    add(gradeSections.name, term, 1);
    if (pending === 0) add(gradeSectionsComplete.name, term, 1);
  }
  return out;
}

