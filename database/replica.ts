import { setTimeout as sleep } from 'node:timers/promises';
import { postgresProgram } from './binaries.js';
import { withClient } from './client.js';
import { LocalCluster, type SettingValue } from './cluster.js';
import { mustRunAsServerUser, serverOwnedDir, serverUser, type ServerUser } from './server-user.js';
import { urlParts } from './url.js';

/** Options of {@link startReplica}. */
export interface StartReplicaOptions {
  /**
   * The primary as the replication role sees it: `postgres://replicator:password@host:port/…`
   * (the role needs `REPLICATION`; Zeus's is `zeus_replicator`, see `provisionRoles`).
   */
  readonly primaryUrl: string;
  /** Folder of the replica (its `data/` and `postgres.log`); must not hold a data directory yet. */
  readonly root: string;
  /** Loopback port the replica listens on. */
  readonly port: number;
  /**
   * Physical replication slot created on the primary for this replica (default `zeus_replica`).
   * An existing slot of that name is dropped first: it belongs to an earlier copy of this replica.
   */
  readonly slot?: string;
  /** Settings for the replica's `zeus.conf` on top of `BASE_SETTINGS` and the port. */
  readonly settings?: Record<string, SettingValue>;
  /** Default: {@link serverUser}. */
  readonly user?: ServerUser;
}

/** One standby as its primary sees it (a row of `pg_stat_replication`). */
export interface ReplicaLag {
  /** `application_name` of the standby (`walreceiver` unless its conninfo sets one). */
  readonly applicationName: string;
  /** `streaming` once caught up with the WAL stream, `catchup` while it copies the backlog. */
  readonly state: string;
  /** WAL bytes the primary has written that the standby has not replayed yet. */
  readonly replayLagBytes: number;
  /** `replay_lag` in seconds (time for a commit to be replayed there); 0 when idle. */
  readonly replayLagSeconds: number;
}

/** Drops the slot `name` on the primary when it exists (no-op otherwise). */
async function dropSlot(primaryUrl: string, name: string): Promise<void> {
  await withClient(replicationSqlUrl(primaryUrl), (client) =>
    client.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active', [name]));
}

/** The replication role may run SQL in the `postgres` database (it has no access to the Zeus ones). */
function replicationSqlUrl(primaryUrl: string): string {
  const url = new URL(primaryUrl);
  url.pathname = '/postgres';
  return url.toString();
}

/**
 * Copies the primary with `pg_basebackup -R` (WAL streamed during the copy, a replication slot,
 * `standby.signal` and `primary_conninfo` written for us) into `<root>/data`, points the copy's
 * settings at its own port, and starts it as a hot standby. Runs as the unprivileged server
 * user. Resolves with the running replica once it accepts read-only connections.
 *
 * The replica's data directory (0700, server user) holds `primary_conninfo` with the
 * replication role's password, as PostgreSQL requires; nothing else stores it.
 */
export async function startReplica(options: StartReplicaOptions): Promise<LocalCluster> {
  const user = options.user ?? serverUser();
  const slot = options.slot ?? 'zeus_replica';
  const primary = urlParts(options.primaryUrl);
  if (!primary.password) throw new Error('startReplica: the primary URL has no password for the replication role');
  const replica = new LocalCluster({ root: options.root, port: options.port, user });
  if (replica.initialized()) throw new Error(`startReplica: ${replica.dataDir} already holds a data directory; remove it first`);
  serverOwnedDir(user, options.root);
  await dropSlot(options.primaryUrl, slot);
  await mustRunAsServerUser(user, postgresProgram('pg_basebackup'), [
    '-h', primary.host, '-p', String(primary.port), '-U', primary.user, '-D', replica.dataDir,
    '-R', '-X', 'stream', '-C', '-S', slot, '--checkpoint=fast', '--no-password',
  ], { env: { ...process.env, PGPASSWORD: primary.password, PGAPPNAME: slot }, timeoutMs: 300_000 });
  replica.writeSettings({ ...options.settings });
  await replica.start();
  return replica;
}

/**
 * Every standby streaming from the primary at `primaryUrl` (any role with `pg_monitor`, e.g. the
 * read-only one): how far behind each one is.
 */
export async function replicationLag(primaryUrl: string): Promise<ReplicaLag[]> {
  return withClient(primaryUrl, async (client) => {
    const { rows } = await client.query<{ name: string; state: string; bytes: number | null; seconds: number | null }>(
      `SELECT application_name AS name, state,
              pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint AS bytes,
              COALESCE(EXTRACT(EPOCH FROM replay_lag), 0)::float8 AS seconds
         FROM pg_stat_replication ORDER BY application_name`);
    return rows.map((r) => ({ applicationName: r.name, state: r.state, replayLagBytes: Number(r.bytes ?? Number.NaN), replayLagSeconds: Number(r.seconds ?? 0) }));
  });
}

/**
 * Waits until a standby named `applicationName` streams from the primary and has replayed every
 * WAL byte the primary had written when the wait began (its lag reaches 0). Rejects with the last
 * status seen after `timeoutMs`.
 */
export async function waitForCatchUp(primaryUrl: string, options: { applicationName?: string; timeoutMs?: number } = {}): Promise<ReplicaLag> {
  const name = options.applicationName ?? 'zeus_replica';
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last: ReplicaLag | undefined;
  for (;;) {
    last = (await replicationLag(primaryUrl)).find((r) => r.applicationName === name);
    if (last?.state === 'streaming' && last.replayLagBytes === 0) return last;
    if (Date.now() > deadline) throw new Error(`standby '${name}' did not catch up: ${last ? JSON.stringify(last) : 'not connected to the primary'}`);
    await sleep(100);
  }
}

/** True while the server at `url` is a standby (in recovery). */
export async function inRecovery(url: string): Promise<boolean> {
  return withClient(url, async (client) => (await client.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r')).rows[0]!.r);
}

/**
 * Promotes the standby to a primary (`pg_ctl promote -w`) and waits until `url` (any role on it)
 * accepts writes. The old primary is not touched: fence it (stop it) before or after, or two
 * primaries accept writes.
 */
export async function promoteReplica(replica: LocalCluster, url: string, timeoutMs = 60_000): Promise<void> {
  await replica.promote();
  const deadline = Date.now() + timeoutMs;
  while (await inRecovery(url)) {
    if (Date.now() > deadline) throw new Error(`${replica.dataDir} was promoted but is still in recovery after ${timeoutMs} ms:\n${replica.logTail(8)}`);
    await sleep(100);
  }
}

