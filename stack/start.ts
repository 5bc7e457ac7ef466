import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolveAdminToken } from '../demo/index.js';
import { markedProcesses } from './children.js';
import type { StackOptions } from './options.js';
import { exporterScrapeConfigs, startBlackbox, startNodeExporter, startPublicEndpoints } from './start-exporters.js';
import { alertmanagerPidFile, findAlertmanager, startAlertmanager, startPrometheus } from './start-monitoring.js';
import { watchFailover } from './failover-watch.js';
import { startExporter, startPager, startReferenceServices, startSynthetics, type ExporterDatabase, type ServicesDatabase } from './start-services.js';
import { startPostgresExporters } from './postgres-exporters.js';
import { startStackPostgres, stopRegionClusters, type StackPostgres } from './start-postgres.js';
import { secretFile, stackRoles, stackUrl } from './postgres-state.js';
import { prepareStackRun, type Component, type StackRun, type StackUrls, type StartStackOptions } from './stack-run.js';
import { firingAlerts, targetHealth, type ComponentStatus, type StackStatus } from './status.js';

export type { StackUrls, StartStackOptions } from './stack-run.js';

/** A running local stack. */
export interface RunningStack {
  readonly urls: StackUrls;
  readonly options: StackOptions;
  /** Current health: components, targets up, firing alerts. */
  status(): Promise<StackStatus>;
  /** Stops every process the stack started, and everything they started; idempotent. */
  stop(): Promise<void>;
  /** Marker in every child's environment, for orphan checks. */
  readonly id: string;
  /** Bearer token of the services' admin APIs (fault injection). */
  readonly adminToken: string;
  /** The demo database the services and the exporter share (the SQLite file; with PostgreSQL, the masked URL of the primary). */
  readonly dbPath: string;
  /** The stack's PostgreSQL (`database: 'postgres'`): URLs, password files, regions. */
  readonly postgres?: StackPostgres;
  /** Where `zeus-obs backup` writes for this stack (the exporter reports its health). */
  readonly backupDir: string;
  /** Alertmanager's pid file (the alerting-pipeline-down drill stops it by pid). */
  readonly alertmanagerPidFile: string;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_500) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** Marks a component whose process exited as failed, with where its log is. */
function exitedNote(run: StackRun, component: Component, exit: string): string {
  return `exited (${exit}); log: ${join(run.dirs.logs, `${component.name}.log`)}`;
}

