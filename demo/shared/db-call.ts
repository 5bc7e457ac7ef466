import type { Dialect } from '../db/database.js';
import type { FaultController } from '../faults/controller.js';
import type { DbSpan, DbSpanAttributes } from './deps.js';

/** Runs one database call: waits out the `db_slow` fault, then runs it inside a DB span. */
export type DbCall = <T>(attributes: Omit<DbSpanAttributes, 'system'>, fn: () => Promise<T>) => Promise<T>;

/** `db.system.name` of each dialect (OTel semantic conventions). */
const SYSTEM: Record<Dialect, DbSpanAttributes['system']> = { sqlite: 'sqlite', postgres: 'postgresql' };

/**
 * Without `withDbSpan` (no instrumentation loaded) calls run untraced. The span names the logical
 * operation (one API call may run several statements in a transaction) and records
 * `db_client_operation_duration_seconds` for both databases; on PostgreSQL the pg
 * instrumentation adds a child span per statement, its text redacted on export.
 */
export function createDbCall(faults: FaultController, dialect: Dialect, dbSpan?: DbSpan): DbCall {
  return async (attributes, fn) => {
    await faults.beforeDb();
    return dbSpan ? dbSpan({ system: SYSTEM[dialect], ...attributes }, fn) : fn();
  };
}
