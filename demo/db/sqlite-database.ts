import type BetterSqlite3 from 'better-sqlite3';
import { bySql, type Database, type Param, type Queryable, type Sql } from './database.js';

/** `$1, $2…` bind by position: better-sqlite3 takes them as the keys `1`, `2`… of one object. */
function bind(params: readonly Param[]): Record<number, Param> {
  const named: Record<number, Param> = {};
  params.forEach((value, index) => (named[index + 1] = value));
  return named;
}

function queryable(conn: BetterSqlite3.Database): Queryable {
  const statement = (sql: Sql) => conn.prepare(bySql(sql, 'sqlite'));
  return {
    dialect: 'sqlite',
    all: async <T>(sql: Sql, params: readonly Param[] = []) => statement(sql).all(bind(params)) as T[],
    get: async <T>(sql: Sql, params: readonly Param[] = []) => statement(sql).get(bind(params)) as T | undefined,
    run: async (sql: Sql, params: readonly Param[] = []) => ({ changes: statement(sql).run(bind(params)).changes }),
    exec: async (script: string) => void conn.exec(script),
  };
}

/**
 * The {@link Database} seam over one better-sqlite3 connection. better-sqlite3 is synchronous, so
 * one connection is one session: while a transaction waits on anything, no other call of this
 * process may run on the connection (it would land inside the transaction). Every call therefore
 * takes a turn in one queue; other processes are kept out by SQLite's own locks (`BEGIN
 * IMMEDIATE`, busy timeout).
 */
export function sqliteDatabase(conn: BetterSqlite3.Database): Database {
  const direct = queryable(conn);
  let queue: Promise<unknown> = Promise.resolve();
  const turn = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  };
  return {
    dialect: 'sqlite',
    description: `sqlite ${conn.name}`,
    all: (sql, params) => turn(() => direct.all(sql, params)),
    get: (sql, params) => turn(() => direct.get(sql, params)),
    run: (sql, params) => turn(() => direct.run(sql, params)),
    exec: (script) => turn(() => direct.exec(script)),
    transaction: (fn) =>
      turn(async () => {
        conn.prepare('BEGIN IMMEDIATE').run();
        try {
          const result = await fn(direct);
          conn.prepare('COMMIT').run();
          return result;
        } catch (error) {
          if (conn.inTransaction) conn.prepare('ROLLBACK').run();
          throw error;
        }
      }),
    close: async () => {
      await queue;
      conn.close();
    },
  };
}
