import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad, startDemo, type DemoPorts, type RunningDemo } from '../demo/index.js';
import { freePortsFor } from '../test/support/index.js';
import { only } from './testing/exposition.js';
import { runExporter, scratchDir, type RunningExporter } from './testing/harness.js';
import { expectedKpis, KPI_NAMES } from './testing/kpi-oracle.js';

async function freePorts(): Promise<DemoPorts> {
  const keys = ['portal', 'enrollment', 'grades', 'portalAdmin', 'enrollmentAdmin', 'gradesAdmin', 'portalMetrics', 'enrollmentMetrics', 'gradesMetrics'] as const;
  return freePortsFor(keys);
}

function countRows(dbPath: string, table: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('against the running demo after load', () => {
  const dir = scratchDir('zeus-exporter-demo-');
  let demo: RunningDemo;
  let running: RunningExporter | undefined;
  let before: { enrollments: number; grades: number };

  beforeAll(async () => {
    demo = await startDemo({ dataDir: dir.path, seed: 'small', ports: await freePorts(), readyTimeoutMs: 60_000 });
    before = { enrollments: countRows(demo.dbPath!, 'enrollments'), grades: countRows(demo.dbPath!, 'grades') };
    const rush = await runLoad({ target: demo.urls.portal, scenario: 'registration-opening', durationMs: 4_000, concurrency: 8 });
    const deadline = await runLoad({ target: demo.urls.portal, scenario: 'grade-deadline', durationMs: 3_000, concurrency: 4 });
    expect(rush.requests + deadline.requests).toBeGreaterThan(20);
  }, 120_000);
  afterAll(async () => {
    await running?.stop();
    await demo?.stop();
    dir.remove();
  });

  it('serves every KPI equal to a direct computation over the demo database', async () => {
    const after = { enrollments: countRows(demo.dbPath!, 'enrollments'), grades: countRows(demo.dbPath!, 'grades') };
    // The load changed the database, so the comparison is not against the seed alone.
    expect(after).not.toEqual(before);
    const now = Date.now();
    running = await runExporter({ database: demo.dbPath!, backupDir: join(dir.path, 'backups'), clock: () => now });
    await running.exporter.refresh();
    const { series } = await running.scrape();
    const expected = expectedKpis(demo.dbPath!, Math.floor(now / 1000));
    const kpis = only(series, KPI_NAMES);
    expect([...kpis.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, value] of expected) expect(kpis.get(key), key).toBeCloseTo(value, 9);
    expect([...kpis.keys()].some((k) => k.includes('department="ZEUS"'))).toBe(false);
  });
});
