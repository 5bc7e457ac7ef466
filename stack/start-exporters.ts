import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ZEUS_ENVIRONMENTS, type EnvironmentProbes } from '../environments/index.js';
import { environmentDir, PROBES } from '../generate/index.js';
import { STACK_COMPONENTS } from '../ownership/index.js';
import { parseDuration } from '../promql/index.js';
import { BLACKBOX_CONFIG_PATH, nodeExporterCollectorArgs, probeScrapeConfigs, probeTargets, publicName } from '../probes/index.js';
import { startChild } from './children.js';
import { startLocalResolver } from './local-resolver.js';
import { startPublicFront } from './public-front.js';
import { addComponent, launch, type Component, type StackRun } from './stack-run.js';
import { BLACKBOX_EXPORTER, findTool, NODE_EXPORTER } from './tools.js';

/** The local environment's probe endpoints, moved to this stack's ports. */
export function localProbes(run: StackRun): EnvironmentProbes {
  const { urls, host, options: { ports } } = run;
  return {
    publicUrl: urls.public,
    resolver: `${host}:${ports.resolver}`,
    services: { portal: urls.portal, enrollment: urls.enrollment, grades: urls.grades },
  };
}

/** A component whose binary is missing: reported with how to install it; the rest still runs. */
function missing(run: StackRun, component: Component, hint: string): Component {
  component.state = 'missing';
  component.note = `${component.name} not found: ${hint}`;
  run.log(`! ${component.note}. The rest of the stack still runs.`);
  return component;
}

/** node_exporter on loopback with the stack's collector set (`probes/node-exporter.ts`). */
export function startNodeExporter(run: StackRun): Component {
  const { urls, host, log, options: { ports, tools } } = run;
  const component = addComponent(run, { name: 'node-exporter', url: `${urls.nodeExporter}/metrics`, readyUrl: `${urls.nodeExporter}/metrics`, state: 'starting' });
  const binary = findTool(NODE_EXPORTER, tools.nodeExporter);
  if (!binary) return missing(run, component, NODE_EXPORTER.hint);
  log(`… starting node_exporter on ${urls.nodeExporter}`);
  launch(run, component, binary, [`--web.listen-address=${host}:${ports.nodeExporter}`, ...nodeExporterCollectorArgs()]);
  return component;
}

/**
 * The public name's stand-ins, in this process: the HTTPS endpoint in front of the portal and
 * the loopback DNS server that resolves the public name. Resolves to the certificate file
 * blackbox_exporter must trust (undefined when the endpoint did not start).
 */
export async function startPublicEndpoints(run: StackRun): Promise<string | undefined> {
  const { urls, log, dirs, options: { ports } } = run;
  const component = addComponent(run, { name: 'public', url: urls.public, state: 'starting', inProcess: true });
  const name = publicName(ZEUS_ENVIRONMENTS.local.probes);
  log(`… serving the public name ${name}: ${urls.public} → portal, DNS on udp 127.0.0.1:${ports.resolver}`);
  try {
    const resolver = await startLocalResolver(ports.resolver, { [name]: '127.0.0.1' });
    const front = await startPublicFront(ports.public, urls.portal, dirs.tls).catch(async (error: unknown) => {
      await resolver.stop();
      throw error;
    });
    component.stopInProcess = async () => {
      await front.stop();
      await resolver.stop();
    };
    component.state = 'running';
    return front.certFile;
  } catch (error) {
    component.state = 'failed';
    component.note = error instanceof Error ? error.message : String(error);
    log(`✗ public: ${component.note}`);
    return undefined;
  }
}

/**
 * blackbox_exporter with the local environment's generated modules (`generated/local/blackbox/
 * blackbox.yml`), trusting the local certificate of the public endpoint (Go reads SSL_CERT_FILE).
 */
export function startBlackbox(run: StackRun, certFile: Promise<string | undefined>): { component: Component; launched: Promise<void> } {
  const { urls, host, root, log, dirs, options: { ports, tools } } = run;
  const component = addComponent(run, { name: 'blackbox-exporter', url: urls.blackbox, readyUrl: `${urls.blackbox}/-/healthy`, state: 'starting' });
  const binary = findTool(BLACKBOX_EXPORTER, tools.blackbox);
  const config = join(root, 'generated', environmentDir('local'), BLACKBOX_CONFIG_PATH);
  if (!binary) return { component: missing(run, component, BLACKBOX_EXPORTER.hint), launched: Promise.resolve() };
  if (!existsSync(config)) return { component: missing(run, component, `no ${config}; run 'npx zeus-obs generate'`), launched: Promise.resolve() };
  const launched = certFile.then((cert) => {
    if (run.stopped) return;
    log(`… starting blackbox_exporter on ${urls.blackbox} (${config})`);
    component.child = startChild({
      name: component.name, command: binary, cwd: root, logFile: join(dirs.logs, `${component.name}.log`),
      args: [`--config.file=${config}`, `--web.listen-address=${host}:${ports.blackbox}`],
      env: { ...run.env, ...(cert ? { SSL_CERT_FILE: cert } : {}) },
    });
  });
  return { component, launched };
}

/**
 * Probes run at the stack's scrape interval, but at most every 5 s: at the test profile's 1 s,
 * nine probes a second (TLS handshakes, the portal's readiness fanning out to its upstreams)
 * would load the services the drills time.
 */
const MIN_PROBE_INTERVAL_MS = 5_000;

/** Prometheus's jobs for the host and the probes: node_exporter, and one per blackbox module. */
export function exporterScrapeConfigs(run: StackRun, nodeExporter: Component, blackbox: Component): Record<string, unknown>[] {
  const { host, options: { ports } } = run;
  const node = nodeExporter.state === 'missing' ? [] : [{
    job_name: STACK_COMPONENTS['node-exporter'].job,
    static_configs: [{ targets: [`${host}:${ports.nodeExporter}`], labels: { service: 'node-exporter' } }],
  }];
  const interval = parseDuration(run.options.timing.scrapeInterval) < MIN_PROBE_INTERVAL_MS ? { scrape_interval: '5s', scrape_timeout: '5s' } : {};
  const probes = blackbox.state === 'missing' ? [] : probeScrapeConfigs({ kind: 'static', targets: probeTargets(PROBES.spec, localProbes(run)) }, `${host}:${ports.blackbox}`)
    .map((job) => ({ ...job, ...interval }));
  return [...node, ...probes];
}
