import { execFile } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
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
    const running = await runExporter({ database: dbPath, backupDir: dest, collectors: [backupCollector] });
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
    const running = await runExporter({ database: dbPath, backupDir: dest, collectors: [backupCollector] });
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

describe('backup security', () => {
  /** A live database in a fresh directory and a backup folder beside it. */
  function setup() {
    const dir = scratchDir();
    const dbPath = join(dir.path, 'zeus.db');
    createFixtureDatabase(dbPath);
    return { dir, dbPath, dest: join(dir.path, 'backups') };
  }

  function forgeManifest(dest: string, name: string, file: string, createdAt: number): void {
    writeFileSync(join(dest, name), JSON.stringify({ version: 1, file, createdAt, source: 'x', sizeBytes: 1, sha256: 'x', tables: {} }));
  }

  it('a manifest naming ../zeus.db never makes retention delete the live database', async () => {
    const { dir, dbPath, dest } = setup();
    try {
      const counts = sourceCounts(dbPath);
      await runBackup({ dbPath, destDir: dest, keep: 1 });
      // Old enough to be next for retention, under a name of the backup pattern.
      forgeManifest(dest, 'zeus-20000101T000000000Z.db.manifest.json', '../zeus.db', 946_684_800);
      forgeManifest(dest, 'evil.manifest.json', '../zeus.db', 946_684_800);
      const { deleted } = await runBackup({ dbPath, destDir: dest, keep: 1 });
      expect(statSync(dbPath).isFile()).toBe(true);
      expect(sourceCounts(dbPath)).toEqual(counts);
      expect(deleted.every((path) => /\/backups\/zeus-\d{8}T\d{9}Z\.db$/.test(path))).toBe(true);
    } finally {
      dir.remove();
    }
  });

  it('a manifest pointing outside its own name is no backup: health does not report it fresh', async () => {
    const { dir, dbPath, dest } = setup();
    try {
      const { backup } = await runBackup({ dbPath, destDir: dest, keep: 3, clock: () => Date.UTC(2026, 0, 1) });
      const future = Math.floor(Date.UTC(2030, 0, 1) / 1000);
      forgeManifest(dest, 'zeus-20300101T000000000Z.db.manifest.json', '../zeus.db', future);
      forgeManifest(dest, 'zeus-20300101T000000001Z.db.manifest.json', backup.manifest.file, future);
      forgeManifest(dest, 'zeus-20300101T000000002Z.db.manifest.json', '/etc/passwd', future);
      expect((await listBackups(dest)).map((b) => b.manifest.file)).toEqual([backup.manifest.file]);
      expect((await readBackupHealth(dest)).lastSuccessAt).toBe(backup.manifest.createdAt);
      expect((await verifyBackup({ destDir: dest })).backup).toBe(backup.manifest.file);
    } finally {
      dir.remove();
    }
  });

  it('retention never touches a file outside its own pattern', async () => {
    const { dir, dbPath, dest } = setup();
    try {
      await runBackup({ dbPath, destDir: dest, keep: 1 });
      const strangers = ['notes.txt', 'zeus-manual.db', 'zeus-20000101T000000000Z.db', 'zeus-20000101T000000000Z.db-journal'];
      for (const name of strangers) writeFileSync(join(dest, name), 'keep me');
      forgeManifest(dest, 'zeus-20000101T000000000Z.db.manifest.json', 'notes.txt', 1);
      for (let i = 0; i < 3; i++) await runBackup({ dbPath, destDir: dest, keep: 1 });
      for (const name of strangers) expect(readFileSync(join(dest, name), 'utf8'), name).toBe('keep me');
      expect(readdirSync(dest).filter((name) => /^zeus-\d{8}T\d{9}Z\.db$/.test(name) && name !== 'zeus-20000101T000000000Z.db')).toHaveLength(1);
    } finally {
      dir.remove();
    }
  });

  it('a failed run removes its .partial copy and leaves no backup or manifest', async () => {
    const { dir, dbPath, dest } = setup();
    try {
      const at = Date.UTC(2026, 4, 5, 6, 7, 8, 9);
      // Something already holds the backup's name, so the final rename fails after the copy.
      mkdirSync(join(dest, 'zeus-20260505T060708009Z.db', 'occupied'), { recursive: true });
      await expect(runBackup({ dbPath, destDir: dest, keep: 1, clock: () => at })).rejects.toThrow();
      expect(readdirSync(dest)).toEqual(['zeus-20260505T060708009Z.db']);
      expect(statSync(join(dest, 'zeus-20260505T060708009Z.db', 'occupied')).isDirectory()).toBe(true);
    } finally {
      dir.remove();
    }
  });

  it('creates the backup directory 0700 and writes backups, manifests and the verify status 0600', async () => {
    const { dir, dbPath } = setup();
    const previous = process.umask(0o022);
    try {
      const dest = join(dir.path, 'nested', 'backups');
      const { backup } = await runBackup({ dbPath, destDir: dest, keep: 1 });
      await verifyBackup({ destDir: dest });
      const mode = (path: string) => statSync(path).mode & 0o777;
      expect(mode(join(dir.path, 'nested'))).toBe(0o700);
      expect(mode(dest)).toBe(0o700);
      expect(mode(backup.path)).toBe(0o600);
      expect(mode(backup.manifestPath)).toBe(0o600);
      expect(mode(join(dest, VERIFY_STATUS_FILE))).toBe(0o600);
      expect(readdirSync(dest).sort()).toEqual([backup.manifest.file, `${backup.manifest.file}.manifest.json`, VERIFY_STATUS_FILE].sort());
    } finally {
      process.umask(previous);
      dir.remove();
    }
  });
});
