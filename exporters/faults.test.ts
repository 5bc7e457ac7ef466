import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { seatsCapacity } from '@zeus/instrumentation/catalog';
import { afterEach, describe, expect, it } from 'vitest';
import { SQL_COLLECTORS } from './business-collectors.js';
import { defineSqlCollector, type Collector } from './collector.js';
import { ALL_COLLECTORS } from './all-collectors.js';
import { createFixtureDatabase, SMALL_FIXTURE } from './testing/fixture-db.js';
import { only } from './testing/exposition.js';
import { runExporter, scratchDir, type RunningExporter } from './testing/harness.js';
import { expectedKpis, KPI_NAMES } from './testing/kpi-oracle.js';

/** The real collectors with a 2 s timeout (so a lock fails after its 0.5 s busy wait), to keep the tests quick. */
const QUICK: readonly Collector[] = ALL_COLLECTORS.map((c) => ({ ...c, timeoutMs: 2_000 }));
/** Fixed clock, so time-relative KPIs compare equal across runs. */
const NOW_MS = 1_800_000_000_000;
const SQL_NAMES = SQL_COLLECTORS.map((c) => c.name);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: { seed?: boolean; journal?: 'WAL' | 'DELETE'; collectors?: readonly Collector[] } = {}) {
  const dir = scratchDir();
  cleanups.push(() => dir.remove());
  const dbPath = join(dir.path, 'zeus.db');
  if (options.seed !== false) {
    createFixtureDatabase(dbPath);
    if (options.journal === 'DELETE') {
      const db = new Database(dbPath);
      db.pragma('journal_mode = DELETE');
      db.close();
    }
  }
  const running = await runExporter({ database: dbPath, backupDir: join(dir.path, 'backups'), collectors: options.collectors ?? QUICK, clock: () => NOW_MS });
  cleanups.push(() => running.stop());
  return { dbPath, running };
}

function success(series: Map<string, number>, collector: string): number | undefined {
  return series.get(`zeus_exporter_collector_success{collector="${collector}"}`);
}

function failureLines(running: RunningExporter, collector: string) {
  return running.logger.lines.filter((l) => l.level === 'error' && l.fields.collector === collector);
}

/** The exporter answers its landing page and /metrics; resolves with the scrape time in ms. */
async function expectResponsive(running: RunningExporter): Promise<number> {
  const landing = await fetch(`${running.server.url}/`);
  expect(landing.status).toBe(200);
  const { ms } = await running.scrape();
  return ms;
}

describe('before the first run', () => {
  it('reports no success value (unknown, not failing) until a collector has run', async () => {
    const { running } = await setup();
    const before = await running.scrape();
    expect(success(before.series, 'seats')).toBeUndefined();
    expect(before.series.get('zeus_exporter_collector_last_success_timestamp_seconds{collector="seats"}')).toBe(0);
    await running.exporter.refresh();
    expect(success((await running.scrape()).series, 'seats')).toBe(1);
  });
});

