import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeTarget, type DatabaseTarget } from '../../database/index.js';
import type { Database } from './database.js';
import { applySchema, openDatabase } from './open.js';
import { postgresDatabase } from './postgres-database.js';
import { seedPostgres } from './seed-postgres.js';
import { seedDatabase, type SeedSize, type SeedSummary } from './seed.js';
import { sqliteDatabase } from './sqlite-database.js';
import { addMissingStaffAccounts } from './staff-accounts.js';

const POSTGRES_SCHEMA_PATH = join(dirname(fileURLToPath(import.meta.url)), 'schema.postgres.sql');
/** Key of the advisory lock that serializes schema changes between processes. */
const SCHEMA_LOCK = 0x2e05_0001;

/** Options of {@link openZeusDatabase}. */
export interface OpenOptions {
  /** PostgreSQL `application_name` (the service name), shown in pg_stat_activity. */
  readonly applicationName?: string;
  /** Reports a pooled PostgreSQL connection that broke while idle (default: ignored). */
  readonly onError?: (error: Error) => void;
}

/** Opens the database a target names: a SQLite file (created 0600 when missing) or a PostgreSQL pool. */
export function openZeusDatabase(target: DatabaseTarget, options: OpenOptions = {}): Database {
  if (target.kind === 'sqlite') return sqliteDatabase(openDatabase(target.path));
  return postgresDatabase(target.url, {
    ...(target.password ? { password: target.password } : {}),
    ...(options.applicationName ? { applicationName: options.applicationName } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
}

/**
 * Creates every table and index that does not exist yet (idempotent): `schema.sql` on SQLite,
 * `schema.postgres.sql` on PostgreSQL under an advisory lock, so services that start together do
 * not race each other's CREATE TABLE.
 */
export async function applyZeusSchema(db: Database): Promise<void> {
  if (db.dialect === 'sqlite') return db.exec(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'schema.sql'), 'utf8'));
  const script = readFileSync(POSTGRES_SCHEMA_PATH, 'utf8');
  await db.transaction(async (tx) => {
    await tx.get('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await tx.exec(script);
  });
}

/**
 * Makes the target ready for the services: the schema, and the deterministic seed when it has no
 * terms yet. A database seeded before the synthetic auditor existed gets that account, so the
 * registrar-report journey can sign in. Resolves with what was seeded (undefined when it already had data).
 */
export async function prepareZeusDatabase(target: DatabaseTarget, size: SeedSize, now?: number): Promise<SeedSummary | undefined> {
  const options = { size, ...(now !== undefined ? { now } : {}) };
  if (target.kind === 'sqlite') {
    const conn = openDatabase(target.path);
    try {
      applySchema(conn);
      const { n } = conn.prepare('SELECT COUNT(*) AS n FROM terms').get() as { n: number };
      if (n === 0) return seedDatabase(conn, options);
      await addMissingStaffAccounts(sqliteDatabase(conn));
      return undefined;
    } finally {
      conn.close();
    }
  }
  const db = openZeusDatabase(target);
  try {
    await applyZeusSchema(db);
    const row = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM terms');
    if ((row?.n ?? 0) === 0) return await seedPostgres(db, options);
    await addMissingStaffAccounts(db);
    return undefined;
  } catch (error) {
    throw new Error(`preparing the database ${describeTarget(target)} failed: ${(error as Error).message}`);
  } finally {
    await db.close();
  }
}
