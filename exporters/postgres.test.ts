import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { databaseSize, waitlistLength } from '@zeus/instrumentation/catalog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyZeusSchema, postgresDatabase, seedPostgres } from '../demo/index.js';
import { adminQuery, freePort, startProcess, startTestPostgres, waitFor, type TestDatabase, type TestPostgres } from '../test/support/index.js';
import { defineSqlCollector, SQL_COLLECTORS, seatsCollector } from './index.js';
import { only, parseExposition } from './testing/exposition.js';
import { runExporter, scratchDir } from './testing/harness.js';
import { expectedKpisPostgres, KPI_NAMES } from './testing/kpi-oracle.js';

const NOW_MS = Date.UTC(2027, 1, 10, 12, 0, 0);
const NOW_S = Math.floor(NOW_MS / 1000);
const CLI = new URL('../bin/zeus-obs.mjs', import.meta.url).pathname;

describe('zeus-business-exporter on PostgreSQL', () => {
  const dir = scratchDir();
  let pg: TestPostgres;
  let db: TestDatabase;

  beforeAll(async () => {
    pg = await startTestPostgres();
    db = await pg.createDatabase();
    const database = postgresDatabase(db.appUrl);
    await applyZeusSchema(database);
    await seedPostgres(database, { size: 'small', now: NOW_MS });
    await database.close();
  });
  afterAll(async () => {
    await pg?.stop();
    dir.remove();
  });

  it('serves every KPI equal to an independent computation over the same tables, as the read-only role', async () => {
    const running = await runExporter({ database: db.readonlyUrl, backupDir: join(dir.path, 'backups'), clock: () => NOW_MS });
    try {
      await running.exporter.refresh();
      const { series } = await running.scrape();
      const expected = await expectedKpisPostgres(db.adminUrl, NOW_S);
      const kpis = only(series, KPI_NAMES);
      expect(expected.size).toBeGreaterThan(20);
      expect([...kpis.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [key, value] of expected) expect(kpis.get(key), key).toBeCloseTo(value, 9);
      for (const collector of ['seats', 'waitlists', 'enrollments', 'grades', 'term_calendar', 'database_size', 'backup']) {
        expect(series.get(`zeus_exporter_collector_success{collector="${collector}"}`), collector).toBe(1);
      }
      // The SQLite file collector does not run on PostgreSQL; the server reports the size.
      expect(series.has('zeus_exporter_collector_success{collector="database_files"}')).toBe(false);
      expect(series.get(databaseSize.name)).toBeGreaterThan(1_000_000);
    } finally {
      await running.stop();
    }
  });

  it('cancels a slow query with statement_timeout on the server and drops only that collector\'s KPIs', async () => {
    const slow = defineSqlCollector({
      name: 'slow_waitlists', timeoutMs: 400,
      query: { postgres: "SELECT 'T' AS term, 'D' AS department, 'main' AS campus, 1 AS length, 0 AS oldest_age FROM pg_sleep(5)" },
      metrics: [{ metric: waitlistLength, value: 'length' }, { metric: SQL_COLLECTORS[1]!.metrics[1]!.metric, value: 'oldest_age' }],
    });
    const running = await runExporter({ database: db.readonlyUrl, backupDir: dir.path, collectors: [seatsCollector, slow], clock: () => NOW_MS });
    try {
      const started = performance.now();
      await running.exporter.refresh();
      expect(performance.now() - started).toBeLessThan(4_000);
      const { series } = await running.scrape();
      expect(series.get('zeus_exporter_collector_success{collector="slow_waitlists"}')).toBe(0);
      expect(series.get('zeus_exporter_collector_success{collector="seats"}')).toBe(1);
      expect([...series.keys()].some((k) => k.startsWith('zeus_waitlist_length'))).toBe(false);
      expect([...series.keys()].filter((k) => k.startsWith('zeus_seats_capacity{')).length).toBeGreaterThan(5);
      const line = running.logger.lines.find((l) => l.fields.collector === 'slow_waitlists');
      expect(line?.message).toMatch(/collector slow_waitlists failed: canceling statement due to statement timeout \(statement_timeout 400 ms\)/);
      // Cancelled by the server: nothing is left sleeping there.
      const sleeping = await adminQuery(db.adminUrl, "SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(5)%' AND pid <> pg_backend_pid()");
      expect(sleeping).toEqual([]);
    } finally {
      await running.stop();
    }
  });

  it('cannot write: a collector that tries fails, and the table is unchanged', async () => {
    const writer = defineSqlCollector({
      name: 'writer',
      query: { postgres: "INSERT INTO meta (key, value) VALUES ('hacked', 'yes') RETURNING 'T' AS term, 'D' AS department, 'main' AS campus, 1 AS length, 0 AS oldest_age" },
      metrics: [{ metric: waitlistLength, value: 'length' }],
    });
    const running = await runExporter({ database: db.readonlyUrl, backupDir: dir.path, collectors: [writer], clock: () => NOW_MS });
    try {
      await running.exporter.refresh();
      expect((await running.scrape()).series.get('zeus_exporter_collector_success{collector="writer"}')).toBe(0);
      expect(running.logger.lines.find((l) => l.fields.collector === 'writer')?.message).toMatch(/read-only transaction \(25006\)/);
      expect(await adminQuery(db.adminUrl, "SELECT * FROM meta WHERE key = 'hacked'")).toEqual([]);
    } finally {
      await running.stop();
    }
  });

  it('runs from the CLI with the password in a file, and keeps serving while the server is down, then recovers', async () => {
    const passwordFile = join(dir.path, 'readonly-password');
    writeFileSync(passwordFile, pg.roles.readonly.password, { mode: 0o600 });
    const url = new URL(db.readonlyUrl);
    url.password = '';
    const port = await freePort();
    const cli = startProcess(process.execPath, [CLI, 'exporter', 'business', '--database', url.toString(), '--port', String(port), '--backup-dir', join(dir.path, 'b')], {
      env: { ...process.env, ZEUS_DATABASE_PASSWORD_FILE: passwordFile },
    });
    const metrics = async () => parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    try {
      await waitFor('every SQL collector to succeed', async () => (await metrics()).get('zeus_exporter_collector_success{collector="grades"}') === 1, { timeoutMs: 30_000 });
      expect(cli.output()).not.toContain(pg.roles.readonly.password);
      // The server goes away: the SQL collectors fail, the file-based backup collector does not.
      const running = await runExporter({ database: db.readonlyUrl, backupDir: dir.path, clock: () => NOW_MS });
      const once = async () => {
        await running.exporter.refresh(undefined, { force: true });
        return (await running.scrape()).series;
      };
      try {
        await pg.cluster.stop('fast');
        const down = await once();
        expect(down.get('zeus_exporter_collector_success{collector="seats"}')).toBe(0);
        expect(down.get('zeus_exporter_collector_success{collector="backup"}')).toBe(1);
        expect([...down.keys()].some((k) => k.startsWith('zeus_seats_capacity{'))).toBe(false);
        expect(running.logger.lines.find((l) => l.fields.collector === 'seats')?.message).toMatch(/ECONNREFUSED/);
        await pg.cluster.start();
        expect((await once()).get('zeus_exporter_collector_success{collector="seats"}')).toBe(1);
      } finally {
        await running.stop();
      }
    } finally {
      if (!pg.cluster.running()) await pg.cluster.start();
      expect(await cli.stop()).toBe(0);
    }
  });
});
