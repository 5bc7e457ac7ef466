import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { errorCode, maskUrl, withPassword, zeusTypes } from '../database/index.js';
import type { Row } from './collector.js';
import { QueryError, type QueryResult } from './query-host.js';

/** One collector query for PostgreSQL. */
export interface PostgresQuery {
  readonly sql: string;
  /** Positional parameters (`$1`); only passed when the statement uses them. */
  readonly params: readonly (number | string)[];
  /** The server cancels the statement after this long (`SET LOCAL statement_timeout`). */
  readonly timeoutMs: number;
}

/** Extra wait, beyond the statement timeout, before an unanswered connection is given up. */
const CLIENT_GRACE_MS = 2_000;

function describeError(error: unknown, timeoutMs: number): QueryError {
  const code = errorCode(error) ?? 'ERROR';
  const message = error instanceof Error ? error.message : String(error);
  if (code === '57014') return new QueryError('TIMEOUT', `${message} (statement_timeout ${timeoutMs} ms)`);
  return new QueryError(code, message);
}

/**
 * Runs collector queries on PostgreSQL, each in its own `BEGIN READ ONLY` transaction with
 * `SET LOCAL statement_timeout`, so a slow query is cancelled by the server and never holds a
 * lock or a connection past its collector's timeout. node-postgres is asynchronous, so no query
 * process is needed: nothing here blocks the exporter's event loop. A server that does not answer
 * at all is given up on the client side (the connection is destroyed). Connect with the
 * read-only role: the READ ONLY transaction is a second guard, not the only one.
 */
export class PostgresQueryRunner {
  private readonly pool: pg.Pool;
  readonly description: string;

  constructor(url: string, options: { password?: string; max?: number } = {}) {
    this.description = maskUrl(url);
    this.pool = new pg.Pool({
      connectionString: withPassword(url, options.password),
      max: options.max ?? 3,
      types: zeusTypes(),
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      application_name: 'zeus-business-exporter',
    });
    // An idle connection the server drops must not crash the exporter: the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /** Runs one query; rejects with a QueryError (`TIMEOUT` for statement_timeout, else the SQLSTATE or socket code). */
  async query(request: PostgresQuery): Promise<QueryResult> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw describeError(error, request.timeoutMs);
    }
    let broken = false;
    const started = performance.now();
    try {
      const result = await withClientDeadline(client, request.timeoutMs + CLIENT_GRACE_MS, async () => {
        await client.query('BEGIN READ ONLY');
        await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(request.timeoutMs))}`);
        const rows = await client.query(request.sql, /\$1\b/.test(request.sql) ? [...request.params] : []);
        await client.query('COMMIT');
        return rows;
      });
      return { rows: result.rows as Row[], durationMs: performance.now() - started };
    } catch (error) {
      broken = (error as { deadline?: boolean }).deadline === true;
      if (!broken) await client.query('ROLLBACK').catch(() => (broken = true));
      throw describeError(error, request.timeoutMs);
    } finally {
      client.release(broken);
    }
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}

/** Runs `work`, or rejects (and destroys the connection) once `ms` pass without an answer. */
function withClientDeadline<T>(client: pg.PoolClient, ms: number, work: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`no answer from the server within ${ms} ms`), { code: 'TIMEOUT', deadline: true });
      reject(error);
    }, ms);
    work().then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  }).catch((error: unknown) => {
    if ((error as { deadline?: boolean }).deadline) (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    throw error;
  });
}
