import { afterAll } from 'vitest';
import { startTestPostgres, type TestDatabase, type TestPostgres } from '../../test/support/index.js';
import type { Database } from '../db/database.js';
import type { SeedSummary } from '../db/seed.js';
import { postgresDatabase } from '../db/postgres-database.js';
import { seededDatabase, seededPostgres } from './harness.js';

/** The databases the service tests run on: every behaviour is checked on both. */
export const DATABASE_KINDS = ['SQLite', 'PostgreSQL'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

/** A seeded database of one kind; `urls` for PostgreSQL (a second pool, the read-only role). */
export interface SeededTestDatabase {
  readonly database: Database;
  readonly seed: SeedSummary;
  readonly urls?: TestDatabase;
}

/**
 * A factory of small seeded databases for the test file that calls it: SQLite in memory, or a
 * fresh database on one PostgreSQL cluster per test file, started on first use and stopped after
 * the file's tests.
 */
export function seededDatabases(): (kind: DatabaseKind) => Promise<SeededTestDatabase> {
  let cluster: Promise<TestPostgres> | undefined;
  let template: Promise<{ name: string; seed: SeedSummary }> | undefined;
  afterAll(async () => (await cluster?.catch(() => undefined))?.stop());
  /** The seed is written once, into a template; each test gets a copy (CREATE DATABASE ... TEMPLATE). */
  const seedTemplate = async (pg: TestPostgres) => {
    const urls = await pg.createDatabase('template');
    const { database, seed } = await seededPostgres(urls.appUrl);
    await database.close();
    return { name: urls.name, seed };
  };
  return async (kind) => {
    if (kind === 'SQLite') {
      const { database, seed } = seededDatabase();
      return { database, seed };
    }
    cluster ??= startTestPostgres();
    const pg = await cluster;
    template ??= seedTemplate(pg);
    const { name, seed } = await template;
    const urls = await pg.createDatabase('zeus', { template: name });
    return { database: postgresDatabase(urls.appUrl), seed, urls };
  };
}
