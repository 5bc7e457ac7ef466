import type { FaultController } from '../faults/controller.js';
import type { DbSpan, DbSpanAttributes } from './deps.js';

/** Runs one database call: waits out the `db_slow` fault, then runs it inside a DB span. */
export type DbCall = <T>(attributes: Omit<DbSpanAttributes, 'system'>, fn: () => T) => Promise<T>;

/** Without `withDbSpan` (no instrumentation loaded) calls run untraced. */
export function createDbCall(faults: FaultController, dbSpan?: DbSpan): DbCall {
  return async (attributes, fn) => {
    await faults.beforeDb();
    return dbSpan ? dbSpan({ system: 'sqlite', ...attributes }, fn) : fn();
  };
}
