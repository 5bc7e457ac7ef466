import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HEARTBEAT_TIMEOUT, localRoutingKey, PIPELINE_TEAM, startPagerReceiver, type PagerEvent } from '../alerts/index.js';
import { startDemo, type RunningDemo, type RunningInstance } from '../demo/index.js';
import { parseDuration } from '../promql/index.js';
import { startChild } from './children.js';
import { canaryTargetsFile } from './start-monitoring.js';
import { addComponent, launchZeus, type Component, type StackRun } from './stack-run.js';
import { CHROMIUM, findTool } from './tools.js';
import { traceExport } from './traces.js';

/** A component started in this process: its row, and a promise that settles once it is up or failed. */
export interface InProcessStart {
  readonly component: Component;
  readonly started: Promise<void>;
}

/** One page-feed line on the terminal for each event the local receiver accepts or rejects. */
function logPagerEvent(log: (line: string) => void, event: PagerEvent): void {
  const body = (event.body ?? {}) as { event_action?: string; payload?: { summary?: string; severity?: string; group?: string }; links?: Array<{ href?: string; text?: string }> };
  if (event.status !== 202) {
    log(`[pager] ${event.status} rejected: ${event.errors.join('; ')}`);
    return;
  }
  const p = body.payload ?? {};
  const runbook = body.links?.find((l) => /runbook/i.test(l.text ?? ''))?.href;
  const what = body.event_action === 'trigger' ? '🔔 PAGE' : body.event_action === 'resolve' ? '✓ RESOLVED' : body.event_action ?? '?';
  log(`[pager] ${event.receivedAt.slice(11, 19)} ${what} ${p.group ?? ''} [${p.severity ?? ''}] ${p.summary ?? ''}${runbook && body.event_action === 'trigger' ? `\n[pager]   runbook: ${runbook}` : ''}`);
}

/**
 * The local PagerDuty receiver, in this process: its output is the page feed on the terminal. It
 * also plays the heartbeat service: Watchdog silent for 3 minutes (scaled by the profile) opens
 * an sre-platform incident.
 */
export function startPager(run: StackRun): InProcessStart {
  const { log, urls, options } = run;
  const component = addComponent(run, { name: 'pager', url: `${urls.pager}/v2/enqueue`, state: 'starting', inProcess: true });
  const timeoutMs = Math.round(parseDuration(HEARTBEAT_TIMEOUT) * options.timing.timeScale);
  log(`… starting the local PagerDuty receiver on ${urls.pager} (dead man's switch: ${timeoutMs / 1000} s without a Watchdog heartbeat pages ${PIPELINE_TEAM})`);
  const heartbeat = { timeoutMs, routingKey: localRoutingKey(PIPELINE_TEAM) };
  const started = startPagerReceiver({ port: options.ports.pager, root: run.root, heartbeat, onEvent: (event) => logPagerEvent(log, event) }).then(
    (pager) => {
      component.stopInProcess = () => pager.stop();
      component.state = 'running';
    },
    (error: unknown) => {
      component.state = 'failed';
      component.note = error instanceof Error ? error.message : String(error);
      log(`✗ pager: ${component.note}`);
    },
  );
  return { component, started };
}

/** The services' database when it is not the SQLite file in the state folder: a URL and the file holding its password. */
export interface ServicesDatabase {
  readonly url: string;
  readonly passwordFile: string;
}

/** The reference services as a stack component, with a way to restart them on another database (failover). */
export interface ReferenceServices extends InProcessStart {
  demo(): RunningDemo | undefined;
  /** Stops the three services and starts them again on `database`; resolves once they are ready (or failed). */
  restart(database: ServicesDatabase): Promise<void>;
}

/**
 * Lists a rollout's canary processes for Prometheus (file service discovery), each labelled
 * with its service like the static targets; written atomically so Prometheus never reads half a file.
 */
