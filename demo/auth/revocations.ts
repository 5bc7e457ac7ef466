import type { Queryable } from '../db/database.js';
import type { RevocationList } from './session.js';

/** The revocation list's SQL (ON CONFLICT works in both databases). */
const SQL = {
  find: 'SELECT 1 AS found FROM revoked_sessions WHERE jti = $1',
  insert: 'INSERT INTO revoked_sessions (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING',
  purge: 'DELETE FROM revoked_sessions WHERE expires_at < $1',
} as const;

/**
 * Revoked sessions in the shared database (`revoked_sessions`), so a logout at the portal is
 * honoured by the enrollment and grades APIs in their own processes. Expired entries are
 * deleted whenever one is added.
 */
export function databaseRevocations(db: Queryable, now: () => number = Date.now): RevocationList {
  return {
    isRevoked: async (jti) => (await db.get(SQL.find, [jti])) !== undefined,
    async revoke(jti, expiresAt) {
      await db.run(SQL.purge, [Math.floor(now() / 1000)]);
      await db.run(SQL.insert, [jti, expiresAt]);
    },
  };
}
