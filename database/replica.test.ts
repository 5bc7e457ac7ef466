import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, freePort, startTestPostgres, type TestDatabase, type TestPostgres } from '../test/support/index.js';
import { inRecovery, postgresUrl, promoteReplica, replicationLag, startReplica, waitForCatchUp, withClient, type LocalCluster } from './index.js';

describe('a streaming replica (the second region)', () => {
  let pg: TestPostgres;
  let db: TestDatabase;
  let replica: LocalCluster | undefined;
  // The replica's own folder, handed to the server user by startReplica (like a test cluster's).
  const root = mkdtempSync(join(tmpdir(), 'zeus-replica-'));
  const onReplica = (url: string) => { const u = new URL(url); u.port = String(replica!.port); return u.toString(); };

  beforeAll(async () => {
    pg = await startTestPostgres();
    db = await pg.createDatabase();
    await withClient(db.appUrl, (c) => c.query('CREATE TABLE ledger (id SERIAL PRIMARY KEY, note TEXT NOT NULL); INSERT INTO ledger (note) SELECT \'before\' FROM generate_series(1, 100)'));
  });
  afterAll(async () => {
    await replica?.stop('immediate');
    await pg?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('copies the primary with pg_basebackup -R, starts as a hot standby on its own port, and catches up', async () => {
    const primaryUrl = postgresUrl({ host: '127.0.0.1', port: pg.port, database: 'postgres', ...pg.roles.replicator });
    replica = await startReplica({ primaryUrl, root, port: await freePort(), settings: { fsync: false } });
    expect(replica.port).not.toBe(pg.port);
    expect(await inRecovery(onReplica(db.readonlyUrl))).toBe(true);
    await withClient(db.appUrl, (c) => c.query("INSERT INTO ledger (note) SELECT 'after' FROM generate_series(1, 50)"));
    const caughtUp = await waitForCatchUp(db.readonlyUrl, { timeoutMs: 30_000 });
    expect(caughtUp).toMatchObject({ applicationName: 'zeus_replica', state: 'streaming', replayLagBytes: 0 });
    const [row] = await adminQuery<{ n: number }>(onReplica(db.readonlyUrl), "SELECT COUNT(*)::int AS n FROM ledger WHERE note = 'after'");
    expect(row!.n).toBe(50);
    await expect(withClient(onReplica(db.appUrl), (c) => c.query("INSERT INTO ledger (note) VALUES ('no')"))).rejects.toThrow(/read-only transaction/);
  });

  it('reports a lag in bytes while the standby is stopped, and none once it is back', async () => {
    await replica!.stop('fast');
    await withClient(db.appUrl, (c) => c.query("INSERT INTO ledger (note) SELECT repeat('x', 200) FROM generate_series(1, 2000)"));
    // The slot keeps the WAL for it; the primary sees no standby until it reconnects.
    const [slot] = await adminQuery<{ behind: number }>(pg.adminUrl, "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint AS behind FROM pg_replication_slots WHERE slot_name = 'zeus_replica'");
    expect(slot!.behind).toBeGreaterThan(100_000);
    expect(await replicationLag(db.readonlyUrl)).toEqual([]);
    await replica!.start();
    expect((await waitForCatchUp(db.readonlyUrl, { timeoutMs: 30_000 })).replayLagBytes).toBe(0);
  });

  it('promotes: the former standby accepts writes, and the data it had is there', async () => {
    await pg.cluster.stop('immediate'); // the primary's region is lost
    await promoteReplica(replica!, onReplica(db.appUrl));
    expect(await inRecovery(onReplica(db.appUrl))).toBe(false);
    await withClient(onReplica(db.appUrl), (c) => c.query("INSERT INTO ledger (note) VALUES ('after failover')"));
    const [row] = await adminQuery<{ n: number }>(onReplica(db.readonlyUrl), 'SELECT COUNT(*)::int AS n FROM ledger');
    expect(row!.n).toBe(100 + 50 + 2000 + 1);
  });
});