/** Polls a child component until it answers (or, without a ready URL, 1.5 s after `started`), exits, or the start deadline passes. */
async function awaitComponent(run: StackRun, c: Component, started: number, readyDeadline: number): Promise<void> {
  const { log, t0 } = run;
  for (;;) {
    const exit = c.child?.exited();
    if (exit !== undefined) {
      c.state = 'failed';
      c.note = exitedNote(run, c, exit);
      log(`✗ ${c.name} ${c.note}\n${c.child!.tail(8).replace(/^/gm, '    ')}`);
      return;
    }
    if (c.readyUrl ? await answers(c.readyUrl) : Date.now() - started > 1_500) break;
    if (Date.now() > readyDeadline) {
      c.note = 'not ready after 60 s';
      log(`! ${c.name} is not ready after 60 s; see ${join(run.dirs.logs, `${c.name}.log`)}`);
      return;
    }
    await sleep(200);
  }
  c.state = 'running';
  log(`✓ ${c.name} ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

/** Waits for the pager, the exporter's launch, the reference services and every started child. */
async function awaitReady(run: StackRun, inProcess: { pager: Promise<void>; demo: Promise<void>; exporterLaunched: Promise<void> }): Promise<void> {
  const started = Date.now();
  const readyDeadline = run.t0 + 60_000;
  const pending = run.components.filter((c) => c.state === 'starting' && !c.inProcess);
  await inProcess.pager;
  await inProcess.exporterLaunched;
  await Promise.all([inProcess.demo, ...pending.map((c) => awaitComponent(run, c, started, readyDeadline))]);
}

/** Stops every component in reverse order (alerting first, so no page is sent about the services going away), then any marked leftover. */
async function stopStack(run: StackRun): Promise<void> {
  const { log } = run;
  if (run.stopped) return;
  run.stopped = true;
  log('… stopping the stack');
  for (const component of [...run.components].reverse()) {
    if (component.inProcess) await component.stopInProcess?.();
    else await component.child?.stop();
  }
  for (const pid of markedProcesses(run.id)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  log('✓ stopped; state kept in ' + run.dataDir);
}

/** Components (exited children marked failed), target health and firing alerts while Prometheus runs. */
async function stackStatus(run: StackRun, prometheus: Component): Promise<StackStatus> {
  for (const c of run.components) {
    const exit = c.child?.exited();
    if (exit !== undefined && c.state !== 'failed') {
      c.state = 'failed';
      c.note = exitedNote(run, c, exit);
    }
  }
  const rows: ComponentStatus[] = run.components.map((c) => ({ name: c.name, url: c.url, state: c.state, ...(c.note ? { note: c.note } : {}) }));
  const running = prometheus.state === 'running';
  const [targetsNow, firing] = running ? await Promise.all([targetHealth(run.urls.prometheus), firingAlerts(run.urls.prometheus)]) : [undefined, undefined];
  return {
    components: rows,
    ...(targetsNow ? { targets: targetsNow } : {}),
    ...(firing ? { firing } : {}),
    allTargetsUp: targetsNow !== undefined && targetsNow.total > 0 && targetsNow.up === targetsNow.total,
  };
}

/**
 * Starts the local stack without Docker: the reference services, the business exporter, the
 * synthetics scheduler, node_exporter, blackbox_exporter (with the public name's HTTPS endpoint
 * and loopback DNS server it probes), Prometheus (the local environment's generated rules, every local target,
 * exemplar storage), Alertmanager (the local environment's generated config, PagerDuty at the
 * local receiver unless routing-key files are given) and the local PagerDuty receiver. A missing tool or command is reported with
 * how to get it, and the rest still starts. Resolves once every started component answers (or
 * its start timed out, which is reported in `status()`).
 */
export async function startStack(input: StartStackOptions = {}): Promise<RunningStack> {
  const run = await prepareStackRun(input);
  let postgres: StackPostgres | undefined;
  try {
    postgres = run.options.database === 'postgres' ? await startStackPostgres(run, { replica: run.options.replica }) : undefined;
  } catch (error) {
    await stopStack(run);
    throw error;
  }
  const dbPath = postgres ? postgres.appUrl() : join(run.dirs.demo, 'zeus.db');
  const pager = startPager(run);
  const services = startReferenceServices(run, postgres && servicesDatabase(postgres));
  const exporter = startExporter(run, exporterDatabase(run.dataDir, postgres, dbPath));
  const postgresExporters = postgres ? startPostgresExporters(run, postgres) : undefined;
  const synthetics = startSynthetics(run);
  const nodeExporter = startNodeExporter(run);
  const blackbox = startBlackbox(run, startPublicEndpoints(run));
  const alertmanagerBin = findAlertmanager(run);
  const alertmanager = startAlertmanager(run, alertmanagerBin);
  let prometheus: Component | undefined;
  let unwatch = () => undefined as void;
  try {
    // Prometheus last: its first scrapes find the services up, so a healthy start raises no
    // ZeusServiceDown (with the test profile's 8 s `for:`, a slow portal start would page).
    await Promise.all([services.started, exporter.launched, blackbox.launched]);
    prometheus = startPrometheus(run, exporter.component, synthetics, alertmanager.state !== 'missing', {
      ...(postgresExporters ? { postgresTargetsFile: postgresExporters.targetsFile } : {}),
      scrapeConfigs: exporterScrapeConfigs(run, nodeExporter, blackbox.component),
    });
    await awaitReady(run, { pager: pager.started, demo: services.started, exporterLaunched: exporter.launched });
    if (postgres && postgresExporters) {
      const db = postgres;
      // follow() first: it takes the fenced server's exporter out of discovery before anything waits;
      // left running, that exporter would report the planned stop as an outage.
      unwatch = watchFailover(run, db, async () => {
        await Promise.all([
          postgresExporters.follow(db.state()), services.restart(servicesDatabase(db)), exporter.restart(exporterDatabase(run.dataDir, db, dbPath)),
        ]);
      });
    }
  } catch (error) {
    await stopStack(run);
    throw error;
  }
  const adminToken = services.demo()?.adminToken ?? resolveAdminToken(process.env).token;
  return {
    urls: run.urls,
    options: run.options,
    status: () => stackStatus(run, prometheus!),
    stop: async () => {
      unwatch();
      await stopStack(run);
      if (postgres) await stopRegionClusters(run.dataDir);
    },
    id: run.id,
    adminToken,
    dbPath,
    ...(postgres ? { postgres } : {}),
    backupDir: run.dirs.backups,
    alertmanagerPidFile: alertmanagerPidFile(run.dataDir),
  };
}

/** The services' database on the current primary. */
function servicesDatabase(postgres: StackPostgres): ServicesDatabase {
  return { url: postgres.appUrl(), passwordFile: postgres.appPasswordFile };
}

/** The exporter's (and first backup's) database: the SQLite file, or the current primary. */
function exporterDatabase(dataDir: string, postgres: StackPostgres | undefined, dbPath: string): ExporterDatabase {
  if (!postgres) return { kind: 'sqlite', path: dbPath };
  const state = postgres.state();
  const port = state.ports[state.primary]!;
  return {
    kind: 'postgres', readonlyUrl: postgres.readonlyUrl(), readonlyPasswordFile: postgres.readonlyPasswordFile,
    adminUrl: stackUrl(port, stackRoles(dataDir).admin.user), adminPasswordFile: secretFile(dataDir, 'admin'),
  };
}
