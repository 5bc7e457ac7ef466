import { DEMO_ACCOUNTS } from './accounts.js';
import type { Queryable } from './database.js';
import { fixedSaltHash } from './seed-context.js';

/**
 * Adds the demo's staff accounts (the synthetic auditor) to a database seeded before they
 * existed, with the seed's own password hashes; accounts already there are left alone. Works
 * on both dialects. Resolves with how many were added.
 */
export async function addMissingStaffAccounts(db: Queryable): Promise<number> {
  let added = 0;
  for (const account of DEMO_ACCOUNTS.filter((a) => a.role === 'auditor')) {
    const { changes } = await db.run(
      'INSERT INTO staff (id, email, name, password_hash, role, is_synthetic) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
      [account.id, account.email, account.name, fixedSaltHash(account.password), account.role, account.synthetic ? 1 : 0],
    );
    added += changes;
  }
  return added;
}
