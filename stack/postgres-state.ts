import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalCluster, postgresUrl, serverUser, type ServerUser, type ZeusRoles } from '../database/index.js';

/**
 * The stack's two PostgreSQL "regions": two data directories on this machine standing in for
 * two sites. One is the primary, the other (with `--replica`) a streaming standby of it; after
 * `zeus-obs dr failover` they swap.
 */
export const REGIONS = ['region-a', 'region-b'] as const;
export type Region = (typeof REGIONS)[number];

/** The database the stack's services use. */
export const STACK_DATABASE = 'zeus';

/** Role names of the stack's cluster (passwords are random, in `postgres/<role>-password`). */
export const STACK_ROLES = { admin: 'zeus_admin', app: 'zeus_app', readonly: 'zeus_readonly', replicator: 'zeus_replicator' } as const;
type RoleKey = keyof typeof STACK_ROLES;

/**
 * `<data dir>/postgres/state.json`: which region is the primary and where everything listens.
 * The stack writes it at start; `zeus-obs dr failover` rewrites `primary`; the running stack
 * watches the file, repoints the services and the business exporter at the new primary, stops the
 * fenced server's postgres_exporter, and then
 * sets `serving` to it (what failover waits for).
 */
export interface PostgresState {
  primary: Region;
  /** The streaming standby, while there is one. */
  standby?: Region;
  /** Port of each region's server this run. */
  ports: Partial<Record<Region, number>>;
  /** The region the services and exporter use now. */
  serving: Region;
  /** Pid of the stack process that runs the clusters (failover waits for it only while it lives). */
  stackPid: number;
}

/** Where the stack keeps its PostgreSQL: clusters, passwords and state. */
export function postgresDirs(dataDir: string): { root: string; state: string; region: (r: Region) => string } {
  const root = join(dataDir, 'postgres');
  return { root, state: join(root, 'state.json'), region: (r) => join(root, r) };
}

/** The other region. */
export const otherRegion = (region: Region): Region => (region === 'region-a' ? 'region-b' : 'region-a');

/** Reads the state file, or undefined when the stack never ran on PostgreSQL here. */
export function readPostgresState(dataDir: string): PostgresState | undefined {
  const path = postgresDirs(dataDir).state;
  if (!existsSync(path)) return undefined;
  const state = JSON.parse(readFileSync(path, 'utf8')) as PostgresState;
  if (!REGIONS.includes(state.primary)) throw new Error(`${path}: primary must be one of ${REGIONS.join(', ')}, got ${JSON.stringify(state.primary)}`);
  return state;
}

/** Writes the state file atomically (a watcher never reads half a file). */
export function writePostgresState(dataDir: string, state: PostgresState): void {
  const path = postgresDirs(dataDir).state;
  writeFileSync(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

/** The file holding a role's password, `<data dir>/postgres/<role>-password` (created once, random, 0600). */
export function secretFile(dataDir: string, role: RoleKey): string {
  const dir = postgresDirs(dataDir).root;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${role}-password`);
  if (!existsSync(path)) writeFileSync(path, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  return path;
}

const secret = (dataDir: string, role: RoleKey) => readFileSync(secretFile(dataDir, role), 'utf8').trim();

/** The Zeus roles with their passwords from the secrets folder. */
export function stackRoles(dataDir: string): Required<ZeusRoles> & { admin: { user: string; password: string } } {
  const role = (key: RoleKey) => ({ user: STACK_ROLES[key], password: secret(dataDir, key) });
  return { admin: role('admin'), app: role('app'), readonly: role('readonly'), replicator: role('replicator') };
}

/**
 * A role's URL on a port, without password (`withPassword` adds one for this process; children
 * get the password file instead).
 */
export function stackUrl(port: number, user: string, database: string = STACK_DATABASE): string {
  return postgresUrl({ host: '127.0.0.1', port, database, user });
}

/** The region's cluster object (nothing started). */
export function regionCluster(dataDir: string, region: Region, port: number, user: ServerUser = serverUser()): LocalCluster {
  return new LocalCluster({ root: postgresDirs(dataDir).region(region), port, user });
}


/** True while process `pid` exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
