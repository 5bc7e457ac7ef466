import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serverOwnedDir, serverUser } from '../database/index.js';
import { requireTool } from '../test/support/index.js';
import { pgBackupName, type PgBackupManifest } from './pg-backup-files.js';
import { applyPgRetention, listPgBackups, walArchiveDir } from './index.js';

const DAY = 86_400;
const NOW = Date.UTC(2026, 10, 30, 12) / 1000;
const wal = (segment: number) => `00000001000000000000${segment.toString(16).toUpperCase().padStart(4, '0')}`;

/** A backup folder and manifest `daysOld` days old whose first WAL segment is `segment`. */
function fakeBackup(dir: string, daysOld: number, segment: number): string {
  const createdAt = NOW - daysOld * DAY;
  const file = pgBackupName(createdAt * 1000);
  mkdirSync(join(dir, file));
  writeFileSync(join(dir, file, 'PG_VERSION'), '15\n');
  const manifest: PgBackupManifest = {
    version: 1, database: 'postgres', file, createdAt, source: 'postgres://zeus_admin@127.0.0.1:5432/zeus', sizeBytes: 3, sha256: 'x',
    restorePoint: `zeus-backup-${file}`, restorePointLsn: '0/0', startWalFile: wal(segment), tables: {}, checksums: {},
  };
  writeFileSync(join(dir, `${file}.manifest.json`), JSON.stringify(manifest));
  return file;
}

describe('applyPgRetention on real files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zeus-retention-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('deletes what the policy drops (logged, one line each), keeps everything inside the minimum age, and cleans WAL no kept backup needs', async () => {
    requireTool('pg_archivecleanup', '/usr/lib/postgresql/15/bin/pg_archivecleanup');
    serverOwnedDir(serverUser(), dir);
    serverOwnedDir(serverUser(), walArchiveDir(dir));
    const files = [1, 2, 3, 10, 40, 41, 42].map((days, i) => fakeBackup(dir, days, 0x70 - i * 0x10));
    for (let segment = 0x00; segment <= 0x70; segment++) writeFileSync(join(walArchiveDir(dir), wal(segment)), '');
    writeFileSync(join(dir, 'zeus.db.notes'), 'not a backup');
    const lines: string[] = [];
    const deleted = await applyPgRetention(dir, { daily: 2, weekly: 0, monthly: 0, minimumAgeSeconds: 35 * DAY }, NOW, { log: (l) => lines.push(l) });
    // 1, 2, 3 and 10 days old are inside the 35-day minimum; of 40, 41, 42 the daily count (2) is used up by days 1 and 2.
    expect(deleted.map((p) => p.split('/').pop())).toEqual(files.slice(4));
    expect((await listPgBackups(dir)).map((b) => b.manifest.file)).toEqual(files.slice(0, 4));
    for (const file of files.slice(4)) {
      expect(existsSync(join(dir, file))).toBe(false);
      expect(existsSync(join(dir, `${file}.manifest.json`))).toBe(false);
    }
    expect(lines.filter((l) => l.startsWith('retention deleted'))).toHaveLength(3);
    expect(lines[0]).toMatch(/retention deleted .*zeus-.*\.pg \(created .*, 40\.0 days old; policy 2 daily, 0 weekly, 0 monthly, none younger than 35\.0 days\)/);
    // The oldest kept backup (10 days) starts at segment 0x40: older segments go, it and newer stay.
    const remaining = readdirSync(walArchiveDir(dir)).sort();
    expect(remaining[0]).toBe(wal(0x40));
    expect(remaining).toHaveLength(0x70 - 0x40 + 1);
    expect(lines.at(-1)).toMatch(/removed 64 archived WAL segment\(s\) older than 000000010000000000000040/);
    expect(existsSync(join(dir, 'zeus.db.notes'))).toBe(true);
  });
});
