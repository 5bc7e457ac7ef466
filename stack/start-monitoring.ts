import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { localRoutingKey } from '../alerts/index.js';
import { ZEUS_ENVIRONMENTS } from '../environments/index.js';
import { environmentDir } from '../generate/index.js';
import { SERVICES, STACK_COMPONENTS, TEAM_NAMES } from '../ownership/index.js';
import { parseDuration } from '../promql/index.js';
import { localAlertmanagerConfig } from './alertmanager-config.js';
import { prometheusConfig, type ScrapeTarget } from './prometheus-config.js';
import { scaleRuleFile } from './rules.js';
import { addComponent, launch, type Component, type StackRun } from './stack-run.js';
import { ALERTMANAGER, PROMETHEUS, findTool } from './tools.js';

/** The environment the local stack runs: its generated folder holds the rules and Alertmanager config. */
const LOCAL = ZEUS_ENVIRONMENTS.local;
const generatedLocal = (root: string, ...parts: string[]) => join(root, 'generated', environmentDir(LOCAL.name), ...parts);

/**
 * The file-discovered targets of the services' job: a rollout's canary processes, written by
 * the reference services' start as they come and go (`[]` when none runs).
 */
export const canaryTargetsFile = (run: StackRun) => join(run.dirs.prometheus, 'canary-targets.json');

/** Every local scrape target: the three services, the exporter and prober when they run, Prometheus itself and Alertmanager when it runs. */
function scrapeTargets(run: StackRun, exporter: Component, synthetics: Component, withAlertmanager: boolean): ScrapeTarget[] {
  const { host, options: { ports } } = run;
  return [
    { service: 'prometheus', address: `${host}:${ports.prometheus}` },
    ...(withAlertmanager ? [{ service: 'alertmanager' as const, address: `${host}:${ports.alertmanager}` }] : []),
    { service: 'portal', address: `${host}:${ports.portalMetrics}` },
    { service: 'enrollment', address: `${host}:${ports.enrollmentMetrics}` },
    { service: 'grades', address: `${host}:${ports.gradesMetrics}` },
    ...(exporter.state !== 'missing' ? [{ service: 'business-exporter' as const, address: `${host}:${ports.exporter}` }] : []),
    ...(synthetics.state === 'starting' || synthetics.state === 'running' ? [{ service: 'synthetics' as const, address: `${host}:${ports.synthetics}` }] : []),
  ];
}

/**
 * Copies the local environment's generated rule files (`generated/local/prometheus/rules`) into
 * the stack's rules folder, time-scaled in the test profile; files no longer generated are
 * emptied. Returns how many were copied.
 */
function installRuleFiles(run: StackRun): number {
  const { root, dirs, log, options: { timing } } = run;
  const scrapeMs = parseDuration(timing.scrapeInterval);
  const rulesSource = generatedLocal(root, 'prometheus', 'rules');
  const ruleFiles = existsSync(rulesSource) ? readdirSync(rulesSource).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
  if (ruleFiles.length === 0) log(`! prometheus: no generated rules in ${rulesSource}; run 'npx zeus-obs generate'. Starting without alerts.`);
  for (const file of readdirSync(dirs.rules)) if (!ruleFiles.includes(file)) writeFileSync(join(dirs.rules, file), '');
  for (const file of ruleFiles) {
    const text = readFileSync(join(rulesSource, file), 'utf8');
    writeFileSync(join(dirs.rules, file), scaleRuleFile(text, timing.timeScale, 4 * scrapeMs));
  }
  return ruleFiles.length;
}

/** What Prometheus scrapes besides the stack's own targets. */
export interface ExtraScrapes {
  /**
   * The PostgreSQL exporters' target file (file service discovery, job zeus-postgres): one per
   * server with its `region`, rewritten when a failover fences a server (`postgres-exporters.ts`).
   */
  readonly postgresTargetsFile?: string;
  /** Whole scrape jobs (node_exporter, the blackbox probes). */
  readonly scrapeConfigs?: readonly Record<string, unknown>[];
}

