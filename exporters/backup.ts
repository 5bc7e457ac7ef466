import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * SQLite backups with a manifest, restore verification and retention. Layout of the backup
 * directory:
 *
 *   zeus-20261127T153600123Z.db                  the copy (SQLite online backup API)
 *   zeus-20261127T153600123Z.db.manifest.json    written last: its presence marks a complete backup
 *   verify-status.json                           result of the last `backup verify`
 *
 * PostgreSQL base backups (`zeus-<time>.pg/`, a folder, written by `dr/`) share the directory,
 * the manifest naming and `verify-status.json`, so backup health reads the same for both.
 *
 * Only names of that pattern are ever read as backups or deleted by retention: a manifest must
 * sit beside the backup it names, under the matching name. The directory is created 0700 and
 * every file in it is written 0600 (a backup holds the students' records).
 */

/** What `backup run` records beside each backup. */
export interface BackupManifest {
  readonly version: 1;
  /** File name of the backup, in the same directory. */
  readonly file: string;
  /** Unix time the backup completed, in seconds. */
  readonly createdAt: number;
  readonly source: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  /** Row count of every table, counted in the backup itself (a consistent snapshot). */
  readonly tables: Readonly<Record<string, number>>;
}

/** A complete backup found in the backup directory. */
export interface BackupEntry {
  readonly path: string;
  readonly manifestPath: string;
  readonly manifest: BackupManifest;
}

/** The file `backup verify` writes, read by the exporter's `backup` collector. */
export interface VerifyStatus {
  /** Unix time of the last verification attempt, in seconds. */
  readonly attemptedAt: number;
  readonly success: boolean;
  /** Unix time of the last verification that passed (0 if none). */
  readonly lastSuccessAt: number;
  /** Backup file the last attempt checked (undefined when there was none). */
  readonly backup: string | undefined;
  readonly problems: readonly string[];
}

/** Name of the verification status file inside the backup directory. */
export const VERIFY_STATUS_FILE = 'verify-status.json';
const MANIFEST_SUFFIX = '.manifest.json';
/** A backup's name: `zeus-<UTC yyyymmddThhmmssSSS>Z.db` (SQLite) or `.pg` (a PostgreSQL base backup folder), nothing else (no path). */
const BACKUP_FILE = /^zeus-\d{8}T\d{9}Z\.(db|pg)$/;
/** True for a SQLite backup's name (`.db`), false for a PostgreSQL one. */
const isSqliteBackup = (entry: BackupEntry) => entry.manifest.file.endsWith('.db');
/** Directories the backup creates: the owner only. */
const DIR_MODE = 0o700;
/** Backups, manifests and the verify status: the owner only. */
const FILE_MODE = 0o600;

/** True for a plain name of the backup pattern (`zeus-20261127T153600123Z.db`, or `.pg` for PostgreSQL). */
export function isBackupFileName(name: string): boolean {
  return BACKUP_FILE.test(name);
}

/** Row count of every user table of an open database, keyed by table name. */
export function countRows(db: Database.Database): Record<string, number> {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    counts[table] = db.prepare(`SELECT COUNT(*) FROM "${table.replaceAll('"', '""')}"`).pluck().get() as number;
  }
  return counts;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function writeAtomically(path: string, content: string): Promise<void> {
  // A fresh temporary file, so that the mode applies (writeFile keeps an existing file's mode).
  await rm(`${path}.tmp`, { force: true });
  await writeFile(`${path}.tmp`, content, { mode: FILE_MODE });
  await rename(`${path}.tmp`, path);
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:.]/g, '');
}

/**
 * Complete backups in `dir`, newest first. Only manifests named `<backup>.manifest.json` for a
 * backup name of the pattern count, and only when the manifest names that same file: a manifest
 * that points anywhere else (`../zeus.db`, another file) is ignored, never read as a backup nor
 * deleted. An unreadable manifest is skipped. Empty when `dir` is missing.
 */
export async function listBackups(dir: string): Promise<BackupEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: BackupEntry[] = [];
  for (const name of names) {
    const file = name.endsWith(MANIFEST_SUFFIX) ? name.slice(0, -MANIFEST_SUFFIX.length) : undefined;
    if (file === undefined || !isBackupFileName(file)) continue;
    const manifestPath = join(dir, name);
    try {
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as BackupManifest;
      if (manifest.file !== file || typeof manifest.createdAt !== 'number') continue;
      entries.push({ path: join(dir, file), manifestPath, manifest });
    } catch {
      continue;
    }
  }
  return entries.sort((a, b) => b.manifest.createdAt - a.manifest.createdAt || b.manifest.file.localeCompare(a.manifest.file));
}

