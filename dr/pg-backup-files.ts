import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listBackups, type BackupEntry, type BackupManifest } from '../exporters/index.js';
import type { TableSnapshot } from './table-snapshot.js';

/**
 * The PostgreSQL backup layout inside the backup directory (shared with SQLite backups, whose
 * manifest naming and `verify-status.json` it follows, so the exporter's backup health reads both):
 *
 *   zeus-20261130T111000123Z.pg/                 pg_basebackup, plain format, with PostgreSQL's backup_manifest
 *   zeus-20261130T111000123Z.pg.manifest.json    ours, written last: row counts and checksums at the restore point
 *   wal/                                         the continuous WAL archive (archive_command)
 */

/** What `backup run` records beside a PostgreSQL base backup. */
export interface PgBackupManifest extends BackupManifest, TableSnapshot {
  readonly database: 'postgres';
  /** sha256 of PostgreSQL's `backup_manifest` inside the backup (which holds a checksum of every file). */
  readonly sha256: string;
  /** Named restore point written right after the base backup, while writes were held: the tables equal `tables`/`checksums` there. */
  readonly restorePoint: string;
  readonly restorePointLsn: string;
  /** First WAL segment the backup needs (from its backup_label): older archived segments serve only older backups. */
  readonly startWalFile: string;
}

/** A PostgreSQL backup found in the backup directory. */
export interface PgBackupEntry extends BackupEntry {
  readonly manifest: PgBackupManifest;
}

/** Complete PostgreSQL backups in `dir`, newest first. */
export async function listPgBackups(dir: string): Promise<PgBackupEntry[]> {
  return (await listBackups(dir)).filter((b): b is PgBackupEntry => b.manifest.file.endsWith('.pg') && (b.manifest as Partial<PgBackupManifest>).database === 'postgres');
}

/** `zeus-<UTC yyyymmddThhmmssSSS>Z.pg` for a time in milliseconds. */
export function pgBackupName(ms: number): string {
  return `zeus-${new Date(ms).toISOString().replace(/[-:.]/g, '')}.pg`;
}

/** Bytes of every regular file under `path` (symbolic links not followed). */
export async function treeSize(path: string): Promise<number> {
  const info = await lstat(path);
  if (!info.isDirectory()) return info.isFile() ? info.size : 0;
  let total = 0;
  for (const name of await readdir(path)) total += await treeSize(join(path, name));
  return total;
}

/** sha256 of a file, hex. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The first WAL segment a base backup needs, from its `backup_label`. */
export async function startWalFile(backupPath: string): Promise<string> {
  const label = await readFile(join(backupPath, 'backup_label'), 'utf8');
  const match = /START WAL LOCATION: \S+ \(file ([0-9A-F]{24})\)/.exec(label);
  if (!match) throw new Error(`${backupPath}/backup_label names no start WAL file`);
  return match[1]!;
}

/** Writes a manifest beside its backup: owner-only, through a temporary name, so a reader sees all or nothing. */
export async function writePgManifest(path: string, manifest: PgBackupManifest): Promise<void> {
  await rm(`${path}.tmp`, { force: true });
  await writeFile(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}