function writeCanaryTargets(run: StackRun, instances: readonly RunningInstance[]): void {
  const targets = instances.filter((i) => i.role === 'canary').map((i) => ({ targets: [i.metricsAddress], labels: { service: i.service } }));
  const file = canaryTargetsFile(run);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(targets, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** The reference services: startDemo runs each of the three in its own process. */
export function startReferenceServices(run: StackRun, database?: ServicesDatabase): ReferenceServices {
  const { log, urls, dirs, options, t0 } = run;
  const { ports } = options;
  const component = addComponent(run, { name: 'demo', url: urls.portal, state: 'starting', inProcess: true });
  const traces = traceExport(options.otlpEndpoint, { ...process.env, ...options.env });
  log(`… starting the reference services (portal ${urls.portal}, enrollment ${urls.enrollment}, grades ${urls.grades}; ${traces.note})`);
  let demo: RunningDemo | undefined;
  writeCanaryTargets(run, []);
  const boot = (db: ServicesDatabase | undefined) => startDemo({
    dataDir: dirs.demo,
    ...(db ? { database: db.url, databasePasswordFile: db.passwordFile } : {}),
    seed: options.seed,
    ports: {
      portal: ports.portal, enrollment: ports.enrollment, grades: ports.grades,
      portalAdmin: ports.portalAdmin, enrollmentAdmin: ports.enrollmentAdmin, gradesAdmin: ports.gradesAdmin,
      portalMetrics: ports.portalMetrics, enrollmentMetrics: ports.enrollmentMetrics, gradesMetrics: ports.gradesMetrics,
    },
    env: { ZEUS_STACK_ID: run.id, ZEUS_SYNTHETIC_KEY_FILE: run.env.ZEUS_SYNTHETIC_KEY_FILE!, ...options.env, ...traces.env },
    readyTimeoutMs: 60_000,
    onInstances: (instances) => writeCanaryTargets(run, instances),
  }).then(
    (running) => {
      demo = running;
      component.stopInProcess = () => running.stop();
      component.state = 'running';
      log(`✓ reference services ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    },
    (error: unknown) => {
      component.state = 'failed';
      component.note = `${error instanceof Error ? error.message.split('\n')[0] : String(error)}; logs in ${join(dirs.demo, 'logs')}`;
      log(`✗ reference services failed to start: ${component.note}`);
    },
  );
  const restart = async (db: ServicesDatabase) => {
    await demo?.stop();
    demo = undefined;
    component.state = 'starting';
    await boot(db);
  };
  return { component, started: boot(database), demo: () => demo, restart };
}

/** What the business exporter and the first backup read: the SQLite file, or PostgreSQL as the read-only role (backups as the superuser). */
export type ExporterDatabase =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly readonlyUrl: string; readonly readonlyPasswordFile: string; readonly adminUrl: string; readonly adminPasswordFile: string };

/**
 * The nightly backup job, once at start: without a verified backup the backup alerts would
 * (rightly) page on a fresh stack. PostgreSQL backups run as the superuser (pg_basebackup).
 */
async function runFirstBackup(run: StackRun, database: ExporterDatabase): Promise<void> {
  const { dirs, log } = run;
  const [flag, target, env] = database.kind === 'sqlite'
    ? ['--db', database.path, {}]
    : ['--database', database.adminUrl, { ZEUS_DATABASE_PASSWORD_FILE: database.adminPasswordFile }];
  for (const action of ['run', 'verify']) {
    const child = startChild({
      name: `backup-${action}`, command: process.execPath, args: [run.cli, 'backup', action, flag, target, '--dest', dirs.backups],
      cwd: run.root, env: { ...run.env, ...env }, logFile: join(dirs.logs, 'backup.log'),
    });
    while (child.exited() === undefined) await sleep(100);
    await child.stop();
    if (child.exited() !== '0') {
      log(`! backup ${action} failed (exit ${child.exited()}); see ${join(dirs.logs, 'backup.log')}`);
      return;
    }
  }
  log(`✓ backup written and verified in ${dirs.backups}`);
}

/** The exporter's arguments and environment for a database. */
function exporterLaunch(run: StackRun, database: ExporterDatabase): { args: string[]; env: Record<string, string> } {
  const target = database.kind === 'sqlite' ? database.path : database.readonlyUrl;
  return {
    args: ['business', '--database', target, '--port', String(run.options.ports.exporter), '--host', run.host, '--backup-dir', run.dirs.backups],
    env: database.kind === 'postgres' ? { ZEUS_DATABASE_PASSWORD_FILE: database.readonlyPasswordFile } : {},
  };
}

/**
 * The business exporter over the demo database, once the first backup exists (startDemo has
 * created and seeded the database synchronously). Resolves once it is launched. `restart`
 * relaunches it on another database (failover).
 */
export function startExporter(run: StackRun, database: ExporterDatabase): { component: Component; launched: Promise<void>; restart(database: ExporterDatabase): Promise<void> } {
  const { urls, log } = run;
  const component = addComponent(run, { name: 'business-exporter', url: `${urls.exporter}/metrics`, readyUrl: `${urls.exporter}/metrics`, state: 'starting' });
  const launchOn = (db: ExporterDatabase) => {
    const { args, env } = exporterLaunch(run, db);
    launchZeus(run, component, 'exporter', args, env);
  };
  const launched = runFirstBackup(run, database).then(() => {
    if (run.stopped) return;
    log(`… starting zeus-business-exporter on ${urls.exporter}`);
    launchOn(database);
  });
  const restart = async (db: ExporterDatabase) => {
    await component.child?.stop();
    if (!run.stopped) launchOn(db);
  };
  return { component, launched, restart };
}

/** The synthetics scheduler (Chromium), unless disabled or Chromium is missing. */
export function startSynthetics(run: StackRun): Component {
  const { urls, options, log } = run;
  const component = addComponent(run, { name: 'synthetics', url: `${urls.synthetics}/metrics`, readyUrl: `${urls.synthetics}/metrics`, state: 'starting' });
  const chromium = findTool(CHROMIUM, options.tools.chromium);
  if (!options.synthetics) {
    component.state = 'disabled';
  } else if (!chromium) {
    component.state = 'missing';
    component.note = `Chromium not found: ${CHROMIUM.hint}`;
    log(`! synthetics: ${component.note}. The rest of the stack still runs.`);
  } else {
    log(`… starting the synthetics scheduler on ${urls.synthetics} (Chromium ${chromium})`);
    run.env.ZEUS_CHROMIUM_PATH = chromium;
    launchZeus(run, component, 'synthetics', [
      'schedule', '--port', String(options.ports.synthetics), '--target', urls.portal, '--enrollment', urls.enrollment, '--grades', urls.grades,
      '--artifacts', run.dirs.artifacts,
      '--prometheus', urls.prometheus, '--alertmanager', urls.alertmanager,
    ]);
  }
  return component;
}
