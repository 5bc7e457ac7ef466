import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveAdminToken, startDemo, type RunningDemo } from '../demo/index.js';
import { PRODUCTION_ENDPOINTS, localEndpoints, localRoutingKey, renderAlertmanagerConfig, startPagerReceiver, type PagerReceiver } from '../alerts/index.js';
import { ZEUS_CALENDAR } from '../calendar/index.js';
import { TEAM_NAMES } from '../ownership/index.js';
import { localAlertmanagerConfig } from './alertmanager-config.js';
import { markedProcesses, startChild, type Child } from './children.js';
import { resolveStackOptions, type StackOptions, type StackPorts, type StackTiming } from './options.js';
import { prometheusConfig, type ScrapeTarget } from './prometheus-config.js';
import { scaleRuleFile } from './rules.js';
import { parseDuration } from '../promql/index.js';
import { firingAlerts, targetHealth, type ComponentStatus, type StackStatus } from './status.js';
import { ALERTMANAGER, CHROMIUM, PROMETHEUS, findTool } from './tools.js';
import { REPO_ROOT } from '../core/index.js';

/** URLs of a running stack (all loopback). */
export interface StackUrls {
  portal: string;
  enrollment: string;
  grades: string;
  exporter: string;
  synthetics: string;
  prometheus: string;
  alertmanager: string;
  pager: string;
  /** Metrics endpoints of the three reference services. */
  metrics: { portal: string; enrollment: string; grades: string };
  /** Fault-injection admin APIs of the three reference services. */
  admin: { portal: string; enrollment: string; grades: string };
}

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
  /** The demo database the services and the exporter share. */
  readonly dbPath: string;
  /** Where `zeus-obs backup` writes for this stack (the exporter reports its health). */
  readonly backupDir: string;
}

/** Options accepted by {@link startStack}: any subset of {@link StackOptions}. */
export type StartStackOptions = Partial<Omit<StackOptions, 'ports' | 'timing'>> & { ports?: Partial<StackPorts>; timing?: Partial<StackTiming> };

interface Component {
  name: string;
  url: string;
  /** URL polled until it answers 2xx. */
  readyUrl?: string;
  child?: Child;
  state: 'starting' | 'running' | 'missing' | 'disabled' | 'failed';
  note?: string;
}


/** True when nothing listens on 127.0.0.1:`port`. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
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

/**
 * Starts the local stack without Docker: the reference services, the business exporter, the
 * synthetics scheduler, Prometheus (generated rules, every local target, exemplar storage),
 * Alertmanager (generated config, PagerDuty pointed at the local receiver unless routing-key
 * files are given) and the local PagerDuty receiver. A missing tool or command is reported with
 * how to get it, and the rest still starts. Resolves once every started component answers (or
 * its start timed out, which is reported in `status()`).
 */
