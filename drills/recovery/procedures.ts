import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withClient, withPassword } from '../../database/index.js';
import { freeLoopbackPort } from '../../core/index.js';
import { chooseBackup, restoreCluster, walArchiveDir, walArchiveSettings, type RecoveryStop } from '../../dr/index.js';
import {
  failover, otherRegion, postgresDirs, readPostgresState, regionCluster, stackRoles, stackUrl, writePostgresState, type PostgresState,
} from '../../stack/index.js';

/** The recovery scenarios of `zeus-obs dr drill`. */
export const RECOVERY_SCENARIOS = ['lost-primary', 'corrupted-table', 'region-loss'] as const;
export type RecoveryScenario = (typeof RECOVERY_SCENARIOS)[number];

/** What a procedure works on: the stack's state folder and its backups. */
export interface DrillStack {
  readonly dataDir: string;
  readonly backupDir: string;
  /** archive_timeout of a restored primary, seconds (the profile's smallest RPO). */
  readonly archiveTimeoutSeconds: number;
  /** How long the stack may take to repoint its services, ms. */
  readonly repointTimeoutMs: number;
  readonly log: (line: string) => void;
}

/** The fault: when it happened, and the recovery procedure to run next. */
export interface Fault {
  /** Milliseconds since the epoch: writes acknowledged before it must survive (RPO). */
  readonly at: number;
  readonly what: string;
  recover(): Promise<string>;
}

const adminUrl = (stack: DrillStack, port: number) => {
  const admin = stackRoles(stack.dataDir).admin;
  return withPassword(stackUrl(port, admin.user), admin.password);
};

function currentState(stack: DrillStack): PostgresState {
  const state = readPostgresState(stack.dataDir);
  if (!state) throw new Error(`no PostgreSQL stack in ${stack.dataDir} (postgres/state.json): start one with 'zeus-obs stack --database postgres'`);
  return state;
}

/** Injects the scenario's fault into the running stack; the returned fault knows how to recover. */
export async function injectFault(stack: DrillStack, scenario: RecoveryScenario): Promise<Fault> {
  const state = currentState(stack);
  if (scenario === 'corrupted-table') return corruptGrades(stack, state);
  const at = await destroyPrimary(stack, state, scenario === 'region-loss');
  const what = scenario === 'region-loss'
    ? `region ${state.primary} lost: primary crashed and its whole folder deleted`
    : `primary ${state.primary} lost: crashed (immediate stop) and its data directory deleted`;
  return { at, what, recover: () => recoverLostPrimary(stack, state) };
}

/** Crashes the primary (immediate stop: no shutdown checkpoint, nothing more archived) and deletes its data. */
async function destroyPrimary(stack: DrillStack, state: PostgresState, wholeRegion: boolean): Promise<number> {
  const primary = regionCluster(stack.dataDir, state.primary, state.ports[state.primary]!);
  await primary.stop('immediate');
  const at = Date.now();
  rmSync(wholeRegion ? primary.root : primary.dataDir, { recursive: true, force: true });
  stack.log(`fault: ${wholeRegion ? `region ${state.primary} deleted` : `primary ${state.primary} crashed, ${primary.dataDir} deleted`}`);
  return at;
}

/**
 * The documented procedure for a lost primary or region: promote the standby when there is one
 * (`zeus-obs dr failover`), else restore the newest base backup into the other region and replay
 * every archived WAL segment.
 */
async function recoverLostPrimary(stack: DrillStack, state: PostgresState): Promise<string> {
  if (state.standby) {
    await failover(stack.dataDir, { timeoutMs: stack.repointTimeoutMs, log: (l) => stack.log(`failover: ${l}`) });
    return `promoted the standby ${state.standby} (zeus-obs dr failover)`;
  }
  return restoreIntoOtherRegion(stack, state, 'latest');
}

/**
 * A destructive statement (every grade set to F) committed by the app role. `at` is the server's
 * clock just before it: point-in-time recovery targets that instant.
 */
