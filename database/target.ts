import { readFileSync } from 'node:fs';
import { isPostgresUrl, maskUrl } from './url.js';

/**
 * Which database a command or service uses: a SQLite file (the embedded default) or a
 * PostgreSQL server. `--database` and `ZEUS_DATABASE_URL` take either: a `postgres://` URL, or a
 * file path.
 */
export type DatabaseTarget =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly password?: string };

/** `sqlite` or `postgres`. */
export type DatabaseKind = DatabaseTarget['kind'];

/**
 * Reads `--database`/`ZEUS_DATABASE_URL`: `postgres://…` or `postgresql://…` is PostgreSQL, any
 * other URL scheme is refused, and everything else is a SQLite file path (`file:` prefix allowed).
 */
export function parseDatabaseTarget(value: string): DatabaseTarget {
  const trimmed = value.trim();
  if (trimmed === '') throw new Error('the database is empty: give a postgres:// URL or a SQLite file path');
  if (isPostgresUrl(trimmed)) {
    try {
      new URL(trimmed);
    } catch {
      throw new Error(`the database URL is not a valid URL: ${maskUrl(trimmed)}`);
    }
    return { kind: 'postgres', url: trimmed };
  }
  if (trimmed.startsWith('file:')) return { kind: 'sqlite', path: trimmed.slice(5).replace(/^\/\/(?=\/)/, '') };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) throw new Error(`unsupported database URL scheme in '${maskUrl(trimmed)}': use postgres:// or a SQLite file path`);
  return { kind: 'sqlite', path: trimmed };
}

/** The target for messages and logs: the file path, or the URL with its password masked. */
export function describeTarget(target: DatabaseTarget): string {
  return target.kind === 'sqlite' ? target.path : maskUrl(target.url);
}

/**
 * The database of a service process: `ZEUS_DATABASE_URL` (URL or path; `ZEUS_DB_PATH`, a path, is
 * still read), and for PostgreSQL the password from the file `ZEUS_DATABASE_PASSWORD_FILE` when
 * set (an unreadable or empty file is an error, never a fallback). Undefined when neither is set.
 */
export function databaseTargetFromEnv(env: NodeJS.ProcessEnv): DatabaseTarget | undefined {
  const raw = env.ZEUS_DATABASE_URL?.trim() || env.ZEUS_DB_PATH?.trim();
  if (!raw) return undefined;
  const target = parseDatabaseTarget(raw);
  const passwordFile = env.ZEUS_DATABASE_PASSWORD_FILE?.trim();
  if (target.kind !== 'postgres' || !passwordFile) return target;
  let password: string;
  try {
    password = readFileSync(passwordFile, 'utf8').trim();
  } catch (error) {
    throw new Error(`ZEUS_DATABASE_PASSWORD_FILE=${passwordFile} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!password) throw new Error(`ZEUS_DATABASE_PASSWORD_FILE=${passwordFile} is empty`);
  return { ...target, password };
}
