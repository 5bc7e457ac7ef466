import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promoteReplica, withPassword } from '../database/index.js';
import { processAlive, readPostgresState, regionCluster, stackRoles, stackUrl, writePostgresState, type Region } from './postgres-state.js';

/** What `zeus-obs dr failover` did, with its timings. */
export interface FailoverResult {
  readonly from: Region;
  readonly to: Region;
  /** True when the old primary was still running and was stopped (fenced) first. */
  readonly fenced: boolean;
  /** Milliseconds from the start until the new primary accepted writes. */
  readonly promotedMs: number;
  /** Milliseconds from the start until the running stack served from the new primary; undefined when no stack runs. */
  readonly servingMs?: number;
}

/**
 * Fails the stack's database over to the standby region (`zeus-obs dr failover`):
 * 1. fence: stop the old primary if it still runs (fast shutdown), so it can take no more writes;
 * 2. promote the standby (`pg_ctl promote`) and wait until it accepts writes;
 * 3. record it as the primary in `<data dir>/postgres/state.json`;
 * 4. when the stack that owns the clusters runs, wait (up to `timeoutMs`) until it has restarted
 *    the services and the business exporter on the new primary.
 * Afterwards there is no standby; the next `zeus-obs stack --database postgres --replica` builds a
 * new one in the old primary's region from the new primary.
 */
export async function failover(dataDir: string, options: { timeoutMs?: number; log?: (line: string) => void } = {}): Promise<FailoverResult> {
  const dir = resolve(dataDir);
  const log = options.log ?? (() => undefined);
  const t0 = Date.now();
  const state = readPostgresState(dir);
  if (!state) throw new Error(`no PostgreSQL stack state in ${dir}/postgres/state.json: start one with 'zeus-obs stack --database postgres --replica'`);
  if (!state.standby) throw new Error(`the stack in ${dir} has no standby to fail over to: start it with --replica`);
  const from = state.primary;
  const to = state.standby;
  const standby = regionCluster(dir, to, state.ports[to]!);
  if (!standby.running()) throw new Error(`the standby ${to} (${standby.dataDir}) is not running:\n${standby.logTail(6)}`);
  const old = regionCluster(dir, from, state.ports[from]!);
  const fenced = old.running();
  if (fenced) {
    log(`… fencing ${from}: stopping the old primary`);
    await old.stop('fast');
  }
  log(`… promoting ${to} (127.0.0.1:${standby.port})`);
  const app = stackRoles(dir).app;
  await promoteReplica(standby, withPassword(stackUrl(standby.port, app.user), app.password));
  const promotedMs = Date.now() - t0;
  log(`✓ ${to} accepts writes (${(promotedMs / 1000).toFixed(1)} s)`);
  const { standby: _gone, ...rest } = state;
  writePostgresState(dir, { ...rest, primary: to });
  if (!processAlive(state.stackPid)) return { from, to, fenced, promotedMs };
  log(`… waiting for the stack (pid ${state.stackPid}) to restart the services on ${to}`);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (readPostgresState(dir)?.serving !== to) {
    if (Date.now() > deadline) throw new Error(`${to} is the primary, but the stack did not repoint its services within ${(options.timeoutMs ?? 120_000) / 1000} s; see its output`);
    await sleep(200);
  }
  return { from, to, fenced, promotedMs, servingMs: Date.now() - t0 };
}
