import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** How to get PostgreSQL when its server binaries are missing. */
export const POSTGRES_HINT =
  "install it: 'npm run setup', or 'sudo apt-get install postgresql' (Debian's PostgreSQL 15; elsewhere set ZEUS_PG_BINDIR to the folder holding initdb and pg_ctl)";

/** PostgreSQL's server programs are not installed (or not where we look). */
export class PostgresMissing extends Error {
  constructor(what: string) {
    super(`PostgreSQL not found (${what}): ${POSTGRES_HINT}`);
    this.name = 'PostgresMissing';
  }
}

/** Debian keeps each major version's server programs in /usr/lib/postgresql/<major>/bin; newest first. */
function debianBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && Number(name) >= 13)
    .sort((a, b) => Number(b) - Number(a))
    .map((major) => join(root, major, 'bin'));
}

/**
 * The folder holding `initdb`, `pg_ctl`, `pg_basebackup` and the other server programs:
 * `ZEUS_PG_BINDIR` when set, else Debian's newest `/usr/lib/postgresql/<major>/bin` (13 or newer).
 * Throws {@link PostgresMissing} with the install hint when there is none.
 */
export function postgresBinDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.ZEUS_PG_BINDIR?.trim();
  const candidates = explicit ? [explicit] : debianBinDirs();
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!found) throw new PostgresMissing(explicit ? `no initdb and pg_ctl in ZEUS_PG_BINDIR=${explicit}` : 'no /usr/lib/postgresql/<version>/bin');
  return found;
}

/** Absolute path of one PostgreSQL program (`initdb`, `pg_ctl`, `pg_basebackup`, `pg_verifybackup`...). */
export function postgresProgram(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const path = join(postgresBinDir(env), name);
  if (!existsSync(path)) throw new PostgresMissing(`${path} is missing`);
  return path;
}
