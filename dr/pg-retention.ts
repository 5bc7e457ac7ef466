import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { mustRunAsServerUser, postgresProgram, serverUser, type ServerUser } from '../database/index.js';
import { listPgBackups } from './pg-backup-files.js';
import { selectRetention, type RetentionPolicy } from './retention.js';
import { walArchiveDir } from './wal-archive.js';

/** Receives one line per deletion (and per archive clean-up). */
export type RetentionLog = (line: string) => void;

const age = (seconds: number) => `${(seconds / 86_400).toFixed(1)} days`;

/**
 * Applies `policy` to the PostgreSQL backups in `destDir` at `nowSeconds`: deletes each backup it
 * does not keep (folder and manifest, manifest first, so a half-deleted backup is never listed),
 * logs each deletion with the backup's age, then lets `pg_archivecleanup` remove the archived WAL
 * segments older than the oldest backup kept (no kept backup needs them). Resolves with the
 * deleted backup paths.
 */
export async function applyPgRetention(
  destDir: string,
  policy: RetentionPolicy,
  nowSeconds: number,
  options: { user?: ServerUser; log?: RetentionLog } = {},
): Promise<string[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const backups = (await listPgBackups(destDir)).map((entry) => ({ name: entry.manifest.file, createdAt: entry.manifest.createdAt, entry }));
  const decision = selectRetention(backups, policy, nowSeconds);
  const deleted: string[] = [];
  for (const { entry: old } of decision.remove) {
    await rm(old.manifestPath, { force: true });
    await rm(old.path, { recursive: true, force: true });
    deleted.push(old.path);
    log(`retention deleted ${old.path} (created ${new Date(old.manifest.createdAt * 1000).toISOString()}, ${age(nowSeconds - old.manifest.createdAt)} old; policy ${describePolicy(policy)})`);
  }
  const oldestKept = decision.keep.at(-1)?.backup.entry;
  if (oldestKept && existsSync(walArchiveDir(destDir))) {
    const output = await mustRunAsServerUser(options.user ?? serverUser(), postgresProgram('pg_archivecleanup'), ['-d', walArchiveDir(destDir), oldestKept.manifest.startWalFile]);
    const removed = output.split('\n').filter((line) => /removing file/.test(line)).length;
    if (removed > 0) log(`retention removed ${removed} archived WAL segment(s) older than ${oldestKept.manifest.startWalFile}, the start of the oldest backup kept (${oldestKept.manifest.file})`);
  }
  return deleted;
}

/** `7 daily, 4 weekly, 12 monthly, none younger than 35 days`. */
export function describePolicy(policy: RetentionPolicy): string {
  return `${policy.daily} daily, ${policy.weekly} weekly, ${policy.monthly} monthly, none younger than ${age(policy.minimumAgeSeconds)}`;
}

