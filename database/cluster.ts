import { chownSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { postgresProgram } from './binaries.js';
import { mustRunAsServerUser, runAsServerUser, serverOwnedDir, serverUser, type ServerUser } from './server-user.js';

/** A value of postgresql.conf. */
export type SettingValue = string | number | boolean;

/** The file in the data directory that holds our settings (postgresql.conf includes it). */
export const SETTINGS_FILE = 'zeus.conf';

/**
 * What every Zeus cluster sets: loopback TCP only (no Unix socket to place), enough WAL for
 * streaming replicas and base backups, data in UTC.
 */
export const BASE_SETTINGS: Readonly<Record<string, SettingValue>> = {
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
  max_connections: 100,
  wal_level: 'replica',
  max_wal_senders: 10,
  max_replication_slots: 10,
  hot_standby: true,
  timezone: 'UTC',
  log_timezone: 'UTC',
  log_line_prefix: '%m [%p] %q%u@%d ',
  log_min_duration_statement: -1,
};

function quoteSetting(value: SettingValue): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return `'${value.replaceAll("'", "''")}'`;
}

/** Options of {@link LocalCluster}. */
export interface LocalClusterOptions {
  /** Folder of the cluster: `data/` and `postgres.log` go inside; owned by the server user, 0700. */
  readonly root: string;
  readonly port: number;
  /** Default: {@link serverUser}. */
  readonly user?: ServerUser;
}

/**
 * A PostgreSQL cluster in a folder of ours, run with the Debian server programs as the
 * unprivileged server user, listening on 127.0.0.1 only. Never a system cluster: it has its own
 * data directory and port, and `pg_ctl` is always given that directory.
 */
export class LocalCluster {
  readonly root: string;
  readonly dataDir: string;
  readonly logFile: string;
  readonly port: number;
  readonly user: ServerUser;

  constructor(options: LocalClusterOptions) {
    this.root = options.root;
    this.dataDir = join(options.root, 'data');
    this.logFile = join(options.root, 'postgres.log');
    this.port = options.port;
    this.user = options.user ?? serverUser();
  }

  /** True once `initdb` (or a base backup) has filled the data directory. */
  initialized(): boolean {
    return existsSync(join(this.dataDir, 'PG_VERSION'));
  }

  /**
   * Runs `initdb` with data checksums, SCRAM passwords over TCP and `superuser` as the bootstrap
   * role, then writes the settings. `fast` skips fsync (throwaway test clusters).
   */
  async init(options: { superuser: string; password: string; settings?: Record<string, SettingValue>; fast?: boolean }): Promise<void> {
    serverOwnedDir(this.user, this.root);
    const pwfile = join(this.root, '.initdb-password');
    writeFileSync(pwfile, `${options.password}\n`, { mode: 0o600 });
    if (this.user.switched) chownSync(pwfile, this.user.uid, this.user.gid);
    try {
      await mustRunAsServerUser(this.user, postgresProgram('initdb'), [
        '-D', this.dataDir, '-U', options.superuser, `--pwfile=${pwfile}`,
        '--auth-host=scram-sha-256', '--auth-local=peer', '-E', 'UTF8', '--locale=C.UTF-8', '--data-checksums', '--no-instructions',
        ...(options.fast ? ['--no-sync'] : []),
      ]);
    } finally {
      rmSync(pwfile, { force: true });
    }
    writeFileSync(join(this.dataDir, 'postgresql.conf'), `${readFileSync(join(this.dataDir, 'postgresql.conf'), 'utf8')}\ninclude_if_exists '${SETTINGS_FILE}'\n`);
    this.writeSettings(options.settings ?? {});
  }

  /** Rewrites our settings file: {@link BASE_SETTINGS}, the port, then `settings`. Takes effect at the next start. */
  writeSettings(settings: Record<string, SettingValue>): void {
    const all = { ...BASE_SETTINGS, port: this.port, ...settings };
    const text = `# Written by zeus-obs; rewritten at every start.\n${Object.entries(all).map(([k, v]) => `${k} = ${quoteSetting(v)}`).join('\n')}\n`;
    const path = join(this.dataDir, SETTINGS_FILE);
    writeFileSync(path, text, { mode: 0o600 });
    if (this.user.switched) chownSync(path, this.user.uid, this.user.gid);
  }

  /** Starts the server with `pg_ctl -w`; rejects with the end of its log when it does not come up within `timeoutMs`. */
  async start(timeoutMs = 60_000): Promise<void> {
    const result = await runAsServerUser(this.user, postgresProgram('pg_ctl'), [
      '-D', this.dataDir, '-l', this.logFile, '-w', '-t', String(Math.ceil(timeoutMs / 1000)), 'start',
    ], { timeoutMs: timeoutMs + 10_000 });
    if (result.code !== 0) throw new Error(`PostgreSQL in ${this.dataDir} did not start (pg_ctl exit ${result.code}):\n${this.logTail(12)}`);
  }

  /** Stops the server (`fast` rolls back open transactions; `immediate` is a crash). No-op when it is not running. */
  async stop(mode: 'smart' | 'fast' | 'immediate' = 'fast'): Promise<void> {
    if (!this.running()) return;
    await runAsServerUser(this.user, postgresProgram('pg_ctl'), ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop'], { timeoutMs: 70_000 });
  }

  /** Promotes a standby to primary and waits until it accepts writes. */
  async promote(): Promise<void> {
    await mustRunAsServerUser(this.user, postgresProgram('pg_ctl'), ['-D', this.dataDir, '-w', '-t', '60', 'promote'], { timeoutMs: 70_000 });
  }

  /** Pid of the postmaster while it runs (from postmaster.pid, checked against /proc). */
  postmasterPid(): number | undefined {
    try {
      const pid = Number(readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (!Number.isInteger(pid) || pid <= 0) return undefined;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z') ? undefined : pid;
    } catch {
      return undefined;
    }
  }

  /** True while the postmaster runs. */
  running(): boolean {
    return this.postmasterPid() !== undefined;
  }

  /** The last lines of the server log. */
  logTail(lines = 20): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no server log)';
    }
  }
}