/** Options of {@link runBackup}. */
export interface BackupRunOptions {
  readonly dbPath: string;
  readonly destDir: string;
  /** Backups to keep after this one is written (older ones are deleted); at least 1. */
  readonly keep: number;
  /** Milliseconds since the epoch; `Date.now` by default. */
  readonly clock?: () => number;
}

/** What `backup run` did. */
export interface BackupRunResult {
  readonly backup: BackupEntry;
  /** Backup files deleted by retention. */
  readonly deleted: readonly string[];
}

/**
 * Copies the live database with SQLite's online backup API (safe while the services write),
 * counts the rows of the copy, writes the manifest last, then applies retention. A run that
 * fails removes what it wrote (the `.partial` copy, the backup, the manifest) and throws.
 */
export async function runBackup(options: BackupRunOptions): Promise<BackupRunResult> {
  const clock = options.clock ?? Date.now;
  const keep = Math.max(1, Math.floor(options.keep));
  await stat(options.dbPath).catch(() => {
    throw new Error(`database file not found: ${options.dbPath}`);
  });
  await mkdir(options.destDir, { recursive: true, mode: DIR_MODE });
  const file = `zeus-${stamp(clock())}.db`;
  const path = join(options.destDir, file);
  const partial = join(options.destDir, `.${file}.partial`);
  const manifestPath = `${path}${MANIFEST_SUFFIX}`;
  let renamed = false;
  try {
    const tables = await copyDatabase(options.dbPath, partial);
    await rename(partial, path);
    renamed = true;
    const manifest: BackupManifest = {
      version: 1,
      file,
      createdAt: Math.floor(clock() / 1000),
      source: options.dbPath,
      sizeBytes: (await stat(path)).size,
      sha256: await sha256(path),
      tables,
    };
    await writeAtomically(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    const deleted = await applyRetention(options.destDir, keep);
    return { backup: { path, manifestPath, manifest }, deleted };
  } catch (error) {
    for (const leftover of [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`, `${manifestPath}.tmp`]) await rm(leftover, { force: true });
    if (renamed && !(await listBackups(options.destDir)).some((b) => b.manifest.file === file)) await rm(path, { force: true });
    throw error;
  }
}

/**
 * Copies the database into `partial` (created 0600 first: SQLite keeps the mode, and its
 * journal takes the same), makes the copy a single file, and counts its rows.
 */
async function copyDatabase(dbPath: string, partial: string): Promise<Record<string, number>> {
  await (await open(partial, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, FILE_MODE)).close();
  const source = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    await source.backup(partial);
  } catch (error) {
    throw new Error(`backup of ${dbPath} failed: ${(error as Error).message}`);
  } finally {
    source.close();
  }
  await chmod(partial, FILE_MODE);
  // The copy keeps the source's WAL mode; a backup is one self-contained file, so switch it to
  // a rollback journal (closing then leaves no -wal or -shm beside it).
  const copy = new Database(partial, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    return countRows(copy);
  } finally {
    copy.close();
  }
}

/** Deletes all but the newest `keep` backups; only files of the backup pattern are touched. */
async function applyRetention(dir: string, keep: number): Promise<string[]> {
  const deleted: string[] = [];
  for (const old of (await listBackups(dir)).filter(isSqliteBackup).slice(keep)) {
    if (!isBackupFileName(old.manifest.file)) continue; // listBackups guarantees it; never delete anything else
    await rm(old.path, { force: true });
    await rm(old.manifestPath, { force: true });
    deleted.push(old.path);
  }
  return deleted;
}

/** Writes `verify-status.json` (0600, atomically). */
export async function writeVerifyStatus(dir: string, status: VerifyStatus): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  await writeAtomically(join(dir, VERIFY_STATUS_FILE), `${JSON.stringify(status, null, 2)}\n`);
}

/** Reads the last verification status; undefined when `backup verify` never ran. */
export async function readVerifyStatus(dir: string): Promise<VerifyStatus | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, VERIFY_STATUS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as VerifyStatus;
  } catch {
    throw new Error(`${join(dir, VERIFY_STATUS_FILE)} is not valid JSON`);
  }
}

/** Options of {@link verifyBackup}. */
export interface BackupVerifyOptions {
  readonly destDir: string;
  /** Directory for the scratch restore; the OS temp dir by default. */
  readonly scratchDir?: string;
  readonly clock?: () => number;
}

/**
 * Restores the newest backup into a scratch file, runs `PRAGMA integrity_check`, compares the
 * checksum and every table's row count with the manifest, and records the outcome in
 * `verify-status.json`. Resolves with the status (success false lists every problem found).
 */
export async function verifyBackup(options: BackupVerifyOptions): Promise<VerifyStatus> {
  const clock = options.clock ?? Date.now;
  const previous = await readVerifyStatus(options.destDir).catch(() => undefined);
  const [newest] = (await listBackups(options.destDir)).filter(isSqliteBackup);
  const problems: string[] = [];
  if (!newest) problems.push(`no complete backup in ${options.destDir}`);
  else problems.push(...(await checkRestore(newest, options.scratchDir ?? tmpdir())));
  const attemptedAt = Math.floor(clock() / 1000);
  const success = problems.length === 0;
  const status: VerifyStatus = {
    attemptedAt,
    success,
    lastSuccessAt: success ? attemptedAt : (previous?.lastSuccessAt ?? 0),
    backup: newest?.manifest.file,
    problems,
  };
  await writeVerifyStatus(options.destDir, status);
  return status;
}

async function checkRestore(entry: BackupEntry, scratchRoot: string): Promise<string[]> {
  const problems: string[] = [];
  const scratchDir = await mkdtemp(join(scratchRoot, 'zeus-restore-'));
  const scratch = join(scratchDir, 'restore.db');
  try {
    try {
      await copyFile(entry.path, scratch);
    } catch (error) {
      return [`cannot restore ${entry.manifest.file}: ${(error as Error).message}`];
    }
    const digest = await sha256(scratch);
    if (digest !== entry.manifest.sha256) problems.push(`checksum differs from the manifest (${digest.slice(0, 12)} vs ${String(entry.manifest.sha256).slice(0, 12)})`);
    let db: Database.Database | undefined;
    try {
      db = new Database(scratch, { fileMustExist: true });
      let integrity: string[];
      try {
        integrity = db.prepare('PRAGMA integrity_check').pluck().all() as string[];
      } catch (error) {
        integrity = [(error as Error).message];
      }
      if (integrity.length !== 1 || integrity[0] !== 'ok') problems.push(`integrity_check failed: ${integrity.slice(0, 5).join('; ')}`);
      const counts = countRows(db);
      for (const [table, expected] of Object.entries(entry.manifest.tables)) {
        if (counts[table] === undefined) problems.push(`table ${table} is missing (manifest: ${expected} rows)`);
        else if (counts[table] !== expected) problems.push(`table ${table} has ${counts[table]} rows, manifest says ${expected}`);
      }
      for (const table of Object.keys(counts)) {
        if (!(table in entry.manifest.tables)) problems.push(`table ${table} is not in the manifest`);
      }
    } catch (error) {
      problems.push(`restored copy is unreadable: ${(error as Error).message}`);
    } finally {
      db?.close();
    }
    return problems;
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}

/** The four backup-health values the exporter serves. */
export interface BackupHealth {
  /** Unix seconds of the newest complete backup, 0 if none. */
  readonly lastSuccessAt: number;
  /** Bytes of the newest complete backup, 0 if none. */
  readonly sizeBytes: number;
  /** Unix seconds of the last verification that passed, 0 if none. */
  readonly verifiedAt: number;
  /** 1 if the last verification passed, 0 if it failed or never ran. */
  readonly verifySuccess: 0 | 1;
}

/** Reads backup health from the backup directory (no backups yet is a valid, all-zero state). */
export async function readBackupHealth(dir: string): Promise<BackupHealth> {
  const backups = await listBackups(dir);
  let lastSuccessAt = 0;
  let sizeBytes = 0;
  for (const backup of backups) {
    // A PostgreSQL backup is a folder: its manifest holds the bytes of every file in it.
    const size = await stat(backup.path).then((s) => (s.isDirectory() ? backup.manifest.sizeBytes : s.size), () => undefined);
    if (size === undefined) continue; // manifest without its file: not a usable backup
    lastSuccessAt = backup.manifest.createdAt;
    sizeBytes = size;
    break;
  }
  const status = await readVerifyStatus(dir);
  return {
    lastSuccessAt,
    sizeBytes,
    verifiedAt: status?.lastSuccessAt ?? 0,
    verifySuccess: status?.success ? 1 : 0,
  };
}
