import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../test/support/index.js';
import { SQL_COLLECTORS } from './business-collectors.js';
import { createFixtureDatabase } from './testing/fixture-db.js';
import { QueryHost, type QueryRequest, type QueryResult } from './query-host.js';
import { runExporter, scratchDir, type RunningExporter } from './testing/harness.js';

/** A real query host that counts the queries it is given. */
class CountingHost extends QueryHost {
  count = 0;
  override query(request: QueryRequest): Promise<QueryResult> {
    this.count++;
    return super.query(request);
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(intervalMs: number, minIntervalMs: number, clock?: () => number) {
  const dir = scratchDir();
  cleanups.push(() => dir.remove());
  const dbPath = join(dir.path, 'zeus.db');
  createFixtureDatabase(dbPath);
  const host = new CountingHost();
  cleanups.push(() => host.close());
  const collectors = SQL_COLLECTORS.map((c) => ({ ...c, intervalMs, minIntervalMs }));
  const running: RunningExporter = await runExporter({ database: dbPath, backupDir: dir.path, collectors, queryHost: host, ...(clock ? { clock } : {}) });
  cleanups.push(() => running.stop());
  return { host, running };
}

describe('caching: scrapes never query the database', () => {
  it('serves repeated scrapes from the cache and honours the minimum interval', async () => {
    let now = 1_800_000_000_000;
    const { host, running } = await setup(60_000, 10_000, () => now);
    await running.exporter.refresh();
    expect(host.count).toBe(SQL_COLLECTORS.length);
    for (let i = 0; i < 25; i++) await running.scrape();
    expect(host.count).toBe(SQL_COLLECTORS.length);
    now += 9_000;
    await running.exporter.refresh(); // inside the minimum interval: cache kept
    expect(host.count).toBe(SQL_COLLECTORS.length);
    now += 2_000;
    await running.exporter.refresh();
    expect(host.count).toBe(2 * SQL_COLLECTORS.length);
  });

  it('coalesces concurrent refreshes of a collector into one query', async () => {
    const { host, running } = await setup(60_000, 10_000);
    await Promise.all([running.exporter.refresh(['seats'], { force: true }), running.exporter.refresh(['seats'], { force: true })]);
    expect(host.count).toBe(1);
  });

  it('refreshes in the background on the interval, however often it is scraped', async () => {
    const { host, running } = await setup(400, 400);
    running.exporter.start();
    const started = performance.now();
    await waitFor('three background rounds', () => host.count >= 3 * SQL_COLLECTORS.length, { timeoutMs: 10_000, intervalMs: 5 });
    let scrapes = 0;
    const scraping = performance.now();
    while (performance.now() - scraping < 1_000) {
      await running.scrape();
      scrapes++;
    }
    const elapsed = performance.now() - started;
    expect(scrapes).toBeGreaterThan(5);
    // One run per collector per interval at most (plus the immediate first run).
    expect(host.count).toBeLessThanOrEqual((Math.floor(elapsed / 400) + 1) * SQL_COLLECTORS.length);
  });
});
