import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverOwnedDir, serverUser, withClient, withPassword } from '../database/index.js';
import { prepareZeusDatabase } from '../demo/index.js';
import { backupCollector } from '../exporters/index.js';
import { runExporter } from '../exporters/testing/harness.js';
import { adminQuery, startTestPostgres, type TestDatabase, type TestPostgres } from '../test/support/index.js';
import { freeLoopbackPort } from '../core/index.js';
import { listPgBackups, restoreCluster, restoredUrl, runPgBackup, snapshotTables, verifyPgBackup, walArchiveDir, walArchiveSettings } from './index.js';

const run = promisify(execFile);
const CLI = new URL('../bin/zeus-obs.mjs', import.meta.url).pathname;

async function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { timeout: 120_000, env: { ...process.env, ...env } });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const probes = async (url: string, batch: string) =>
  (await adminQuery<{ n: number }>(url, "SELECT COUNT(*)::int AS n FROM meta WHERE key LIKE $1", [`probe-${batch}-%`]))[0]!.n;
const writeProbes = (url: string, batch: string, n: number) =>
  adminQuery(url, `INSERT INTO meta (key, value) SELECT 'probe-${batch}-' || i, 'x' FROM generate_series(1, ${n}) AS i`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PostgreSQL backups: base backup, WAL archive, restore verification and PITR', () => {
  const dest = mkdtempSync(join(tmpdir(), 'zeus-pg-backups-'));
  const scratch = mkdtempSync(join(tmpdir(), 'zeus-pg-scratch-'));
  let pg: TestPostgres;
  let db: TestDatabase;
  let passwordFile: string;
  let urlWithoutPassword: string;
  const logged: string[] = [];

  beforeAll(async () => {
    // The archive folder exists and belongs to the server user before the server archives into it.
    serverOwnedDir(serverUser(), dest);
    serverOwnedDir(serverUser(), walArchiveDir(dest));
    serverOwnedDir(serverUser(), scratch);
    pg = await startTestPostgres({ settings: walArchiveSettings(dest, 2) });
    db = await pg.createDatabase();
    await prepareZeusDatabase({ kind: 'postgres', url: db.appUrl }, 'small', Date.UTC(2026, 10, 27, 12));
    passwordFile = join(scratch, 'admin-password');
    writeFileSync(passwordFile, pg.superuser.password, { mode: 0o600 });
    const url = new URL(db.adminUrl);
    url.password = '';
    urlWithoutPassword = url.toString();
  }, 120_000);
  afterAll(async () => {
    await pg?.stop();
    rmSync(dest, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('run writes a verified base backup and a manifest equal to the database at its restore point', async () => {
    const { backup, deleted } = await runPgBackup({ url: db.adminUrl, destDir: dest, log: (l) => logged.push(l) });
    expect(deleted).toEqual([]);
    const source = await withClient(db.adminUrl, (c) => snapshotTables(c));
    expect(backup.manifest.tables).toEqual(source.tables);
    expect(backup.manifest.checksums).toEqual(source.checksums);
    expect(backup.manifest.tables.enrollments).toBeGreaterThan(100);
    expect(backup.manifest.restorePoint).toContain(backup.manifest.file);
    expect(readdirSync(backup.path)).toEqual(expect.arrayContaining(['backup_manifest', 'backup_label', 'PG_VERSION']));
    expect(readdirSync(walArchiveDir(dest)).some((f) => /^[0-9A-F]{24}$/.test(f))).toBe(true);
    expect(await listPgBackups(dest)).toHaveLength(1);
  }, 120_000);

  it('point-in-time recovery replays WAL to the target time: writes before it are back, writes after it are not', async () => {
    await writeProbes(db.adminUrl, 'before', 25);
    await sleep(1_100);
    const target = new Date();
    await sleep(1_100);
    await writeProbes(db.adminUrl, 'after', 30);
    await adminQuery(db.adminUrl, 'SELECT pg_switch_wal()');
    const [backup] = await listPgBackups(dest);
    const port = await freeLoopbackPort();
    const cluster = await restoreCluster({ backup: backup!, backupDir: dest, root: join(scratch, 'pitr'), port, target: { time: target }, url: db.adminUrl });
    try {
      const url = restoredUrl(db.adminUrl, port);
      expect(await probes(url, 'before')).toBe(25);
      expect(await probes(url, 'after')).toBe(0);
      expect(cluster.user.uid).toBe(serverUser().uid);
    } finally {
      await cluster.stop('immediate');
    }
    expect(await probes(db.adminUrl, 'after')).toBe(30);
  }, 180_000);

  it('verify (CLI, password from a file) restores into a scratch cluster and the exporter reports it healthy', async () => {
    const env = { ZEUS_DATABASE_PASSWORD_FILE: passwordFile };
    const runOut = await cli(env, 'backup', 'run', '--database', urlWithoutPassword, '--dest', dest);
    expect(runOut.code, runOut.out).toBe(0);
    expect(runOut.out).toMatch(/wrote .*zeus-\d{8}T\d{9}Z\.pg .* at restore point/);
    expect(runOut.out).not.toContain(pg.superuser.password);
    const { code, out } = await cli(env, 'backup', 'verify', '--database', urlWithoutPassword, '--dest', dest);
    expect(code, out).toBe(0);
    expect(out).toMatch(/matches its manifest/);
    const [newest] = await listPgBackups(dest);
    const running = await runExporter({ database: join(scratch, 'unused.db'), backupDir: dest, collectors: [backupCollector] });
    try {
      await running.exporter.refresh();
      const { series } = await running.scrape();
      expect(series.get('zeus_backup_restore_verify_success')).toBe(1);
      expect(series.get('zeus_backup_last_success_timestamp_seconds')).toBe(newest!.manifest.createdAt);
      expect(series.get('zeus_backup_size_bytes')).toBe(newest!.manifest.sizeBytes);
    } finally {
      await running.stop();
    }
  }, 240_000);

  it('verify --target-time replays to that time; a time before every backup is a clear failure', async () => {
    const target = new Date(Date.now() - 500);
    await writeProbes(db.adminUrl, 'late', 5);
    await adminQuery(db.adminUrl, 'SELECT pg_switch_wal()');
    const ok = await verifyPgBackup({ url: db.adminUrl, destDir: dest, targetTime: target });
    expect(ok.problems).toEqual([]);
    const early = await cli({ ZEUS_DATABASE_PASSWORD_FILE: passwordFile }, 'backup', 'verify', '--database', urlWithoutPassword, '--dest', dest, '--target-time', '2001-01-01T00:00:00Z');
    expect(early.code).toBe(1);
    expect(early.out).toMatch(/no complete PostgreSQL backup .* finished by 2001-01-01/);
  }, 240_000);

  it('a damaged backup fails verification, and zeus_backup_restore_verify_success says so', async () => {
    const [newest] = await listPgBackups(dest);
    writeFileSync(join(newest!.path, 'PG_VERSION'), '99\n');
    const status = await verifyPgBackup({ url: db.adminUrl, destDir: dest });
    expect(status.success).toBe(false);
    expect(status.problems.join('\n')).toMatch(/pg_verifybackup/);
    const running = await runExporter({ database: join(scratch, 'unused.db'), backupDir: dest, collectors: [backupCollector] });
    try {
      await running.exporter.refresh();
      expect((await running.scrape()).series.get('zeus_backup_restore_verify_success')).toBe(0);
    } finally {
      await running.stop();
    }
  }, 240_000);

  it('refuses a server that does not archive its WAL into the backup directory, naming the fix', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'zeus-pg-elsewhere-'));
    try {
      await expect(runPgBackup({ url: withPassword(urlWithoutPassword, pg.superuser.password), destDir: elsewhere })).rejects.toThrow(/archives its WAL elsewhere/);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