/** Prometheus: scrape config for every local target (and the exporters' jobs), the local environment's rules (time-scaled in the test profile). */
export function startPrometheus(run: StackRun, exporter: Component, synthetics: Component, withAlertmanager: boolean, extra: ExtraScrapes = {}): Component {
  const { urls, dirs, host, log, options: { ports, timing, tools } } = run;
  const component = addComponent(run, { name: 'prometheus', url: urls.prometheus, readyUrl: `${urls.prometheus}/-/ready`, state: 'starting' });
  const binary = findTool(PROMETHEUS, tools.prometheus);
  const targets = scrapeTargets(run, exporter, synthetics, withAlertmanager);
  if (!binary) {
    component.state = 'missing';
    component.note = `Prometheus not found: ${PROMETHEUS.hint}`;
    log(`! prometheus: ${component.note}. The rest of the stack still runs.`);
    return component;
  }
  const ruleFiles = installRuleFiles(run);
  const configFile = join(dirs.prometheus, 'prometheus.yml');
  writeFileSync(configFile, prometheusConfig({
    targets,
    scrapeInterval: timing.scrapeInterval,
    evaluationInterval: timing.evaluationInterval,
    ruleFiles: [join(dirs.rules, '*.yml')],
    discoveryFiles: {
      [SERVICES.enrollment.job]: canaryTargetsFile(run),
      ...(extra.postgresTargetsFile ? { [STACK_COMPONENTS['postgres-exporter'].job]: extra.postgresTargetsFile } : {}),
    },
    extraScrapeConfigs: extra.scrapeConfigs ?? [],
    ...(withAlertmanager ? { alertmanager: `${host}:${ports.alertmanager}` } : {}),
  }));
  log(`… starting Prometheus on ${urls.prometheus} (scrape ${timing.scrapeInterval}, evaluation ${timing.evaluationInterval}, ${ruleFiles} rule file(s), exemplar storage on)`);
  launch(run, component, binary, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(dirs.prometheus, 'data')}`,
    `--web.listen-address=${host}:${ports.prometheus}`,
    `--web.external-url=${urls.prometheus}`,
    '--enable-feature=exemplar-storage',
    // Alertmanager may start after Prometheus's first notification; resending every
    // evaluation (not the default 1m) gets Watchdog there before the synthetics stack check.
    `--rules.alert.resend-delay=${timing.evaluationInterval}`,
    // No --web.enable-lifecycle: any web page could POST /-/quit to an unauthenticated Prometheus.
    '--storage.tsdb.retention.time=7d',
  ]);
  return component;
}

/**
 * The local environment's generated Alertmanager config (`generated/local/alertmanager/
 * alertmanager.yml`: PagerDuty, tickets and heartbeat at the local receiver), moved to this
 * stack's receiver port and key folder; teams whose real routing-key file is given page the real
 * PagerDuty. Returns the config file and the component note, or undefined when the generated
 * file is missing.
 */
function writeAlertmanagerConfig(run: StackRun): { configFile: string; note: string } | undefined {
  const { root, dirs, urls, log, options } = run;
  const generated = generatedLocal(root, 'alertmanager', 'alertmanager.yml');
  if (!existsSync(generated)) return undefined;
  const keyDir = join(dirs.alertmanager, 'keys');
  mkdirSync(keyDir, { recursive: true });
  for (const team of TEAM_NAMES) writeFileSync(join(keyDir, `pagerduty-${team}.key`), localRoutingKey(team), { mode: 0o600 });
  const keysDir = options.routingKeysDir ? resolve(root, options.routingKeysDir) : undefined;
  if (keysDir && !existsSync(keysDir)) log(`! --routing-keys ${keysDir} does not exist; every page stays local`);
  const realKeys = keysDir && existsSync(keysDir) ? { dir: keysDir, files: new Set(readdirSync(keysDir)) } : undefined;
  const am = localAlertmanagerConfig({
    rendered: readFileSync(generated, 'utf8'),
    relocate: { fromReceiver: new URL(LOCAL.pagerduty.url).origin, toReceiver: urls.pager, keyDir },
    productionUrl: ZEUS_ENVIRONMENTS.production.pagerduty.url,
    realKeys,
    timeScale: options.timing.timeScale,
  });
  const configFile = join(dirs.alertmanager, 'alertmanager.yml');
  writeFileSync(configFile, am.text);
  const note = am.realReceivers.length > 0
    ? `real PagerDuty: ${am.realReceivers.join(', ')}; local: ${am.localReceivers.length} receiver(s)`
    : `PagerDuty → local receiver (${am.localReceivers.length} receiver(s))`;
  return { configFile, note };
}

/** Alertmanager with the local environment's generated config, PagerDuty at the local receiver. */
export function startAlertmanager(run: StackRun, binary: string | undefined): Component {
  const { urls, dirs, host, log, options: { ports } } = run;
  const component = addComponent(run, { name: 'alertmanager', url: urls.alertmanager, readyUrl: `${urls.alertmanager}/-/ready`, state: 'starting' });
  if (!binary) {
    component.state = 'missing';
    component.note = `Alertmanager not found: ${ALERTMANAGER.hint}`;
    log(`! alertmanager: ${component.note}. The rest of the stack still runs.`);
    return component;
  }
  const written = writeAlertmanagerConfig(run);
  if (!written) {
    component.state = 'missing';
    component.note = `no ${generatedLocal(run.root, 'alertmanager', 'alertmanager.yml')}; run 'npx zeus-obs generate'`;
    log(`! alertmanager: ${component.note}. The rest of the stack still runs.`);
    return component;
  }
  const { configFile, note } = written;
  component.note = note;
  log(`… starting Alertmanager on ${urls.alertmanager} (${component.note})`);
  launch(run, component, binary, [
    `--config.file=${configFile}`,
    `--storage.path=${join(dirs.alertmanager, 'data')}`,
    `--web.listen-address=${host}:${ports.alertmanager}`,
    `--web.external-url=${urls.alertmanager}`,
    // No gossip: its default listener (0.0.0.0:9094) would take the PagerDuty receiver's port.
    '--cluster.listen-address=',
  ]);
  // The alerting-pipeline-down drill stops this process by its pid.
  writeFileSync(alertmanagerPidFile(run.dataDir), `${component.child!.pid}\n`, { mode: 0o600 });
  return component;
}

/** Where the stack records Alertmanager's pid (`<data dir>/alertmanager/alertmanager.pid`). */
export function alertmanagerPidFile(dataDir: string): string {
  return join(dataDir, 'alertmanager', 'alertmanager.pid');
}

/** The Alertmanager binary, if installed (Prometheus's config depends on it). */
export function findAlertmanager(run: StackRun): string | undefined {
  return findTool(ALERTMANAGER, run.options.tools.alertmanager);
}
