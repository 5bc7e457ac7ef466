import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySchema, openDatabase, seedDatabase } from '../demo/index.js';
import { createFixtureDatabase } from './testing/fixture-db.js';
import { only } from './testing/exposition.js';
import { runExporter, scratchDir, type RunningExporter } from './testing/harness.js';
import { expectedKpis, KPI_NAMES } from './testing/kpi-oracle.js';

const NOW_MS = Date.UTC(2027, 1, 10, 12, 0, 0);
const NOW_S = Math.floor(NOW_MS / 1000);

function seedDemo(path: string): void {
  const db = openDatabase(path);
  applySchema(db);
  seedDatabase(db, { size: 'small', now: NOW_MS });
  db.close();
}

function expectSameKpis(served: Map<string, number>, expected: Map<string, number>): void {
  const kpis = only(served, KPI_NAMES);
  expect([...kpis.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, value] of expected) expect(kpis.get(key), key).toBeCloseTo(value, 9);
}

const datasets: [string, (path: string) => void][] = [
  ['the exporter fixture (synthetic students in real sections)', (path) => createFixtureDatabase(path, undefined, NOW_S)],
  ['the demo seed (small)', seedDemo],
];

describe.each(datasets)('KPIs over %s', (_name, seed) => {
  const dir = scratchDir();
  const dbPath = join(dir.path, 'zeus.db');
  let running: RunningExporter;

  beforeAll(async () => {
    seed(dbPath);
    running = await runExporter({ database: dbPath, backupDir: join(dir.path, 'backups'), clock: () => NOW_MS });
    await running.exporter.refresh();
  });
  afterAll(async () => {
    await running?.stop();
    dir.remove();
  });

  it('serves every KPI equal to an independent computation over the same database', async () => {
    const { series } = await running.scrape();
    const expected = expectedKpis(dbPath, NOW_S);
    expect(expected.size).toBeGreaterThan(20);
    expectSameKpis(series, expected);
    for (const collector of ['seats', 'waitlists', 'enrollments', 'grades', 'term_calendar', 'database_files', 'backup']) {
      expect(series.get(`zeus_exporter_collector_success{collector="${collector}"}`), collector).toBe(1);
    }
  });

  it('ignores synthetic students and the sandbox section, and follows real changes', async () => {
    const db = new Database(dbPath);
    const before = only((await running.scrape()).series, KPI_NAMES);
    const sandbox = db.prepare('SELECT id, term_id FROM sections WHERE is_sandbox = 1').get() as { id: string; term_id: string };
    expect(sandbox).toBeDefined();
    const synthetic = db.prepare('SELECT id FROM students WHERE is_synthetic = 1').pluck().all() as string[];
    expect(synthetic.length).toBeGreaterThan(0);
    // A real section with free seats and nobody synthetic in it yet.
    const section = db
      .prepare(
        `SELECT s.id, s.term_id AS term, c.department_id AS department, d.campus FROM sections s
         JOIN courses c ON c.id = s.course_id JOIN departments d ON d.id = c.department_id
         WHERE s.is_sandbox = 0 AND s.term_id = ? ORDER BY s.id LIMIT 1`,
      )
      .get(sandbox.term_id) as { id: string; term: string; department: string; campus: string };
    const insertEnrollment = db.prepare('INSERT OR IGNORE INTO enrollments VALUES (?, ?, ?)');
    const insertWait = db.prepare('INSERT OR IGNORE INTO waitlists VALUES (?, ?, ?, ?)');
    for (const [i, id] of synthetic.entries()) {
      insertEnrollment.run(id, section.id, NOW_S);
      insertEnrollment.run(id, sandbox.id, NOW_S);
      insertWait.run(id, section.id, 900 + i, NOW_S - 900 * 86_400);
      insertWait.run(id, sandbox.id, 900 + i, NOW_S - 900 * 86_400);
    }
    await running.exporter.refresh(undefined, { force: true });
    const afterSynthetic = only((await running.scrape()).series, KPI_NAMES);
    expect(afterSynthetic).toEqual(before);
    if (sandboxOnly(db, sandbox.id)) {
      // The demo's sandbox has a department of its own (ZEUS): it must not appear at all.
      const department = `department="${sandboxDepartment(db, sandbox.id)}"`;
      expect([...afterSynthetic.keys()].filter((k) => k.includes(department))).toEqual([]);
    }

    // One real enrollment moves the KPIs, so the comparison above could have failed.
    const real = db
      .prepare('SELECT id FROM students WHERE is_synthetic = 0 AND id NOT IN (SELECT student_id FROM enrollments WHERE section_id = ?) LIMIT 1')
      .pluck()
      .get(section.id) as string;
    insertEnrollment.run(real, section.id, NOW_S);
    db.close();
    await running.exporter.refresh(undefined, { force: true });
    const { series } = await running.scrape();
    const labels = `campus="${section.campus}",department="${section.department}",term="${section.term}"`;
    expect(series.get(`zeus_seats_filled{${labels}}`)).toBe(before.get(`zeus_seats_filled{${labels}}`)! + 1);
    expect(series.get(`zeus_enrollments_committed{term="${section.term}"}`)).toBe(before.get(`zeus_enrollments_committed{term="${section.term}"}`)! + 1);
    expectSameKpis(series, expectedKpis(dbPath, NOW_S));
  });
});

function sandboxDepartment(db: Database.Database, sandboxId: string): string {
  return db.prepare('SELECT c.department_id FROM sections s JOIN courses c ON c.id = s.course_id WHERE s.id = ?').pluck().get(sandboxId) as string;
}

/** True when the sandbox's department has no real section (so its label must not appear at all). */
function sandboxOnly(db: Database.Database, sandboxId: string): boolean {
  const dept = sandboxDepartment(db, sandboxId);
  const realSections = db
    .prepare('SELECT COUNT(*) FROM sections s JOIN courses c ON c.id = s.course_id WHERE c.department_id = ? AND s.is_sandbox = 0')
    .pluck()
    .get(dept) as number;
  return realSections === 0;
}
