import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';
import {
  ensureReachable, maskUrl, mustRunAsServerUser, postgresProgram, serverOwnedDir, serverUser, urlParts, withClient, withPassword, type ServerUser,
} from '../database/index.js';
import {
  fileSha256, listPgBackups, pgBackupName, startWalFile, treeSize, writePgManifest, type PgBackupEntry, type PgBackupManifest,
} from './pg-backup-files.js';
import { applyPgRetention, type RetentionLog } from './pg-retention.js';
import { DEFAULT_RETENTION, type RetentionPolicy } from './retention.js';
import { publicTables, snapshotTables, type TableSnapshot } from './table-snapshot.js';
import { walArchiveDir } from './wal-archive.js';

/** Options of {@link runPgBackup}. */
export interface PgBackupOptions {
  /** URL of the Zeus database as a superuser (pg_basebackup needs replication; the restore point needs superuser). */
  readonly url: string;
  /** Password when it is not in the URL (from a file). */
  readonly password?: string;
  readonly destDir: string;
  readonly policy?: RetentionPolicy;
  /** Milliseconds since the epoch; `Date.now` by default. */
  readonly clock?: () => number;
  readonly user?: ServerUser;
  /** Where each retention deletion is logged (default: stdout). */
  readonly log?: RetentionLog;
  /** How long to wait for the restore point's WAL segment to reach the archive (default 60 s). */
  readonly archiveWaitMs?: number;
}

/** What `backup run` did on PostgreSQL. */
export interface PgBackupResult {
  readonly backup: PgBackupEntry;
  readonly deleted: readonly string[];
}

/**
 * A base backup with PostgreSQL's manifest, then a restore point taken while writes are held
 * (row counts and checksums of every table at that point go into our manifest), then the WAL
 * switch that ships the restore point to the archive, then retention. Needs the server to
 * archive its WAL into `<destDir>/wal` ({@link walArchiveSettings}); a run that fails removes
 * what it wrote and throws.
 */
export async function runPgBackup(options: PgBackupOptions): Promise<PgBackupResult> {
  const clock = options.clock ?? Date.now;
  const user = options.user ?? serverUser();
  const destDir = resolve(options.destDir);
  const adminUrl = withPassword(options.url, options.password);
  await requireArchiving(adminUrl, destDir);
  prepareBackupDir(user, destDir);
  const name = pgBackupName(clock());
  const path = join(destDir, name);
  const partial = join(destDir, `.${name}.partial`);
  try {
    await baseBackup(user, adminUrl, partial);
    await rename(partial, path);
    const point = await restorePoint(adminUrl, `zeus-backup-${name}`);
    await waitArchived(destDir, point.walFile, options.archiveWaitMs ?? 60_000);
    const manifest: PgBackupManifest = {
      version: 1, database: 'postgres', file: name, createdAt: Math.floor(clock() / 1000), source: maskUrl(options.url),
      sizeBytes: await treeSize(path), sha256: await fileSha256(join(path, 'backup_manifest')),
      restorePoint: point.name, restorePointLsn: point.lsn, startWalFile: await startWalFile(path),
      tables: point.snapshot.tables, checksums: point.snapshot.checksums,
    };
    const manifestPath = `${path}.manifest.json`;
    await writePgManifest(manifestPath, manifest);
    const deleted = await applyPgRetention(destDir, options.policy ?? DEFAULT_RETENTION, Math.floor(clock() / 1000), { user, ...(options.log ? { log: options.log } : {}) });
    return { backup: { path, manifestPath, manifest }, deleted };
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    if (!(await listPgBackups(destDir)).some((b) => b.manifest.file === name)) await rm(path, { recursive: true, force: true });
    throw error;
  }
}

/** The backup directory and its WAL archive, owned by the server user (it runs archive_command and pg_basebackup). */
function prepareBackupDir(user: ServerUser, destDir: string): void {
  serverOwnedDir(user, destDir);
  serverOwnedDir(user, walArchiveDir(destDir));
  ensureReachable(user, destDir, [process.cwd()]);
}

/** Refuses to back up a server that does not archive its WAL into this backup directory: no PITR without it. */
async function requireArchiving(adminUrl: string, destDir: string): Promise<void> {
  const settings = await withClient(adminUrl, async (c) => (await c.query<{ mode: string; command: string }>(
    "SELECT current_setting('archive_mode') AS mode, current_setting('archive_command') AS command",
  )).rows[0]!);
  const archive = walArchiveDir(destDir);
  if (settings.mode !== 'on' && settings.mode !== 'always') {
    throw new Error(`WAL archiving is off on ${maskUrl(adminUrl)} (archive_mode=${settings.mode}): point-in-time recovery needs it. Start the server with archive_mode=on and an archive_command into ${archive} (zeus-obs stack --database postgres does)`);
  }
  if (!settings.command.includes(`'${archive}/`)) {
    throw new Error(`the server archives its WAL elsewhere (archive_command: ${settings.command}); back up into the directory it archives to, or set its archive_command into ${archive}`);
  }
}

/** pg_basebackup (plain format, WAL streamed into the copy, SHA-256 manifest), then pg_verifybackup of the copy. */
async function baseBackup(user: ServerUser, adminUrl: string, target: string): Promise<void> {
  const { password, ...parts } = urlParts(adminUrl);
  // The password goes through the environment, never the command line (visible in ps).
  const env = { ...process.env, PGPASSWORD: password ?? '' };
  await mustRunAsServerUser(user, postgresProgram('pg_basebackup'), [
    '-h', parts.host, '-p', String(parts.port), '-U', parts.user, '-D', target,
    '-F', 'p', '-X', 'stream', '-c', 'fast', '--manifest-checksums=SHA256', '--no-password',
  ], { env, timeoutMs: 30 * 60_000 });
  await mustRunAsServerUser(user, postgresProgram('pg_verifybackup'), ['--quiet', target], { timeoutMs: 30 * 60_000 });
}

/** A named restore point and the tables as they are there. */
interface RestorePoint {
  readonly name: string;
  readonly lsn: string;
  /** The WAL segment that holds the restore point, once switched. */
  readonly walFile: string;
  readonly snapshot: TableSnapshot;
}

/**
 * Holds writes (SHARE lock on every table: committed work stays readable, writers wait), counts
 * and checksums the tables, writes the restore point, releases, then switches WAL so the segment
 * holding the point is archived now rather than at the next archive_timeout.
 */
async function restorePoint(adminUrl: string, name: string): Promise<RestorePoint> {
  return withClient(adminUrl, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    let point: { lsn: string; snapshot: TableSnapshot };
    try {
      const tables = await publicTables(client);
      if (tables.length > 0) await client.query(`LOCK TABLE ${tables.map((t) => pg.escapeIdentifier(t)).join(', ')} IN SHARE MODE`);
      const snapshot = await snapshotTables(client, tables);
      const { rows } = await client.query<{ lsn: string }>('SELECT pg_create_restore_point($1)::text AS lsn', [name]);
      point = { lsn: rows[0]!.lsn, snapshot };
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    const { rows } = await client.query<{ file: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS file');
    return { name, lsn: point.lsn, walFile: rows[0]!.file, snapshot: point.snapshot };
  });
}

/** Waits until `walFile` is in the archive; a stuck archive_command is an error naming it. */
async function waitArchived(destDir: string, walFile: string, timeoutMs: number): Promise<void> {
  const path = join(walArchiveDir(destDir), walFile);
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`WAL segment ${walFile} did not reach the archive ${walArchiveDir(destDir)} within ${timeoutMs} ms: check archive_command and pg_stat_archiver`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