export async function startStack(input: StartStackOptions = {}): Promise<RunningStack> {
  const options = resolveStackOptions(input, REPO_ROOT);
  const { ports, timing, log } = options;
  const root = options.repoRoot;
  const dataDir = resolve(root, options.dataDir);
  const dirs = {
    logs: join(dataDir, 'logs'),
    demo: join(dataDir, 'demo'),
    backups: join(dataDir, 'backups'),
    prometheus: join(dataDir, 'prometheus'),
    rules: join(dataDir, 'prometheus', 'rules'),
    alertmanager: join(dataDir, 'alertmanager'),
    artifacts: join(dataDir, 'synthetics-artifacts'),
  };
  // A port taken by another process would make a stranger's /metrics look like ours.
  const busy: string[] = [];
  for (const [name, port] of Object.entries(ports)) if (!(await portFree(port))) busy.push(`${name} ${port}`);
  if (busy.length > 0) {
    const flag = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-port`;
    throw new Error(`port(s) already in use on 127.0.0.1: ${busy.join(', ')}. Stop what holds them (an earlier stack?) or move ours, e.g. ${busy.map((b) => `${flag(b.split(' ')[0]!)} N`).join(' ')}`);
  }
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const id = randomBytes(8).toString('hex');
  const host = '127.0.0.1';
  const url = (port: number) => `http://${host}:${port}`;
  const urls: StackUrls = {
    portal: url(ports.portal),
    enrollment: url(ports.enrollment),
    grades: url(ports.grades),
    exporter: url(ports.exporter),
    synthetics: url(ports.synthetics),
    prometheus: url(ports.prometheus),
    alertmanager: url(ports.alertmanager),
    pager: url(ports.pager),
    metrics: { portal: url(ports.portalMetrics), enrollment: url(ports.enrollmentMetrics), grades: url(ports.gradesMetrics) },
    admin: { portal: url(ports.portalAdmin), enrollment: url(ports.enrollmentAdmin), grades: url(ports.gradesAdmin) },
  };
  // The services count the prober's traffic as synthetic only when its marker is signed with this shared key.
  const syntheticKeyFile = join(dataDir, 'synthetic.key');
  if (!existsSync(syntheticKeyFile)) writeFileSync(syntheticKeyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  const env: NodeJS.ProcessEnv = { ZEUS_SYNTHETIC_KEY_FILE: syntheticKeyFile, ...process.env, ...options.env, ZEUS_STACK_ID: id, FORCE_COLOR: '0' };
  const cli = join(root, 'bin', 'zeus-obs.mjs');
  const components: Component[] = [];
  let stopped = false;
  let demo: RunningDemo | undefined;
  const t0 = Date.now();

  const launch = (component: Component, command: string, args: string[], onLine?: (line: string) => void) => {
    component.child = startChild({
      name: component.name,
      command,
      args,
      cwd: root,
      env,
      logFile: join(dirs.logs, `${component.name}.log`),
      ...(onLine ? { onLine } : {}),
    });
    component.state = 'starting';
  };
  const zeus = (component: Component, subcommand: string, args: string[], onLine?: (line: string) => void): boolean => {
    launch(component, process.execPath, [cli, subcommand, ...args], onLine);
    return true;
  };

  // 1. Local PagerDuty receiver, in this process: its output is the page feed on the terminal.
  const pagerComponent: Component = { name: 'pager', url: `${urls.pager}/v2/enqueue`, state: 'starting' };
  components.push(pagerComponent);
  log(`… starting the local PagerDuty receiver on ${urls.pager}`);
  let pager: PagerReceiver | undefined;
  const pagerStart = startPagerReceiver({
    port: ports.pager,
    root,
    onEvent(event) {
      const body = (event.body ?? {}) as { event_action?: string; payload?: { summary?: string; severity?: string; group?: string }; links?: Array<{ href?: string; text?: string }> };
      if (event.status !== 202) {
        log(`[pager] ${event.status} rejected: ${event.errors.join('; ')}`);
        return;
      }
      const p = body.payload ?? {};
      const runbook = body.links?.find((l) => /runbook/i.test(l.text ?? ''))?.href;
      const what = body.event_action === 'trigger' ? '🔔 PAGE' : body.event_action === 'resolve' ? '✓ RESOLVED' : body.event_action ?? '?';
      log(`[pager] ${event.receivedAt.slice(11, 19)} ${what} ${p.group ?? ''} [${p.severity ?? ''}] ${p.summary ?? ''}${runbook && body.event_action === 'trigger' ? `\n[pager]   runbook: ${runbook}` : ''}`);
    },
  }).then(
    (running) => {
      pager = running;
      pagerComponent.state = 'running';
    },
    (error: unknown) => {
      pagerComponent.state = 'failed';
      pagerComponent.note = error instanceof Error ? error.message : String(error);
      log(`✗ pager: ${pagerComponent.note}`);
    },
  );

  // 2. Reference services: startDemo runs each of the three in its own process.
  const dbPath = join(dirs.demo, 'zeus.db');
  const demoComponent: Component = { name: 'demo', url: urls.portal, state: 'starting' };
  components.push(demoComponent);
  log(`… starting the reference services (portal ${urls.portal}, enrollment ${urls.enrollment}, grades ${urls.grades})`);
  const demoStart = startDemo({
    dataDir: dirs.demo,
    seed: options.seed,
    ports: {
      portal: ports.portal, enrollment: ports.enrollment, grades: ports.grades,
      portalAdmin: ports.portalAdmin, enrollmentAdmin: ports.enrollmentAdmin, gradesAdmin: ports.gradesAdmin,
      portalMetrics: ports.portalMetrics, enrollmentMetrics: ports.enrollmentMetrics, gradesMetrics: ports.gradesMetrics,
    },
    env: { ZEUS_STACK_ID: id, ZEUS_SYNTHETIC_KEY_FILE: env.ZEUS_SYNTHETIC_KEY_FILE!, ...options.env },
    readyTimeoutMs: 60_000,
  }).then(
    (running) => {
      demo = running;
      demoComponent.state = 'running';
      log(`✓ reference services ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    },
    (error: unknown) => {
      demoComponent.state = 'failed';
      demoComponent.note = `${error instanceof Error ? error.message.split('\n')[0] : String(error)}; logs in ${join(dirs.demo, 'logs')}`;
      log(`✗ reference services failed to start: ${demoComponent.note}`);
    },
  );

  // The nightly backup job, once at start: without a verified backup the backup alerts would
  // (rightly) page on a fresh stack.
  const firstBackup = async () => {
    for (const action of ['run', 'verify']) {
      const child = startChild({
        name: `backup-${action}`, command: process.execPath, args: [cli, 'backup', action, '--db', dbPath, '--dest', dirs.backups],
        cwd: root, env, logFile: join(dirs.logs, 'backup.log'),
      });
      while (child.exited() === undefined) await new Promise((r) => setTimeout(r, 100));
      await child.stop();
      if (child.exited() !== '0') {
        log(`! backup ${action} failed (exit ${child.exited()}); see ${join(dirs.logs, 'backup.log')}`);
        return;
      }
    }
    log(`✓ backup written and verified in ${dirs.backups}`);
  };

  // 3. Business exporter over the demo database, once the first backup exists (startDemo has
  // created and seeded the database synchronously above).
  const exporter: Component = { name: 'business-exporter', url: `${urls.exporter}/metrics`, readyUrl: `${urls.exporter}/metrics`, state: 'starting' };
  components.push(exporter);
  const exporterStart = firstBackup().then(() => {
    if (stopped) return;
    log(`… starting zeus-business-exporter on ${urls.exporter}`);
    zeus(exporter, 'exporter', ['business', '--db', dbPath, '--port', String(ports.exporter), '--host', host, '--backup-dir', dirs.backups]);
  });

  // 4. Synthetics scheduler (Chromium).
  const synthetics: Component = { name: 'synthetics', url: `${urls.synthetics}/metrics`, readyUrl: `${urls.synthetics}/metrics`, state: 'starting' };
  components.push(synthetics);
  const chromium = findTool(CHROMIUM, options.tools.chromium);
  if (!options.synthetics) {
    synthetics.state = 'disabled';
  } else if (!chromium) {
    synthetics.state = 'missing';
    synthetics.note = `Chromium not found: ${CHROMIUM.hint}`;
    log(`! synthetics: ${synthetics.note}. The rest of the stack still runs.`);
  } else {
    log(`… starting the synthetics scheduler on ${urls.synthetics} (Chromium ${chromium})`);
    env.ZEUS_CHROMIUM_PATH = chromium;
    zeus(synthetics, 'synthetics', [
      'schedule', '--port', String(ports.synthetics), '--target', urls.portal, '--enrollment', urls.enrollment, '--grades', urls.grades,
      '--artifacts', dirs.artifacts,
      '--prometheus', urls.prometheus, '--alertmanager', urls.alertmanager,
    ]);
  }

  // 5. Prometheus: scrape config for every local target, generated rules (time-scaled in the test profile).
  const prometheus: Component = { name: 'prometheus', url: urls.prometheus, readyUrl: `${urls.prometheus}/-/ready`, state: 'starting' };
  components.push(prometheus);
  const alertmanagerBin = findTool(ALERTMANAGER, options.tools.alertmanager);
  const prometheusBin = findTool(PROMETHEUS, options.tools.prometheus);
  const scrapeMs = parseDuration(timing.scrapeInterval);
  const targets: ScrapeTarget[] = [
    { service: 'portal', address: `${host}:${ports.portalMetrics}` },
    { service: 'enrollment', address: `${host}:${ports.enrollmentMetrics}` },
    { service: 'grades', address: `${host}:${ports.gradesMetrics}` },
    ...(exporter.state !== 'missing' ? [{ service: 'business-exporter' as const, address: `${host}:${ports.exporter}` }] : []),
    ...(synthetics.state === 'starting' ? [{ service: 'synthetics' as const, address: `${host}:${ports.synthetics}` }] : []),
  ];
  if (!prometheusBin) {
    prometheus.state = 'missing';
    prometheus.note = `Prometheus not found: ${PROMETHEUS.hint}`;
    log(`! prometheus: ${prometheus.note}. The rest of the stack still runs.`);
  } else {
    const rulesSource = join(root, 'generated', 'prometheus', 'rules');
    const ruleFiles = existsSync(rulesSource) ? readdirSync(rulesSource).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
    if (ruleFiles.length === 0) log(`! prometheus: no generated rules in ${rulesSource}; run 'npx zeus-obs generate'. Starting without alerts.`);
    for (const file of readdirSync(dirs.rules)) if (!ruleFiles.includes(file)) writeFileSync(join(dirs.rules, file), '');
    for (const file of ruleFiles) {
      const text = readFileSync(join(rulesSource, file), 'utf8');
      writeFileSync(join(dirs.rules, file), scaleRuleFile(text, timing.timeScale, 4 * scrapeMs));
    }
    const configFile = join(dirs.prometheus, 'prometheus.yml');
    writeFileSync(configFile, prometheusConfig({
      targets,
      scrapeInterval: timing.scrapeInterval,
      evaluationInterval: timing.evaluationInterval,
      ruleFiles: [join(dirs.rules, '*.yml')],
      ...(alertmanagerBin ? { alertmanager: `${host}:${ports.alertmanager}` } : {}),
    }));
    log(`… starting Prometheus on ${urls.prometheus} (scrape ${timing.scrapeInterval}, evaluation ${timing.evaluationInterval}, ${ruleFiles.length} rule file(s), exemplar storage on)`);
    launch(prometheus, prometheusBin, [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dirs.prometheus, 'data')}`,
      `--web.listen-address=${host}:${ports.prometheus}`,
      `--web.external-url=${urls.prometheus}`,
      '--enable-feature=exemplar-storage',
      // Alertmanager may start after Prometheus's first notification; resending every
      // evaluation (not the default 1m) gets Watchdog there before the synthetics stack check.
      `--rules.alert.resend-delay=${timing.evaluationInterval}`,
      '--web.enable-lifecycle',
      '--storage.tsdb.retention.time=7d',
    ]);
  }

  // 6. Alertmanager: the generated config with PagerDuty pointed at the local receiver.
  const alertmanager: Component = { name: 'alertmanager', url: urls.alertmanager, readyUrl: `${urls.alertmanager}/-/ready`, state: 'starting' };
  components.push(alertmanager);
  if (!alertmanagerBin) {
    alertmanager.state = 'missing';
    alertmanager.note = `Alertmanager not found: ${ALERTMANAGER.hint}`;
    log(`! alertmanager: ${alertmanager.note}. The rest of the stack still runs.`);
  } else {
    // Same routes, receivers, inhibitions and calendar as generated/alertmanager/alertmanager.yml,
    // rendered with the local endpoints (PagerDuty, tickets and heartbeat at the local receiver).
    const keyDir = join(dirs.alertmanager, 'keys');
    mkdirSync(keyDir, { recursive: true });
    for (const team of TEAM_NAMES) writeFileSync(join(keyDir, `pagerduty-${team}.key`), localRoutingKey(team), { mode: 0o600 });
    const keysDir = options.routingKeysDir ? resolve(root, options.routingKeysDir) : undefined;
    if (keysDir && !existsSync(keysDir)) log(`! --routing-keys ${keysDir} does not exist; every page stays local`);
    const realKeys = keysDir && existsSync(keysDir) ? { dir: keysDir, files: new Set(readdirSync(keysDir)) } : undefined;
    const am = localAlertmanagerConfig({
      rendered: renderAlertmanagerConfig(ZEUS_CALENDAR, localEndpoints({ pagerUrl: urls.pager, keyDir })),
      productionUrl: PRODUCTION_ENDPOINTS.pagerdutyUrl,
      realKeys,
      timeScale: timing.timeScale,
    });
    const configFile = join(dirs.alertmanager, 'alertmanager.yml');
    writeFileSync(configFile, am.text);
    alertmanager.note = am.realReceivers.length > 0
      ? `real PagerDuty: ${am.realReceivers.join(', ')}; local: ${am.localReceivers.length} receiver(s)`
      : `PagerDuty → local receiver (${am.localReceivers.length} receiver(s))`;
    log(`… starting Alertmanager on ${urls.alertmanager} (${alertmanager.note})`);
    launch(alertmanager, alertmanagerBin, [
      `--config.file=${configFile}`,
      `--storage.path=${join(dirs.alertmanager, 'data')}`,
      `--web.listen-address=${host}:${ports.alertmanager}`,
      `--web.external-url=${urls.alertmanager}`,
      // No gossip: its default listener (0.0.0.0:9094) would take the PagerDuty receiver's port.
      '--cluster.listen-address=',
    ]);
  }

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    log('… stopping the stack');
    // Reverse order: alerting first, so no page is sent about the services going away.
    for (const component of [...components].reverse()) {
      if (component === demoComponent) await demo?.stop();
      else if (component === pagerComponent) await pager?.stop();
      else await component.child?.stop();
    }
    for (const pid of markedProcesses(id)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    log('✓ stopped; state kept in ' + dataDir);
  };

  // Wait for every started component to answer.
  const started = Date.now();
  const readyDeadline = t0 + 60_000;
  try {
    const pending = components.filter((c) => c.state === 'starting' && c !== demoComponent && c !== pagerComponent);
    await pagerStart;
    await exporterStart;
    await Promise.all([demoStart, ...pending.map(async (c) => {
      const probe = c.readyUrl;
      for (;;) {
        const exit = c.child?.exited();
        if (exit !== undefined) {
          c.state = 'failed';
          c.note = `exited (${exit}); log: ${join(dirs.logs, `${c.name}.log`)}`;
          log(`✗ ${c.name} ${c.note}\n${c.child!.tail(8).replace(/^/gm, '    ')}`);
          return;
        }
        if (probe ? await answers(probe) : Date.now() - started > 1_500) break;
        if (Date.now() > readyDeadline) {
          c.note = 'not ready after 60 s';
          log(`! ${c.name} is not ready after 60 s; see ${join(dirs.logs, `${c.name}.log`)}`);
          return;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      c.state = 'running';
      log(`✓ ${c.name} ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    })]);
  } catch (error) {
    await stop();
    throw error;
  }

  const status = async (): Promise<StackStatus> => {
    for (const c of components) {
      const exit = c.child?.exited();
      if (exit !== undefined && c.state !== 'failed') {
        c.state = 'failed';
        c.note = `exited (${exit}); log: ${join(dirs.logs, `${c.name}.log`)}`;
      }
    }
    const rows: ComponentStatus[] = components.map((c) => ({ name: c.name, url: c.url, state: c.state, ...(c.note ? { note: c.note } : {}) }));
    const running = prometheus.state === 'running';
    const [targetsNow, firing] = running ? await Promise.all([targetHealth(urls.prometheus), firingAlerts(urls.prometheus)]) : [undefined, undefined];
    return {
      components: rows,
      ...(targetsNow ? { targets: targetsNow } : {}),
      ...(firing ? { firing } : {}),
      allTargetsUp: targetsNow !== undefined && targetsNow.total > 0 && targetsNow.up === targetsNow.total,
    };
  };

  const adminToken = demo?.adminToken ?? resolveAdminToken(process.env).token;
  return { urls, options, status, stop, id, adminToken, dbPath, backupDir: dirs.backups };
}
