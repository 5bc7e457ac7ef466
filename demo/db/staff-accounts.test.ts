import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDatabaseTarget } from '../../database/index.js';
import { verifyPassword } from '../auth/password.js';
import { DATABASE_KINDS, seededDatabases } from '../testing/databases.js';
import { openDatabase } from './open.js';
import { prepareZeusDatabase } from './connect.js';
import { addMissingStaffAccounts } from './staff-accounts.js';

const database = seededDatabases();
const AUDITOR = "SELECT role, is_synthetic, password_hash FROM staff WHERE email = 'synthetic.auditor@zeus.test'";

describe.each(DATABASE_KINDS)('the synthetic auditor in a database seeded before it existed (%s)', (kind) => {
  it('is added once, with the seed password', async () => {
    const { database: db } = await database(kind);
    try {
      expect(await addMissingStaffAccounts(db)).toBe(0);
      await db.run('DELETE FROM staff');
      expect(await addMissingStaffAccounts(db)).toBe(1);
      expect(await addMissingStaffAccounts(db)).toBe(0);
      const row = await db.get<{ role: string; is_synthetic: number; password_hash: string }>(AUDITOR);
      expect(row).toMatchObject({ role: 'auditor', is_synthetic: 1 });
      expect(await verifyPassword('synthetic-demo', row!.password_hash)).toBe(true);
    } finally {
      await db.close();
    }
  });
});

describe('prepareZeusDatabase on an existing SQLite file', () => {
  it('adds the missing auditor without seeding again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zeus-staff-'));
    try {
      const target = parseDatabaseTarget(join(dir, 'zeus.db'));
      expect(await prepareZeusDatabase(target, 'small', Date.UTC(2026, 10, 27, 12))).toBeDefined();
      const conn = openDatabase(join(dir, 'zeus.db'));
      conn.prepare('DELETE FROM staff').run();
      conn.close();
      expect(await prepareZeusDatabase(target, 'small')).toBeUndefined();
      const again = openDatabase(join(dir, 'zeus.db'));
      expect(again.prepare(AUDITOR).get()).toMatchObject({ role: 'auditor' });
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
