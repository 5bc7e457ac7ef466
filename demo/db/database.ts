/**
 * The seam between the Zeus services and their database: the same queries run on SQLite (the
 * embedded default) and PostgreSQL (production). SQL is written once with `$1, $2…` parameters,
 * which both accept; where the dialects differ, a query names both texts side by side
 * ({@link bySql}). This is a thin, typed wrapper over better-sqlite3 and node-postgres, not a
 * query builder.
 */

/** The two databases the services run on. */
export type Dialect = 'sqlite' | 'postgres';

/** A query parameter. */
export type Param = string | number | null;

/** One result row: column name to value. */
export type Row = Record<string, unknown>;

/** SQL text, the same for both dialects or one per dialect. */
export type Sql = string | { readonly sqlite: string; readonly postgres: string };

/** The text of `sql` for `dialect`. */
export function bySql(sql: Sql, dialect: Dialect): string {
  return typeof sql === 'string' ? sql : sql[dialect];
}

/** What runs queries: the database itself, or an open transaction. */
export interface Queryable {
  readonly dialect: Dialect;
  /** Every row. */
  all<T = Row>(sql: Sql, params?: readonly Param[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T = Row>(sql: Sql, params?: readonly Param[]): Promise<T | undefined>;
  /** A write; resolves with the number of rows it changed. */
  run(sql: Sql, params?: readonly Param[]): Promise<{ changes: number }>;
  /** A script of several statements without parameters (schema files). */
  exec(script: string): Promise<void>;
}

/** How a transaction isolates itself. */
export interface TransactionOptions {
  /**
   * Names the transaction in errors and logs. On PostgreSQL a transaction that loses a deadlock
   * or a serialization conflict (SQLSTATE 40P01, 40001) is rolled back and run again from the
   * start, up to a few times: `fn` must only touch the database (decide nothing outside it).
   */
  readonly name?: string;
}

/** A Zeus database connection (a pool on PostgreSQL). */
export interface Database extends Queryable {
  /**
   * Runs `fn` in one transaction and commits; rolls back when it throws. SQLite: `BEGIN
   * IMMEDIATE` (the write lock first; calls from this process wait their turn). PostgreSQL: READ
   * COMMITTED on one pooled connection; the queries take the row locks they need (`FOR UPDATE`).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Closes the connection(s). */
  close(): Promise<void>;
  /** `sqlite <path>` or the URL with its password masked, for logs. */
  readonly description: string;
}
