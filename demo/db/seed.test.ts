import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, applySchema, openDatabase, sandboxSectionId, seedDatabase } from './index.js';

const NOW = Date.UTC(2026, 10, 27, 12);

function seeded(now = NOW) {
  const db = openDatabase(':memory:');
  applySchema(db);
  const summary = seedDatabase(db, { size: 'small', now });
  return { db, summary };
}

describe('seedDatabase', () => {
  it('is deterministic for the same size and time', () => {
    const dump = (now: number) => {
      const { db } = seeded(now);
      return ['students', 'sections', 'enrollments', 'waitlists', 'grades'].map((t) =>
        JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()),
      );
    };
    expect(dump(NOW)).toEqual(dump(NOW));
  });

  it('opens the current enrollment window and puts the grade deadline in the future', () => {
    const { db, summary } = seeded();
    const term = db.prepare('SELECT * FROM terms WHERE id = ?').get(summary.currentTermId) as Record<string, number>;
    const now = NOW / 1000;
    expect(term.enrollment_opens_at).toBeLessThan(now);
    expect(term.enrollment_closes_at).toBeGreaterThan(now);
    expect(term.grade_deadline_at).toBeGreaterThan(now);
  });

  it('includes the demo and synthetic accounts and one sandbox section', () => {
    const { db, summary } = seeded();
    for (const account of DEMO_ACCOUNTS) {
      const table = account.role === 'student' ? 'students' : account.role === 'auditor' ? 'staff' : 'faculty';
      const row = db.prepare(`SELECT is_synthetic FROM ${table} WHERE email = ?`).get(account.email) as { is_synthetic: number };
      expect(row.is_synthetic).toBe(account.synthetic ? 1 : 0);
    }
    const sandboxes = db.prepare('SELECT id FROM sections WHERE is_sandbox = 1').all();
    expect(sandboxes).toEqual([{ id: sandboxSectionId(summary.currentTermId) }]);
  });

  it('keeps every enrolled_count equal to the enrollment rows and within capacity', () => {
    const { db } = seeded();
    const mismatched = db
      .prepare(
        `SELECT s.id FROM sections s LEFT JOIN enrollments e ON e.section_id = s.id
         GROUP BY s.id HAVING COUNT(e.student_id) != s.enrolled_count OR s.enrolled_count > s.capacity`,
      )
      .all();
    expect(mismatched).toEqual([]);
  });

  it('records past-term grades for prerequisites and some current-term grades', () => {
    const { db, summary } = seeded();
    const count = (term: string) =>
      (db.prepare('SELECT COUNT(*) AS n FROM grades g JOIN sections s ON s.id = g.section_id WHERE s.term_id = ?').get(term) as { n: number }).n;
    expect(count(summary.pastTermId)).toBeGreaterThan(100);
    expect(count(summary.currentTermId)).toBeGreaterThan(0);
  });

  it('refuses to seed a database that already has data', () => {
    const { db } = seeded();
    expect(() => seedDatabase(db, { size: 'small', now: NOW })).toThrow(/already has data/);
  });
});
