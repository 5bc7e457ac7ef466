import type { AddressInfo } from 'node:net';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createSessionCodec, type RevocationList, type Session, type SessionCodec } from '../auth/session.js';
import { applySchema, openDatabase, type Database } from '../db/open.js';
import { seedDatabase, type SeedSummary } from '../db/seed.js';

/** Seed time of the test fixtures: inside the current term's enrollment window. */
export const TEST_NOW = Date.UTC(2026, 10, 27, 12);
/** Session secret shared by the in-process services of a test. */
export const TEST_SECRET = 'zeus-test-session-secret-0123456789';

/** A small seeded database in a file under `dir` (or in memory). */
export function seededDatabase(path = ':memory:'): { db: Database; seed: SeedSummary } {
  const db = openDatabase(path);
  applySchema(db);
  return { db, seed: seedDatabase(db, { size: 'small', now: TEST_NOW }) };
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
