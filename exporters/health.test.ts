import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SQL_COLLECTORS } from './business-collectors.js';
import { QueryHost } from './query-host.js';
import { createFixtureDatabase } from './testing/fixture-db.js';
import { runExporter, scratchDir } from './testing/harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('exporter health endpoints (Kubernetes probes)', () => {
  it('answers /healthz at once, and /readyz only after every collector has run once', async () => {
    const dir = scratchDir();
    cleanups.push(() => dir.remove());
    const dbPath = join(dir.path, 'zeus.db');
    createFixtureDatabase(dbPath);
    const host = new QueryHost();
    cleanups.push(() => host.close());
    const running = await runExporter({ database: dbPath, backupDir: dir.path, collectors: SQL_COLLECTORS, queryHost: host });
    cleanups.push(() => running.stop());
    const get = (path: string) => fetch(`${running.server.url}${path}`);
    expect((await get('/healthz')).status).toBe(200);
    const before = await get('/readyz');
    expect(before.status).toBe(503);
    expect(((await before.json()) as { pending: string[] }).pending.length).toBeGreaterThan(0);
    await running.exporter.refresh();
    expect((await get('/readyz')).status).toBe(200);
  });
});
