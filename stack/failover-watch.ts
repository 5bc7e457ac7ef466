import { unwatchFile, watchFile } from 'node:fs';
import { postgresDirs, readPostgresState, writePostgresState } from './postgres-state.js';
import type { StackPostgres } from './start-postgres.js';
import type { StackRun } from './stack-run.js';

/**
 * How a running stack follows `zeus-obs dr failover`: it polls `postgres/state.json` (every
 * 500 ms); when `primary` names another region than the one it serves, it runs `repoint`
 * (restart the services and the business exporter in place on the new primary's URL, stop the
 * fenced server's postgres_exporter and take it out of Prometheus's discovery), then
 * records `serving`, which the failover command waits for. Returns the function that stops
 * watching.
 */
export function watchFailover(run: StackRun, postgres: StackPostgres, repoint: () => Promise<void>): () => void {
  const path = postgresDirs(run.dataDir).state;
  let busy = false;
  const check = async () => {
    if (busy || run.stopped) return;
    const state = readPostgresState(run.dataDir);
    if (!state || state.primary === state.serving) return;
    busy = true;
    const t0 = Date.now();
    run.log(`… failover: ${state.primary} is the primary now; restarting the services and the business exporter on ${postgres.appUrl()}`);
    try {
      await repoint();
      writePostgresState(run.dataDir, { ...(readPostgresState(run.dataDir) ?? state), serving: state.primary });
      run.log(`✓ failover: services on ${state.primary} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (error) {
      run.log(`✗ failover: repointing failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      busy = false;
    }
  };
  const listener = () => void check();
  watchFile(path, { interval: 500 }, listener);
  return () => unwatchFile(path, listener);
}
