import { execFile } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, listBackups, readBackupHealth, runBackup, verifyBackup, VERIFY_STATUS_FILE } from './backup.js';
import { backupCollector } from './file-collectors.js';
import { createFixtureDatabase } from './testing/fixture-db.js';
import { runExporter, scratchDir } from './testing/harness.js';

const run = promisify(execFile);
const CLI = new URL('../bin/zeus-obs.mjs', import.meta.url).pathname;

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { timeout: 30_000 });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function sourceCounts(dbPath: string): Record<string, number> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return countRows(db);
  } finally {
    db.close();
  }
}

describe('backup run and verify, end to end through the CLI and the exporter', () => {
  const dir = scratchDir();
  const dbPath = join(dir.path, 'zeus.db');
  const dest = join(dir.path, 'backups');
  beforeAll(() => createFixtureDatabase(dbPath));
  afterAll(() => dir.remove());

  it('run copies the database with a manifest of row counts, and --keep deletes older backups', async () => {
    for (let i = 0; i < 3; i++) {
      const { code, out } = await cli('backup', 'run', '--db', dbPath, '--dest', dest, '--keep', '2');
      expect(code, out).toBe(0);
      expect(out).toMatch(/zeus-obs backup run: wrote .*zeus-\d{8}T\d{9}Z\.db/);
    }
    const backups = await listBackups(dest);
    expect(backups).toHaveLength(2);
    expect(readdirSync(dest).filter((f) => f.endsWith('.db'))).toHaveLength(2);
    const [newest] = backups;
    expect(newest!.manifest.tables).toEqual(sourceCounts(dbPath));
    expect(newest!.manifest.tables.enrollments).toBeGreaterThan(1_000);
    expect(newest!.manifest.sizeBytes).toBe(statSync(newest!.path).size);
  });

  it('verify restores the newest backup and the exporter reports it healthy', async () => {
    const { code, out } = await cli('backup', 'verify', '--dest', dest);
    expect(code, out).toBe(0);
    const status = JSON.parse(readFileSync(join(dest, VERIFY_STATUS_FILE), 'utf8'));
    expect(status).toMatchObject({ success: true, problems: [] });
    const running = await runExporter({ dbPath, backupDir: dest, collectors: [backupCollector] });
    try {
      await running.exporter.refresh();
      const { series } = await running.scrape();
      const [newest] = await listBackups(dest);
      expect(series.get('zeus_backup_restore_verify_success')).toBe(1);
      expect(series.get('zeus_backup_restore_verified_timestamp_seconds')).toBe(status.lastSuccessAt);
      expect(series.get('zeus_backup_last_success_timestamp_seconds')).toBe(newest!.manifest.createdAt);
      expect(series.get('zeus_backup_size_bytes')).toBe(statSync(newest!.path).size);
    } finally {
      await running.stop();
    }
  });

  it('a corrupted backup fails verification and shows in zeus_backup_restore_verify_success', async () => {
    const [newest] = await listBackups(dest);
    const fd = openSync(newest!.path, 'r+');
    writeSync(fd, Buffer.alloc(8_192, 0x5a), 0, 8_192, 4_096 * 3);
    closeSync(fd);
    const { code, out } = await cli('backup', 'verify', '--dest', dest);
    expect(code, out).toBe(1);
    expect(out).toContain('zeus-obs backup verify: FAILED');
    expect(out).toContain('checksum differs from the manifest');
    expect(out).toMatch(/integrity_check/);
    const status = JSON.parse(readFileSync(join(dest, VERIFY_STATUS_FILE), 'utf8'));
    expect(status.success).toBe(false);
    expect(status.lastSuccessAt).toBeGreaterThan(0); // the earlier pass is remembered
    const running = await runExporter({ dbPath, backupDir: dest, collectors: [backupCollector] });
    try {
      await running.exporter.refresh();
      const { series } = await running.scrape();
      expect(series.get('zeus_exporter_collector_success{collector="backup"}')).toBe(1);
      expect(series.get('zeus_backup_restore_verify_success')).toBe(0);
      expect(series.get('zeus_backup_restore_verified_timestamp_seconds')).toBe(status.lastSuccessAt);
    } finally {
      await running.stop();
    }
  });
});

describe('backup functions', () => {
  it('backs up online while another connection holds an open write transaction', async () => {
    const dir = scratchDir();
    try {
      const dbPath = join(dir.path, 'zeus.db');
      createFixtureDatabase(dbPath);
      const committed = sourceCounts(dbPath);
      const writer = new Database(dbPath);
      writer.exec("BEGIN IMMEDIATE; INSERT INTO meta VALUES ('uncommitted', 'yes')");
      try {
        const { backup } = await runBackup({ dbPath, destDir: join(dir.path, 'b'), keep: 3 });
        expect(backup.manifest.tables).toEqual(committed);
      } finally {
        writer.exec('ROLLBACK');
        writer.close();
      }
      expect((await verifyBackup({ destDir: join(dir.path, 'b') })).success).toBe(true);
    } finally {
      dir.remove();
    }
  });

  it('fails verification when the row counts differ from the manifest', async () => {
    const dir = scratchDir();
    try {
      const dbPath = join(dir.path, 'zeus.db');
      createFixtureDatabase(dbPath);
      const { backup } = await runBackup({ dbPath, destDir: dir.path, keep: 1 });
      const manifest = JSON.parse(readFileSync(backup.manifestPath, 'utf8'));
      manifest.tables.grades += 1;
      manifest.sha256 = backup.manifest.sha256;
      writeFileSync(backup.manifestPath, JSON.stringify(manifest));
      const status = await verifyBackup({ destDir: dir.path });
      expect(status.success).toBe(false);
      expect(status.problems).toEqual([`table grades has ${manifest.tables.grades - 1} rows, manifest says ${manifest.tables.grades}`]);
      expect(status.lastSuccessAt).toBe(0);
    } finally {
      dir.remove();
    }
  });

  it('reports no backups as all zeros, and verify of an empty directory fails', async () => {
    const dir = scratchDir();
    try {
      expect(await readBackupHealth(join(dir.path, 'missing'))).toEqual({ lastSuccessAt: 0, sizeBytes: 0, verifiedAt: 0, verifySuccess: 0 });
      const status = await verifyBackup({ destDir: dir.path });
      expect(status.success).toBe(false);
      expect(status.problems[0]).toMatch(/no complete backup/);
    } finally {
      dir.remove();
    }
  });

  it('the CLI fails clearly when the database is missing', async () => {
    const { code, out } = await cli('backup', 'run', '--db', '/nonexistent/zeus.db', '--dest', '/tmp/never-written');
    expect(code).toBe(1);
    expect(out).toContain('database file not found: /nonexistent/zeus.db');
  });
});
