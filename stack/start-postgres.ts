import { rmSync } from 'node:fs';
import { freeLoopbackPort } from '../core/index.js';
import {
  createZeusDatabase, ensureReachable, LocalCluster, provisionRoles, serverOwnedDir, serverUser, startReplica, waitForCatchUp,
  withDatabase, withPassword, type ServerUser,
} from '../database/index.js';
import {
  otherRegion, REGIONS, postgresDirs, readPostgresState, regionCluster, secretFile, stackRoles, stackUrl, STACK_DATABASE,
  writePostgresState, type PostgresState, type Region,
} from './postgres-state.js';
import { walArchiveDir, walArchiveSettings } from '../dr/index.js';
import { addComponent, type StackRun } from './stack-run.js';

/** The stack's PostgreSQL once started. */
export interface StackPostgres {
  /** The services' URL on the current primary (app role, no password: see `appPasswordFile`). */
  appUrl(): string;
  readonly appPasswordFile: string;
  /** The read-only role's URL on the primary (business exporter, postgres_exporter). */
  readonlyUrl(): string;
  readonly readonlyPasswordFile: string;
  /** Current state (which region is primary, ports). */
  state(): PostgresState;
  /** Running clusters by region. */
  readonly clusters: Partial<Record<Region, LocalCluster>>;
}

/**
 * Continuous WAL archiving into the stack's backup folder (`zeus-obs backup run` needs it for
 * point-in-time recovery); a segment is closed at least every smallest RPO, scaled like every
 * other timer of the profile (60 s in production, 4 s in the test profile).
 */
function archiveSettings(run: StackRun, user: ServerUser): ReturnType<typeof walArchiveSettings> {
  ensureReachable(user, run.dirs.backups, [run.root, run.dataDir]);
  serverOwnedDir(user, run.dirs.backups);
  serverOwnedDir(user, walArchiveDir(run.dirs.backups));
  return walArchiveSettings(run.dirs.backups, Math.max(1, 60 * run.options.timing.timeScale));
}

/** Starts (or restarts on a new port) the primary: initdb on first use, roles and the zeus database. */
async function startPrimary(run: StackRun, region: Region, user: ServerUser): Promise<LocalCluster> {
  const port = await freeLoopbackPort();
  const cluster = regionCluster(run.dataDir, region, port, user);
  const roles = stackRoles(run.dataDir);
  const archive = archiveSettings(run, user);
  if (cluster.running()) await cluster.stop('fast'); // left over by a stack that died
  if (!cluster.initialized()) {
    run.log(`… initdb for PostgreSQL ${region} in ${cluster.dataDir} (as ${user.name})`);
    await cluster.init({ superuser: roles.admin.user, password: roles.admin.password, settings: archive });
  } else {
    cluster.writeSettings(archive);
  }
  await cluster.start();
  const adminUrl = withPassword(stackUrl(port, roles.admin.user, 'postgres'), roles.admin.password);
  await provisionRoles(adminUrl, roles);
  await createZeusDatabase(adminUrl, STACK_DATABASE, roles);
  return cluster;
}

/** A fresh standby of the primary in the other region (its old data directory, stale after a failover, is removed). */
async function startStandby(run: StackRun, primary: LocalCluster, region: Region, user: ServerUser): Promise<LocalCluster> {
  const port = await freeLoopbackPort();
  const old = regionCluster(run.dataDir, region, port, user);
  if (old.running()) await old.stop('fast');
  rmSync(old.root, { recursive: true, force: true });
  const roles = stackRoles(run.dataDir);
  const primaryUrl = withPassword(withDatabase(stackUrl(primary.port, roles.replicator.user), 'postgres'), roles.replicator.password);
  run.log(`… pg_basebackup of ${primary.root} into ${old.root} (streaming replica, the second region)`);
  // The standby archives nothing while it replays; promoted, it archives into the same folder.
  const standby = await startReplica({ primaryUrl, root: old.root, port, user, settings: archiveSettings(run, user) });
  await waitForCatchUp(withPassword(stackUrl(primary.port, roles.readonly.user), roles.readonly.password), { timeoutMs: 60_000 });
  return standby;
}

/** Adds a row to the stack for a cluster; stopping the stack stops it (fast: open transactions roll back). */
function clusterComponent(run: StackRun, region: Region, cluster: LocalCluster, role: string): void {
  addComponent(run, {
    name: `postgres-${region}`, url: `postgres://127.0.0.1:${cluster.port} (${role})`, state: 'running', inProcess: true,
    stopInProcess: () => cluster.stop('fast'),
  });
}

/**
 * The stack's PostgreSQL, in `<data dir>/postgres/`: the primary region's cluster (initdb as the
 * unprivileged server user on first use, then the Zeus roles and database), and with `replica` a
 * streaming standby in the other region, rebuilt from the primary at every start. Ports are free
 * loopback ports picked per start and recorded in `state.json`.
 */
export async function startStackPostgres(run: StackRun, options: { replica: boolean }): Promise<StackPostgres> {
  const user = serverUser();
  const dirs = postgresDirs(run.dataDir);
  // The state folder is ours: the server user may pass through it (search only) to its own folder.
  ensureReachable(user, dirs.root, [run.root, run.dataDir]);
  serverOwnedDir(user, dirs.root);
  const previous = readPostgresState(run.dataDir);
  const primaryRegion = previous?.primary ?? 'region-a';
  const clusters: Partial<Record<Region, LocalCluster>> = {};
  const primary = await startPrimary(run, primaryRegion, user);
  clusters[primaryRegion] = primary;
  clusterComponent(run, primaryRegion, primary, 'primary');
  let standbyRegion: Region | undefined;
  if (options.replica) {
    standbyRegion = otherRegion(primaryRegion);
    const standby = await startStandby(run, primary, standbyRegion, user);
    clusters[standbyRegion] = standby;
    clusterComponent(run, standbyRegion, standby, 'standby');
  }
  let state: PostgresState = {
    primary: primaryRegion, ...(standbyRegion ? { standby: standbyRegion } : {}),
    ports: Object.fromEntries(Object.entries(clusters).map(([r, c]) => [r, c.port])), serving: primaryRegion, stackPid: process.pid,
  };
  writePostgresState(run.dataDir, state);
  run.log(`✓ PostgreSQL ${primaryRegion} primary on 127.0.0.1:${primary.port}${standbyRegion ? `, ${standbyRegion} standby on 127.0.0.1:${clusters[standbyRegion]!.port}` : ''}`);
  const current = () => (state = readPostgresState(run.dataDir) ?? state);
  // The primary named in state.json: after `dr failover` rewrites it, new URLs point there.
  const portOf = () => current().ports[current().primary]!;
  return {
    appUrl: () => stackUrl(portOf(), stackRoles(run.dataDir).app.user),
    appPasswordFile: secretFile(run.dataDir, 'app'),
    readonlyUrl: () => stackUrl(portOf(), stackRoles(run.dataDir).readonly.user),
    readonlyPasswordFile: secretFile(run.dataDir, 'readonly'),
    state: current,
    clusters,
  };
}

/**
 * Stops every region's cluster still running (fast): the ones the stack started, and a primary a
 * recovery drill restored into the other region while the stack ran.
 */
export async function stopRegionClusters(dataDir: string): Promise<void> {
  const state = readPostgresState(dataDir);
  for (const region of REGIONS) {
    const cluster = regionCluster(dataDir, region, state?.ports[region] ?? 0);
    if (cluster.running()) await cluster.stop('fast');
  }
}
