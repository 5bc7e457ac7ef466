import { join } from 'node:path';
import type { SettingValue } from '../database/index.js';
import { smallestRpoSeconds } from './targets.js';

/**
 * Continuous WAL archiving into the backup directory: the server copies each finished WAL
 * segment to `<backupDir>/wal/` (through a temporary name, so a half-copied segment is never
 * read as whole), and `archive_timeout` closes a segment at least every RPO, so at most that
 * much committed work lives only on the primary.
 */

/** Folder of the archived WAL segments inside the backup directory. */
export const WAL_DIR = 'wal';

/** The archive folder of a backup directory. */
export function walArchiveDir(backupDir: string): string {
  return join(backupDir, WAL_DIR);
}

/** The archive folder, checked to be safe inside a shell command and a postgresql.conf value. */
function safeArchiveDir(backupDir: string): string {
  const dir = walArchiveDir(backupDir);
  if (/['\n\\%"$`]/.test(dir)) throw new Error(`the WAL archive path may not contain quotes, backslashes, '%', '$', backticks or newlines: ${dir}`);
  return dir;
}

/**
 * The settings that turn archiving on (they need a server restart): `archive_mode`,
 * `archive_command` and `archive_timeout` (default: the smallest RPO in `targets.ts`, so a
 * quiet primary still ships its last writes within the RPO).
 */
export function walArchiveSettings(backupDir: string, archiveTimeoutSeconds = smallestRpoSeconds()): Record<string, SettingValue> {
  const dir = safeArchiveDir(backupDir);
  return {
    archive_mode: 'on',
    // Never overwrite an archived segment (test ! -f); copy then rename, so readers see whole files.
    archive_command: `test ! -f '${dir}/%f' && cp %p '${dir}/%f.tmp' && mv '${dir}/%f.tmp' '${dir}/%f'`,
    archive_timeout: Math.max(1, Math.round(archiveTimeoutSeconds)),
  };
}

/** `restore_command` that reads segments back from the archive (recovery, PITR). */
export function restoreCommand(backupDir: string): string {
  return `cp '${safeArchiveDir(backupDir)}/%f' %p`;
}
