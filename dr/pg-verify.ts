import { mkdtemp, rm } from 'node:fs/promises';
import type { Client } from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mustRunAsServerUser, postgresProgram, serverOwnedDir, serverUser, withClient, withPassword, type ServerUser } from '../database/index.js';
import { readVerifyStatus, writeVerifyStatus, type VerifyStatus } from '../exporters/index.js';
import { freeLoopbackPort } from '../core/index.js';
import { integrityProblems } from './integrity.js';
import { listPgBackups, type PgBackupEntry } from './pg-backup-files.js';
import { restoreCluster, restoredUrl, type RecoveryStop } from './pg-restore.js';
import { compareSnapshots, snapshotTables } from './table-snapshot.js';

/** Options of {@link verifyPgBackup}. */
export interface PgVerifyOptions {
  /** Superuser URL of the backed-up database (the restored copy has the same roles). */
  readonly url: string;
  readonly password?: string;
  readonly destDir: string;
  /**
   * Replay WAL to this time instead of the backup's restore point (point-in-time recovery): the
   * newest backup completed by then is restored. Without it, the newest backup is restored to
   * its restore point and its tables must equal the manifest's counts and checksums.
   */
  readonly targetTime?: Date;
  /** Folder for the scratch cluster (default: the OS temp folder); it is removed afterwards. */
  readonly scratchDir?: string;
  readonly clock?: () => number;
  readonly user?: ServerUser;
}

/**
 * Restores a backup into a scratch cluster (own data folder, free port, the unprivileged server
 * user), replays archived WAL to the target, and checks it: pg_verifybackup against PostgreSQL's
 * manifest, row counts and checksums against ours (at the restore point), the integrity checks,
 * and, for a time target, that no replayed commit is later than the target. Records the outcome
 * in `verify-status.json` (read by the exporter) and resolves with it.
 */
export async function verifyPgBackup(options: PgVerifyOptions): Promise<VerifyStatus> {
  const clock = options.clock ?? Date.now;
  const previous = await readVerifyStatus(options.destDir).catch(() => undefined);
  const backup = await chooseBackup(options.destDir, options.targetTime);
  const problems = backup
    ? await checkRestore(backup, options)
    : [options.targetTime ? `no complete PostgreSQL backup in ${options.destDir} finished by ${options.targetTime.toISOString()}` : `no complete PostgreSQL backup in ${options.destDir}`];
  const attemptedAt = Math.floor(clock() / 1000);
  const success = problems.length === 0;
  const status: VerifyStatus = { attemptedAt, success, lastSuccessAt: success ? attemptedAt : (previous?.lastSuccessAt ?? 0), backup: backup?.manifest.file, problems };
  await writeVerifyStatus(options.destDir, status);
  return status;
}

/** The newest backup, or with a target time the newest whose restore point is not later than it. */
export async function chooseBackup(destDir: string, targetTime?: Date): Promise<PgBackupEntry | undefined> {
  const backups = await listPgBackups(destDir);
  if (!targetTime) return backups[0];
  return backups.find((b) => b.manifest.createdAt * 1000 <= targetTime.getTime());
}

async function checkRestore(backup: PgBackupEntry, options: PgVerifyOptions): Promise<string[]> {
  const user = options.user ?? serverUser();
  const files = await mustRunAsServerUser(user, postgresProgram('pg_verifybackup'), ['--quiet', backup.path]).then(() => [], (error: Error) => [`pg_verifybackup: ${error.message}`]);
  // mkdtemp makes it ours and 0700: hand it to the server user, who runs the scratch cluster inside.
  const root = serverOwnedDir(user, await mkdtemp(join(options.scratchDir ?? tmpdir(), 'zeus-pg-verify-')));
  const target: RecoveryStop = options.targetTime ? { time: options.targetTime } : { name: backup.manifest.restorePoint };
  const url = withPassword(options.url, options.password);
  const port = await freeLoopbackPort();
  let cluster;
  try {
    cluster = await restoreCluster({ backup, backupDir: options.destDir, root: join(root, 'cluster'), port, target, url, user });
    return [...files, ...(await checkRestoredData(restoredUrl(url, port), backup, options.targetTime))];
  } catch (error) {
    return [...files, `restore of ${backup.manifest.file} failed: ${(error as Error).message}`];
  } finally {
    await cluster?.stop('immediate');
    await rm(root, { recursive: true, force: true });
  }
}

/** The restored tables against the manifest (restore-point target) or the target time, and the integrity checks. */
async function checkRestoredData(url: string, backup: PgBackupEntry, targetTime: Date | undefined): Promise<string[]> {
  return withClient(url, async (client) => {
    const snapshot = await snapshotTables(client);
    const problems = targetTime
      ? [
        ...Object.keys(backup.manifest.tables).filter((t) => snapshot.tables[t] === undefined).map((t) => `table ${t} is missing after recovery to ${targetTime.toISOString()}`),
        ...(await writesAfter(client, targetTime)),
      ]
      : compareSnapshots(snapshot, backup.manifest);
    return [...problems, ...(await integrityProblems(client))];
  });
}

/** Time columns the services stamp with their clock (unix seconds): none may be later than a PITR target. */
const STAMPED = [['enrollments', 'enrolled_at'], ['grades', 'submitted_at'], ['waitlists', 'added_at']] as const;

/** Rows written after `targetTime` that recovery replayed anyway (it should have stopped before them). */
async function writesAfter(client: Client, targetTime: Date): Promise<string[]> {
  const limit = Math.floor(targetTime.getTime() / 1000);
  const problems: string[] = [];
  for (const [table, column] of STAMPED) {
    const exists = (await client.query('SELECT to_regclass($1) IS NOT NULL AS ok', [`public.${table}`])).rows[0].ok;
    if (!exists) continue;
    const { rows } = await client.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${table} WHERE ${column} > $1`, [limit]);
    if (rows[0]!.n > 0) problems.push(`${rows[0]!.n} row(s) of ${table} have ${column} after the target ${targetTime.toISOString()}: recovery went past it`);
  }
  return problems;
}