async function corruptGrades(stack: DrillStack, state: PostgresState): Promise<Fault> {
  const app = stackRoles(stack.dataDir).app;
  const url = withPassword(stackUrl(state.ports[state.primary]!, app.user), app.password);
  const at = await withClient(url, async (client) => {
    const { rows } = await client.query<{ ms: number }>('SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms');
    const { rowCount } = await client.query("UPDATE grades SET grade = 'F'");
    stack.log(`fault: UPDATE grades SET grade = 'F' changed ${rowCount} rows`);
    return Math.floor(Number(rows[0]!.ms));
  });
  return { at, what: "table grades corrupted (UPDATE grades SET grade = 'F')", recover: () => recoverCorruptedTable(stack, state, at) };
}

/**
 * Point-in-time recovery to just before the corruption: archive the WAL up to now, fence the
 * corrupted primary (its later writes are discarded, the price of PITR), drop the standby (it
 * replayed the corruption), restore the newest backup older than the corruption into the other
 * region and replay WAL to the instant before it.
 */
async function recoverCorruptedTable(stack: DrillStack, state: PostgresState, at: number): Promise<string> {
  const primary = regionCluster(stack.dataDir, state.primary, state.ports[state.primary]!);
  await archiveNow(stack, adminUrl(stack, primary.port));
  await primary.stop('fast');
  stack.log(`fenced the corrupted primary ${state.primary}`);
  return restoreIntoOtherRegion(stack, state, { time: new Date(at), inclusive: false });
}

/** Switches WAL and waits until the segment is in the archive. */
async function archiveNow(stack: DrillStack, url: string): Promise<void> {
  const file = await withClient(url, async (c) => (await c.query<{ f: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS f')).rows[0]!.f);
  const deadline = Date.now() + 60_000;
  while (!existsSync(join(walArchiveDir(stack.backupDir), file))) {
    if (Date.now() > deadline) throw new Error(`WAL segment ${file} did not reach the archive within 60 s`);
    await sleep(100);
  }
}

/** Restores the right base backup into the other region's folder, makes it the primary, and waits for the stack to serve from it. */
async function restoreIntoOtherRegion(stack: DrillStack, state: PostgresState, target: RecoveryStop): Promise<string> {
  const to = otherRegion(state.primary);
  const backup = await chooseBackup(stack.backupDir, target !== 'latest' && 'time' in target ? target.time : undefined);
  if (!backup) throw new Error(`no PostgreSQL base backup in ${stack.backupDir} to restore from: run 'zeus-obs backup run' (the stack takes one at start)`);
  const old = regionCluster(stack.dataDir, to, state.ports[to] ?? 0);
  if (old.running()) await old.stop('immediate');
  rmSync(postgresDirs(stack.dataDir).region(to), { recursive: true, force: true });
  const port = await freeLoopbackPort();
  stack.log(`restoring ${backup.manifest.file} into ${to} on 127.0.0.1:${port}, replaying WAL to ${target === 'latest' ? 'the end of the archive' : (target as { time: Date }).time.toISOString()}`);
  await restoreCluster({
    backup, backupDir: stack.backupDir, root: postgresDirs(stack.dataDir).region(to), port, target, url: adminUrl(stack, port),
    settings: walArchiveSettings(stack.backupDir, stack.archiveTimeoutSeconds),
  });
  const { standby: _dropped, ...rest } = state;
  writePostgresState(stack.dataDir, { ...rest, primary: to, ports: { ...state.ports, [to]: port } });
  await waitServing(stack, to);
  return `restored ${backup.manifest.file} + archived WAL into ${to}`;
}

/** Waits until the running stack has repointed its services (state.json `serving`). */
async function waitServing(stack: DrillStack, region: string): Promise<void> {
  const deadline = Date.now() + stack.repointTimeoutMs;
  while (readPostgresState(stack.dataDir)?.serving !== region) {
    if (Date.now() > deadline) throw new Error(`the stack did not repoint its services to ${region} within ${stack.repointTimeoutMs / 1000} s`);
    await sleep(200);
  }
}
