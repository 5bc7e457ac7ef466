import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stackRoles, STACK_DATABASE, type PostgresState, type Region } from './postgres-state.js';
import { addComponent, launch, type Component, type StackRun } from './stack-run.js';
import type { StackPostgres } from './start-postgres.js';
import { findTool, POSTGRES_EXPORTER } from './tools.js';

/** The stack's postgres_exporters: one per server the state names, following failover. */
export interface PostgresExporters {
  /** Prometheus's file service discovery for job zeus-postgres: one target per exporter, with its `region`. */
  readonly targetsFile: string;
  /**
   * Matches the exporters to the state's servers (the primary and the standby, at their ports):
   * an exporter whose region is no longer a server (the primary a failover fenced) leaves the
   * targets file and stops, so it reports no `pg_up 0` for a planned outage; a server without
   * an exporter (restored into the other region) or on a new port gets one. Resolves once the
   * started ones answer.
   */
  follow(state: PostgresState): Promise<void>;
}

/** One running exporter: where it listens and which server port it reads. */
interface Watch {
  readonly component: Component;
  readonly listenPort: number;
  readonly serverPort: number;
}

/** The servers an exporter should watch: region → port. */
function servers(state: PostgresState): Map<Region, number> {
  const regions = [state.primary, state.standby].filter((r): r is Region => r !== undefined && state.ports[r] !== undefined);
  return new Map(regions.map((r) => [r, state.ports[r]!]));
}

/** Writes the file_sd targets atomically (Prometheus never reads half a file). */
function writeTargets(run: StackRun, file: string, watches: ReadonlyMap<Region, Watch>): void {
  const groups = [...watches].map(([region, w]) => ({ targets: [`${run.host}:${w.listenPort}`], labels: { service: 'postgres-exporter', region } }));
  writeFileSync(`${file}.tmp`, `${JSON.stringify(groups, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Polls the exporter's /metrics until it answers, it exits, or 30 s pass; the row says which. */
async function awaitExporter(run: StackRun, component: Component): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !run.stopped && component.child?.exited() === undefined) {
    const ok = await fetch(component.readyUrl!, { signal: AbortSignal.timeout(1_500) }).then((r) => r.ok, () => false);
    if (ok) {
      component.state = 'running';
      return;
    }
    await sleep(200);
  }
}

/**
 * Debian's prometheus-postgres-exporter, one per running cluster (as a sidecar would be), reading
 * it as the read-only role (`pg_monitor`; password from its file, never in a URL or argument),
 * listening on loopback at the stack's two exporter ports. Prometheus finds them in
 * `targetsFile`, which `follow` rewrites after a failover.
 */
export function startPostgresExporters(run: StackRun, db: StackPostgres): PostgresExporters {
  const { log, host, options } = run;
  const binary = findTool(POSTGRES_EXPORTER, options.tools.postgresExporter);
  const targetsFile = join(run.dirs.prometheus, 'postgres-exporter-targets.json');
  const freePorts = [options.ports.postgresExporter, options.ports.postgresReplicaExporter];
  const watches = new Map<Region, Watch>();
  const row = (region: Region, port: number): Component => {
    const name = `postgres-exporter-${region}`;
    const existing = run.components.find((c) => c.name === name);
    const fields = { url: `http://${host}:${port}/metrics`, readyUrl: `http://${host}:${port}/metrics`, state: 'starting' as const };
    if (existing) {
      delete existing.note;
      return Object.assign(existing, fields);
    }
    return addComponent(run, { name, ...fields });
  };
  const start = (region: Region, serverPort: number): void => {
    const listenPort = freePorts.shift()!;
    const component = row(region, listenPort);
    if (!binary) {
      component.state = 'missing';
      component.note = `prometheus-postgres-exporter not found: ${POSTGRES_EXPORTER.hint}`;
      log(`! ${component.name}: ${component.note}. The rest of the stack still runs.`);
      freePorts.unshift(listenPort);
      return;
    }
    log(`… starting prometheus-postgres-exporter for ${region} on ${host}:${listenPort}`);
    launch(run, component, binary, [`--web.listen-address=${host}:${listenPort}`, '--auto-discover-databases', '--exclude-databases=template0,template1'], {
      DATA_SOURCE_URI: `127.0.0.1:${serverPort}/${STACK_DATABASE}?sslmode=disable`,
      DATA_SOURCE_USER: stackRoles(run.dataDir).readonly.user,
      DATA_SOURCE_PASS_FILE: db.readonlyPasswordFile,
    });
    watches.set(region, { component, listenPort, serverPort });
  };
  const retire = async (region: Region, why: string): Promise<void> => {
    const watch = watches.get(region)!;
    watches.delete(region);
    writeTargets(run, targetsFile, watches);
    log(`… stopping prometheus-postgres-exporter for ${region}: ${why}`);
    await watch.component.child?.stop();
    delete watch.component.child;
    Object.assign(watch.component, { state: 'disabled', note: why });
    freePorts.unshift(watch.listenPort);
  };
  for (const [region, port] of servers(db.state())) start(region, port);
  writeTargets(run, targetsFile, watches);
  const follow = async (state: PostgresState): Promise<void> => {
    const wanted = servers(state);
    for (const [region, watch] of [...watches]) {
      if (!wanted.has(region)) await retire(region, `${region} is no longer a server of the stack (failover to ${state.primary}); nothing to watch`);
      else if (wanted.get(region) !== watch.serverPort) await retire(region, `${region} moved to port ${wanted.get(region)}`);
    }
    const missing = [...wanted].filter(([region]) => !watches.has(region));
    for (const [region, port] of missing) start(region, port);
    writeTargets(run, targetsFile, watches);
    const started = missing.flatMap(([region]) => watches.get(region) ?? []);
    await Promise.all(started.map((w) => awaitExporter(run, w.component)));
  };
  return { targetsFile, follow };
}
