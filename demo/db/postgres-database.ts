import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { errorCode, maskUrl, withPassword, zeusTypes } from '../../database/index.js';
import { bySql, type Database, type Param, type Queryable, type Sql, type TransactionOptions } from './database.js';

/** SQLSTATEs after which a transaction is safely run again: serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);
/** Attempts of one transaction before its conflict is reported. */
const MAX_ATTEMPTS = 5;

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  const query = async (sql: Sql, params: readonly Param[]) => client.query(bySql(sql, 'postgres'), [...params]);
  return {
    dialect: 'postgres',
    all: async <T>(sql: Sql, params: readonly Param[] = []) => (await query(sql, params)).rows as T[],
    get: async <T>(sql: Sql, params: readonly Param[] = []) => (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql: Sql, params: readonly Param[] = []) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
    // No parameters: the simple query protocol, which takes several statements at once.
    exec: async (script: string) => void (await client.query(script)),
  };
}

/** Options of {@link postgresDatabase}. */
export interface PostgresDatabaseOptions {
  /** Overrides the URL's password (from `ZEUS_DATABASE_PASSWORD_FILE`). */
  readonly password?: string;
  /** Pool size (default 10). */
  readonly max?: number;
  /** Where to report connections that fail while idle (default: ignored). */
  readonly onError?: (error: Error) => void;
  /** `application_name` of the connections, shown in pg_stat_activity. */
  readonly applicationName?: string;
}

async function runOnce<T>(pool: pg.Pool, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await fn(queryable(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * The {@link Database} seam over a node-postgres pool. Transactions run READ COMMITTED on one
 * pooled connection; one that loses a deadlock or serialization conflict is retried with a short
 * jittered wait (the queries lock rows in a fixed order, so this is rare). A connection that
 * breaks while idle is dropped from the pool and reported, never thrown into the process.
 */
export function postgresDatabase(url: string, options: PostgresDatabaseOptions = {}): Database {
  const pool = new pg.Pool({
    connectionString: withPassword(url, options.password),
    max: options.max ?? 10,
    types: zeusTypes(),
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'zeus',
  });
  pool.on('error', (error) => options.onError?.(error));
  // A connection checked out when the server goes away (a crashed primary) emits 'error' too;
  // its query rejects on its own, so the event is only reported, never thrown into the process.
  pool.on('connect', (client) => client.on('error', (error) => options.onError?.(error)));
  const direct = queryable(pool);
  return {
    ...direct,
    description: maskUrl(url),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, _options?: TransactionOptions): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await runOnce(pool, fn);
        } catch (error) {
          if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(errorCode(error) ?? '')) throw error;
          await sleep(5 * attempt + Math.random() * 20);
        }
      }
    },
    close: () => pool.end(),
  };
}