describe('faults: the exporter stays up and the affected collectors fail', () => {
  it('a missing database fails the SQL and file collectors with one clear log line each, then recovers', async () => {
    const { dbPath, running } = await setup({ seed: false });
    await running.exporter.refresh();
    await running.exporter.refresh(undefined, { force: true }); // still failing: no second log line
    await expectResponsive(running);
    const { series } = await running.scrape();
    for (const name of [...SQL_NAMES, 'database_files']) {
      expect(success(series, name), name).toBe(0);
      const lines = failureLines(running, name);
      expect(lines, name).toHaveLength(1);
      expect(lines[0]!.message).toBe(`collector ${name} failed: database file not found: ${dbPath}`);
    }
    expect(success(series, 'backup')).toBe(1);
    expect(only(series, KPI_NAMES).size).toBe(0);
    // The page says which collectors fail; the cause (with the database path) stays in the log.
    const page = await (await fetch(`${running.server.url}/`)).text();
    expect(page).toContain('<td>seats</td><td>failing (never succeeded; the cause is in the exporter log)</td>');
    expect(page).not.toContain(dbPath);
    expect(page).not.toContain('not found');

    createFixtureDatabase(dbPath);
    await running.exporter.refresh(undefined, { force: true });
    const after = await running.scrape();
    for (const name of SQL_NAMES) expect(success(after.series, name), name).toBe(1);
    expect(only(after.series, KPI_NAMES).size).toBeGreaterThan(20);
    expect(running.logger.lines.filter((l) => l.message === 'collector seats recovered')).toHaveLength(1);
  });

  it('a database locked by another connection drops the KPIs, keeps last_success, and recovers when released', async () => {
    const { dbPath, running } = await setup({ journal: 'DELETE' });
    await running.exporter.refresh();
    const before = await running.scrape();
    expect(success(before.series, 'seats')).toBe(1);
    const lastGood = before.series.get('zeus_exporter_collector_last_success_timestamp_seconds{collector="seats"}')!;
    expect(lastGood).toBeGreaterThan(0);

    const holder = new Database(dbPath);
    holder.exec("BEGIN EXCLUSIVE; INSERT INTO meta VALUES ('lock', 'held')");
    try {
      let refreshed = false;
      const refreshing = running.exporter.refresh(undefined, { force: true }).then(() => (refreshed = true));
      // The HTTP server answers while the query host is still waiting on the lock (5 x 0.5 s).
      await expectResponsive(running);
      expect(refreshed).toBe(false);
      await refreshing;
      const { series } = await running.scrape();
      for (const name of SQL_NAMES) {
        expect(success(series, name), name).toBe(0);
        expect(failureLines(running, name).map((l) => l.message)).toEqual([`collector ${name} failed: database is locked (SQLITE_BUSY)`]);
      }
      expect(only(series, KPI_NAMES).size).toBe(0);
      expect(series.get('zeus_exporter_collector_last_success_timestamp_seconds{collector="seats"}')).toBe(lastGood);
      expect(success(series, 'database_files')).toBe(1);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    await running.exporter.refresh(undefined, { force: true });
    const after = await running.scrape();
    expect(success(after.series, 'seats')).toBe(1);
    expect(only(after.series, KPI_NAMES)).toEqual(only(before.series, KPI_NAMES));
  });

  it('a slow query times out, is killed, and neither blocks scrapes nor the collectors after it', async () => {
    const slow = defineSqlCollector({
      name: 'slow',
      timeoutMs: 1_500,
      minIntervalMs: 1_000,
      query: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500000000)
              SELECT 'X' AS term, 'X' AS department, 'X' AS campus, COUNT(*) AS v FROM n`,
      metrics: [{ metric: seatsCapacity, value: 'v' }],
    });
    const seats = SQL_COLLECTORS.find((c) => c.name === 'waitlists')!;
    const { running } = await setup({ collectors: [slow, seats] });
    const started = performance.now();
    let refreshed = false;
    const refreshing = running.exporter.refresh().then(() => (refreshed = true));
    // Scrapes are answered while the slow query is still running in the query host.
    for (let i = 0; i < 3; i++) await expectResponsive(running);
    expect(refreshed).toBe(false);
    await refreshing;
    // Killed at the timeout: the query itself would run for minutes.
    expect(performance.now() - started).toBeLessThan(10_000);
    const { series } = await running.scrape();
    expect(success(series, 'slow')).toBe(0);
    expect(failureLines(running, 'slow').map((l) => l.message)).toEqual(['collector slow failed: query timed out after 1500 ms']);
    expect(series.get('zeus_exporter_collector_duration_seconds{collector="slow"}')).toBeGreaterThanOrEqual(1.5);
    expect(success(series, 'waitlists')).toBe(1);
    expect([...series.keys()].some((k) => k.startsWith('zeus_seats_capacity'))).toBe(false);
  });

  it('a corrupt database file fails the SQL collectors with the SQLite cause', async () => {
    const { dbPath, running } = await setup({ journal: 'DELETE' });
    const fd = openSync(dbPath, 'r+');
    writeSync(fd, Buffer.alloc(100, 0xab), 0, 100, 0);
    closeSync(fd);
    await running.exporter.refresh();
    await expectResponsive(running);
    const { series } = await running.scrape();
    for (const name of SQL_NAMES) {
      expect(success(series, name), name).toBe(0);
      expect(failureLines(running, name).map((l) => l.message)).toEqual([`collector ${name} failed: file is not a database (SQLITE_NOTADB)`]);
    }
    expect(only(series, KPI_NAMES).size).toBe(0);
  });

  it('a failing query fails only its own collector', async () => {
    const broken = defineSqlCollector({
      name: 'broken',
      query: 'SELECT term, department, campus, seats FROM no_such_view',
      metrics: [{ metric: seatsCapacity, value: 'seats' }],
    });
    const { running } = await setup({ collectors: [broken, ...QUICK.filter((c) => c.name !== 'seats')] });
    await running.exporter.refresh();
    const { series } = await running.scrape();
    expect(success(series, 'broken')).toBe(0);
    expect(failureLines(running, 'broken').map((l) => l.message)).toEqual(['collector broken failed: no such table: no_such_view (SQLITE_ERROR)']);
    for (const name of SQL_NAMES.filter((n) => n !== 'seats')) expect(success(series, name), name).toBe(1);
  });

  it('a query returning a non-numeric value fails the run instead of serving part of it', async () => {
    const text = defineSqlCollector({
      name: 'textual',
      query: `SELECT id AS term, 'd' AS department, 'c' AS campus, CASE WHEN id = (SELECT MAX(id) FROM terms) THEN 'many' ELSE 1 END AS v FROM terms`,
      metrics: [{ metric: seatsCapacity, value: 'v' }],
    });
    const { running } = await setup({ collectors: [text] });
    await running.exporter.refresh();
    const { series } = await running.scrape();
    expect(success(series, 'textual')).toBe(0);
    expect(failureLines(running, 'textual')[0]!.message).toMatch(/column 'v' of zeus_seats_capacity is not a finite number \(got many\)/);
    expect([...series.keys()].some((k) => k.startsWith('zeus_seats_capacity'))).toBe(false);
  });

  it('a database file replaced under it (a re-seeded demo) is reopened, not read from the deleted file', async () => {
    const { dbPath, running } = await setup();
    await running.exporter.refresh();
    const before = only((await running.scrape()).series, KPI_NAMES);
    const replacement = `${dbPath}.new`;
    createFixtureDatabase(replacement, SMALL_FIXTURE, NOW_MS / 1000, 7);
    renameSync(replacement, dbPath);
    await running.exporter.refresh(undefined, { force: true });
    const after = only((await running.scrape()).series, KPI_NAMES);
    expect(after).not.toEqual(before);
    expect(after).toEqual(expectedKpis(dbPath, NOW_MS / 1000));
  });
});
