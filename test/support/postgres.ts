import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  asServerUser, createZeusDatabase, LocalCluster, postgresProgram, postgresUrl, provisionRoles, serverUser, withClient,
  type SettingValue, type ZeusRoles,
} from '../../database/index.js';
import { freePort } from './ports.js';

/** A database of the test cluster, with a URL per role. */
export interface TestDatabase {
  readonly name: string;
  /** The services' role (owner). */
  readonly appUrl: string;
  /** The read-only role (exporters). */
  readonly readonlyUrl: string;
  /** The bootstrap superuser. */
  readonly adminUrl: string;
}

/** A throwaway PostgreSQL cluster for one test file. */
export interface TestPostgres {
  readonly cluster: LocalCluster;
  readonly port: number;
  /** Superuser URL of the `postgres` database. */
  readonly adminUrl: string;
  readonly roles: Required<ZeusRoles>;
  readonly superuser: { user: string; password: string };
  /** A new database owned by the app role (one per test keeps tests apart): empty, or a copy of `template`. */
  createDatabase(prefix?: string, options?: { template?: string }): Promise<TestDatabase>;
  stop(): Promise<void>;
}

const live = new Set<LocalCluster>();
process.once('exit', () => {
  // A test run that dies without stopping its clusters must not leave servers behind.
  for (const cluster of live) {
    const [command, args] = asServerUser(cluster.user, postgresProgram('pg_ctl'), ['-D', cluster.dataDir, '-m', 'immediate', 'stop']);
    try {
      execFileSync(command, args, { stdio: 'ignore', timeout: 10_000 });
    } catch {
      // already stopped
    }
  }
});

const secret = () => randomBytes(12).toString('hex');

/**
 * Starts a PostgreSQL cluster in a temporary folder on a free loopback port: `initdb` (no fsync)
 * as the unprivileged server user (`zeuspg`, created when the tests run as root), the Zeus roles,
 * then `pg_ctl start`. A missing PostgreSQL fails the test (never a skip). Reuse one per test file
 * and call `createDatabase()` per test: initdb is the slow part.
 */
export async function startTestPostgres(options: { settings?: Record<string, SettingValue> } = {}): Promise<TestPostgres> {
  postgresProgram('initdb');
  const user = serverUser();
  const root = mkdtempSync(join(tmpdir(), 'zeus-pg-'));
  const port = await freePort();
  const cluster = new LocalCluster({ root, port, user });
  const superuser = { user: 'zeus_admin', password: secret() };
  const roles = { app: { user: 'zeus_app', password: secret() }, readonly: { user: 'zeus_readonly', password: secret() }, replicator: { user: 'zeus_replicator', password: secret() } };
  await cluster.init({ superuser: superuser.user, password: superuser.password, settings: { fsync: false, synchronous_commit: 'off', ...options.settings }, fast: true });
  live.add(cluster);
  const stop = async () => {
    await cluster.stop('immediate');
    live.delete(cluster);
    rmSync(root, { recursive: true, force: true });
  };
  const url = (credentials: { user: string; password: string }, database: string) => postgresUrl({ host: '127.0.0.1', port, database, ...credentials });
  const adminUrl = url(superuser, 'postgres');
  try {
    await cluster.start();
    await provisionRoles(adminUrl, roles);
  } catch (error) {
    await stop();
    throw error;
  }
  let count = 0;
  return {
    cluster, port, adminUrl, roles, superuser, stop,
    async createDatabase(prefix = 'zeus', dbOptions = {}) {
      const name = `${prefix}_${process.pid}_${++count}`;
      await createZeusDatabase(adminUrl, name, roles, dbOptions);
      return { name, appUrl: url(roles.app, name), readonlyUrl: url(roles.readonly, name), adminUrl: url(superuser, name) };
    },
  };
}

/** Runs one statement as the superuser on `url` (test set-up and inspection). */
export function adminQuery<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return withClient(url, async (client) => (await client.query(sql, params)).rows as T[]);
}
