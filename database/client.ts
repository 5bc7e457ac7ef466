import pg from 'pg';
import { withPassword } from './url.js';

/**
 * node-postgres type parsers for every Zeus connection: bigint (COUNT(*), SUM of integers,
 * unix-second timestamps) and numeric become JavaScript numbers, as SQLite returns them. The
 * values Zeus stores are far below 2^53.
 */
export function zeusTypes(): pg.CustomTypesConfig {
  const parsers = new Map<number, (value: string) => unknown>([
    [20, (value) => Number(value)], // int8
    [1700, (value) => Number(value)], // numeric
  ]);
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      parsers.get(oid) ?? pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
  };
}

/** Opens one connection, runs `fn`, and always closes it. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>, options: { password?: string; connectTimeoutMs?: number } = {}): Promise<T> {
  const client = new pg.Client({
    connectionString: withPassword(url, options.password),
    types: zeusTypes(),
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
  });
  // A server that goes away while we hold the connection must not crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** SQLSTATE of a PostgreSQL error (`40001`, `57014`...), or the Node code (`ECONNREFUSED`). */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
