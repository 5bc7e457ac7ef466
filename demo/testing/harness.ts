import type { AddressInfo } from 'node:net';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createSessionCodec, type RevocationList, type Session, type SessionCodec } from '../auth/session.js';
import { postgresDatabase } from '../db/postgres-database.js';
import { applyZeusSchema } from '../db/connect.js';
import type { Database } from '../db/database.js';
import { applySchema, openDatabase, type SqliteConnection } from '../db/open.js';
import { seedPostgres } from '../db/seed-postgres.js';
import { seedDatabase, type SeedSummary } from '../db/seed.js';
import { sqliteDatabase } from '../db/sqlite-database.js';

/** Seed time of the test fixtures: inside the current term's enrollment window. */
export const TEST_NOW = Date.UTC(2026, 10, 27, 12);
/** Session secret shared by the in-process services of a test. */
export const TEST_SECRET = 'zeus-test-session-secret-0123456789';

/**
 * A small seeded SQLite database in a file (or in memory): `db` is the raw connection for the
 * test's own checks, `database` the services' seam over the same connection.
 */
export function seededDatabase(path = ':memory:'): { db: SqliteConnection; database: Database; seed: SeedSummary } {
  const db = openDatabase(path);
  applySchema(db);
  return { db, database: sqliteDatabase(db), seed: seedDatabase(db, { size: 'small', now: TEST_NOW }) };
}

/** The same small seed in an empty PostgreSQL database (the app role's URL); close `database` when done. */
export async function seededPostgres(url: string): Promise<{ database: Database; seed: SeedSummary }> {
  const database = postgresDatabase(url);
  await applyZeusSchema(database);
  return { database, seed: await seedPostgres(database, { size: 'small', now: TEST_NOW }) };
}

/** A codec and bearer-token factory for the demo accounts. */
export function testSessions(
  now: () => number = () => TEST_NOW,
  revocations?: RevocationList,
): { codec: SessionCodec; bearer(session: Omit<Session, 'exp' | 'jti'>): string } {
  const codec = createSessionCodec(TEST_SECRET, { now, revocations });
  return { codec, bearer: (session) => `Bearer ${codec.sign(session)}` };
}

/** Serves a request listener on a free loopback port. */
export async function listenOnFreePort(app: RequestListener): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
