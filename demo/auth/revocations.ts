import type { Database } from '../db/open.js';
import type { RevocationList } from './session.js';

/**
 * Revoked sessions in the shared database (`revoked_sessions`), so a logout at the portal is
 * honoured by the enrollment and grades APIs in their own processes. Expired entries are
 * deleted whenever one is added.
 */
export function databaseRevocations(db: Database, now: () => number = Date.now): RevocationList {
  const find = db.prepare('SELECT 1 FROM revoked_sessions WHERE jti = ?');
  const insert = db.prepare('INSERT OR IGNORE INTO revoked_sessions (jti, expires_at) VALUES (?, ?)');
  const purge = db.prepare('DELETE FROM revoked_sessions WHERE expires_at < ?');
  return {
    isRevoked: (jti) => find.get(jti) !== undefined,
    revoke(jti, expiresAt) {
      purge.run(Math.floor(now() / 1000));
      insert.run(jti, expiresAt);
    },
  };
}
