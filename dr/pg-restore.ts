import { chownSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LocalCluster, mustRunAsServerUser, serverOwnedDir, serverUser, withClient, withHostPort, type ServerUser, type SettingValue,
} from '../database/index.js';
import type { PgBackupEntry } from './pg-backup-files.js';
import { restoreCommand } from './wal-archive.js';

/** Where recovery stops: a named restore point, a time, or the end of the archived WAL. */
export type RecoveryStop = { readonly name: string } | { readonly time: Date; readonly inclusive?: boolean } | 'latest';

/** Options of {@link restoreCluster}. */
export interface RestoreOptions {
  readonly backup: PgBackupEntry;
  /** The backup directory holding the WAL archive. */
  readonly backupDir: string;
  /** Folder for the new cluster (its `data/` and log go inside); must not hold a cluster. */
  readonly root: string;
  readonly port: number;
  readonly target: RecoveryStop;
  /** A URL of the backed-up database with credentials (password included): the copy has the same roles. */
  readonly url: string;
  /** More settings for the restored server (e.g. WAL archiving when it becomes the new primary; by default it archives nothing). */
  readonly settings?: Record<string, SettingValue>;
  readonly user?: ServerUser;
  /** Deadline for start plus WAL replay (default 5 min). */
  readonly timeoutMs?: number;
}

function recoverySettings(target: RecoveryStop): Record<string, SettingValue> {
  if (target === 'latest') return {};
  if ('name' in target) return { recovery_target_name: target.name, recovery_target_action: 'promote' };
  // PostgreSQL reads 'YYYY-MM-DD HH:MM:SS.mmm+00', not the ISO 'T…Z' form.
  const time = target.time.toISOString().replace('T', ' ').replace('Z', '+00');
  return { recovery_target_time: time, recovery_target_inclusive: target.inclusive ?? true, recovery_target_action: 'promote' };
}

/**
 * Restores a base backup into a new cluster and replays archived WAL to `target`
 * (`recovery.signal`, `restore_command` from the archive), then promotes it and waits until it
 * accepts writes. The copy runs as the server user on its own port, with archiving off unless
 * `settings` turn it on. Rejects with the server log's end when recovery fails (for example a
 * target after the last archived WAL).
 */
export async function restoreCluster(options: RestoreOptions): Promise<LocalCluster> {
  const user = options.user ?? serverUser();
  const cluster = new LocalCluster({ root: options.root, port: options.port, user });
  serverOwnedDir(user, options.root);
  await mustRunAsServerUser(user, 'cp', ['-a', options.backup.path, cluster.dataDir], { timeoutMs: 30 * 60_000 });
  rmSync(join(cluster.dataDir, 'standby.signal'), { force: true });
  cluster.writeSettings({ archive_mode: 'off', restore_command: restoreCommand(options.backupDir), ...recoverySettings(options.target), ...options.settings });
  const signal = join(cluster.dataDir, 'recovery.signal');
  writeFileSync(signal, '', { mode: 0o600 });
  if (user.switched) chownSync(signal, user.uid, user.gid);
  const deadline = Date.now() + (options.timeoutMs ?? 5 * 60_000);
  await cluster.start(options.timeoutMs ?? 5 * 60_000);
  await waitPromoted(cluster, restoredUrl(options.url, options.port), deadline);
  return cluster;
}

/** `url` pointing at a restored copy on `port` (same database, same roles). */
export function restoredUrl(url: string, port: number): string {
  return withHostPort(url, '127.0.0.1', port);
}

/** Polls until recovery has ended (pg_is_in_recovery() is false). */
async function waitPromoted(cluster: LocalCluster, url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (!cluster.running()) throw new Error(`the restored server stopped during recovery:\n${cluster.logTail(12)}`);
    if (await acceptsWrites(url)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`recovery did not finish in time:\n${cluster.logTail(12)}`);
}

/** True once the server at `url` accepts writes (not in recovery). */
export async function acceptsWrites(url: string): Promise<boolean> {
  try {
    return await withClient(url, async (c) => (await c.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r')).rows[0]!.r === false, { connectTimeoutMs: 2_000 });
  } catch {
    return false;
  }
}
