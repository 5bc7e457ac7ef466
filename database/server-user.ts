import { execFile, execFileSync } from 'node:child_process';
import { chownSync, chmodSync, mkdirSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';

/**
 * The operating-system user PostgreSQL runs as. PostgreSQL refuses to run as root, and CI runs as
 * root: then the server and its tools run as an unprivileged system user (`zeuspg`, or
 * `ZEUS_PG_USER`) through `runuser`, and own the data directories. Anyone else runs them as
 * themselves.
 */
export interface ServerUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  /** True when commands go through `runuser -u <name> --` (this process is root). */
  readonly switched: boolean;
}

/** The system user created for PostgreSQL when this process is root. */
export const DEFAULT_SERVER_USER = 'zeuspg';

function lookup(name: string): { uid: number; gid: number } | undefined {
  const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

function createSystemUser(name: string): void {
  try {
    execFileSync('useradd', ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', '--user-group', name], { stdio: 'pipe' });
  } catch (error) {
    const detail = (error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message;
    throw new Error(`PostgreSQL refuses to run as root and there is no user '${name}' to run it as; creating it failed (${detail}). Create one: useradd --system ${name}`);
  }
}

/**
 * The user to run PostgreSQL as: this process's own user, or, when this process is root, the
 * unprivileged `ZEUS_PG_USER` (default `zeuspg`), created as a system user when missing.
 */
export function serverUser(env: NodeJS.ProcessEnv = process.env): ServerUser {
  const me = userInfo();
  if (me.uid !== 0) return { name: me.username, uid: me.uid, gid: me.gid, switched: false };
  const name = env.ZEUS_PG_USER?.trim() || DEFAULT_SERVER_USER;
  if (name === 'root') throw new Error('ZEUS_PG_USER=root: PostgreSQL refuses to run as root; name an unprivileged user');
  if (!lookup(name)) createSystemUser(name);
  const ids = lookup(name);
  if (!ids) throw new Error(`user '${name}' was created but cannot be looked up`);
  return { name, ...ids, switched: true };
}

/** `[command, args]` that run `program args` as the server user. */
export function asServerUser(user: ServerUser, program: string, args: readonly string[]): [string, string[]] {
  return user.switched ? ['runuser', ['-u', user.name, '--', program, ...args]] : [program, [...args]];
}

/** Result of a finished program. */
export interface RunResult {
  readonly code: number;
  readonly output: string;
}

/**
 * Runs `program` as the server user and resolves with its exit code and output (stdout and
 * stderr together); never rejects for a non-zero exit.
 */
export function runAsServerUser(
  user: ServerUser,
  program: string,
  args: readonly string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<RunResult> {
  const [command, argv] = asServerUser(user, program, args);
  return new Promise((done) => {
    execFile(command, argv, { timeout: options.timeoutMs ?? 120_000, env: options.env ?? process.env, cwd: options.cwd ?? '/', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
      done({ code, output: `${stdout}${stderr}`.trim() });
    });
  });
}

/** Like {@link runAsServerUser}, but throws with the program's output when it fails. */
export async function mustRunAsServerUser(user: ServerUser, program: string, args: readonly string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const result = await runAsServerUser(user, program, args, options);
  if (result.code !== 0) throw new Error(`${program.split('/').pop()} ${args.join(' ')} failed (exit ${result.code}): ${result.output.split('\n').slice(-6).join('\n')}`);
  return result.output;
}

/** Creates `dir` (mode 0700) owned by the server user; an existing one is handed to it. */
export function serverOwnedDir(user: ServerUser, dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  if (user.switched) chownSync(dir, user.uid, user.gid);
  return dir;
}

/**
 * Makes sure the server user can reach `dir` (search permission on every folder above it).
 * Folders inside one of `grantWithin` (ours, e.g. the checkout holding `.data/stack`) get `o+x`
 * added: search only, so their contents still cannot be listed. Any other folder that blocks the
 * way is an error naming it. Nothing to do when the server user is this process's user.
 */
export function ensureReachable(user: ServerUser, dir: string, grantWithin: readonly string[] = []): void {
  if (!user.switched) return;
  const within = grantWithin.map((d) => resolve(d));
  const ours = (path: string) => within.some((w) => path === w || path.startsWith(`${w}/`));
  for (let current = dirname(resolve(dir)); ; current = dirname(current)) {
    const stat = statSync(current);
    const searchable = stat.uid === user.uid ? (stat.mode & 0o100) !== 0 : stat.gid === user.gid ? (stat.mode & 0o010) !== 0 : (stat.mode & 0o001) !== 0;
    if (!searchable) {
      if (!ours(current)) throw new Error(`PostgreSQL runs as '${user.name}', which cannot enter ${current}; pick a data folder it can reach (or grant o+x on ${current})`);
      chmodSync(current, (stat.mode & 0o7777) | 0o001);
    }
    if (current === dirname(current)) return;
  }
}
