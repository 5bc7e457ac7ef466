import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, startTestPostgres, type TestPostgres } from '../test/support/index.js';
import { withClient } from './index.js';

describe('a throwaway PostgreSQL cluster', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startTestPostgres();
  });
  afterAll(async () => pg?.stop());

  it('runs as the unprivileged server user, never as root, on loopback only', async () => {
    const [row] = await adminQuery<{ user: string; listen: string; version: string }>(
      pg.adminUrl,
      "SELECT current_setting('listen_addresses') AS listen, current_setting('server_version_num') AS version, (SELECT usename FROM pg_user WHERE usesysid = 10) AS user",
    );
    expect(row!.listen).toBe('127.0.0.1');
    expect(Number(row!.version)).toBeGreaterThanOrEqual(150000);
    const pid = pg.cluster.postmasterPid()!;
    const uid = Number(/Uid:\s+(\d+)/.exec((await import('node:fs')).readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
    expect(uid).not.toBe(0);
    expect(uid).toBe(pg.cluster.user.uid);
  });

  it('gives each test its own database; the read-only role can read but never write', async () => {
    const db = await pg.createDatabase();
    await withClient(db.appUrl, (c) => c.query('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2)'));
    const rows = await withClient(db.readonlyUrl, async (c) => (await c.query('SELECT COUNT(*) AS n FROM t')).rows);
    expect(rows).toEqual([{ n: 2 }]);
    await expect(withClient(db.readonlyUrl, (c) => c.query('INSERT INTO t VALUES (3)'))).rejects.toThrow(/read-only transaction/);
    const other = await pg.createDatabase();
    expect(other.name).not.toBe(db.name);
  });
});
