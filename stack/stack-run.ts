import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../core/index.js';
import { startChild, type Child } from './children.js';
import { resolveStackOptions, type StackOptions, type StackPorts, type StackTiming } from './options.js';

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
  nodeExporter: string;
  blackbox: string;
  /** The portal's public HTTPS endpoint (the local environment's public URL, moved to this stack's port). */
  public: string;
  /** Metrics endpoints of the three reference services. */
  metrics: { portal: string; enrollment: string; grades: string };
  /** Fault-injection admin APIs of the three reference services. */
  admin: { portal: string; enrollment: string; grades: string };
}

/** Options accepted by `startStack`: any subset of {@link StackOptions}. */
export type StartStackOptions = Partial<Omit<StackOptions, 'ports' | 'timing'>> & { ports?: Partial<StackPorts>; timing?: Partial<StackTiming> };

/** One row of the stack: a child process, or a part that runs in this process. */
export interface Component {
  name: string;
  url: string;
  /** URL polled until it answers 2xx. */
  readyUrl?: string;
  child?: Child;
  /** Runs in this process (demo, pager): ready when its own start resolves, stopped by `stopInProcess`. */
  inProcess?: boolean;
  stopInProcess?: () => Promise<void>;
  state: 'starting' | 'running' | 'missing' | 'disabled' | 'failed';
  note?: string;
}

/** Where the stack keeps its state, under the data dir. */
export interface StackDirs {
  logs: string;
  demo: string;
  backups: string;
  prometheus: string;
  rules: string;
  alertmanager: string;
  artifacts: string;
  /** The local certificate of the public endpoint. */
  tls: string;
}

/** Everything the start steps share. */
export interface StackRun {
  readonly options: StackOptions;
  readonly root: string;
  readonly dataDir: string;
  readonly dirs: StackDirs;
  /** Marker in every child's environment, for orphan checks. */
  readonly id: string;
  readonly host: string;
  readonly urls: StackUrls;
  /** Environment of every child (synthetics adds the Chromium path for the children after it). */
  readonly env: NodeJS.ProcessEnv;
  /** `bin/zeus-obs.mjs` of the checkout. */
  readonly cli: string;
  readonly components: Component[];
  /** When the start began (ready times are logged from here). */
  readonly t0: number;
  stopped: boolean;
  log(line: string): void;
}

function stackDirs(dataDir: string): StackDirs {
  return {
    logs: join(dataDir, 'logs'),
    demo: join(dataDir, 'demo'),
    backups: join(dataDir, 'backups'),
    prometheus: join(dataDir, 'prometheus'),
    rules: join(dataDir, 'prometheus', 'rules'),
    alertmanager: join(dataDir, 'alertmanager'),
    artifacts: join(dataDir, 'synthetics-artifacts'),
    tls: join(dataDir, 'tls'),
  };
}

/** True when nothing listens on 127.0.0.1:`port`. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}

/** The ports this configuration listens on (the PostgreSQL exporters only with `--database postgres`, the second with `--replica`). */
function portsInUse(options: StackOptions): Partial<StackPorts> {
  const { postgresExporter, postgresReplicaExporter, ...always } = options.ports;
  return {
    ...always,
    ...(options.database === 'postgres' ? { postgresExporter } : {}),
    ...(options.replica ? { postgresReplicaExporter } : {}),
  };
}

/** Throws, naming the flags to move them, when any port is taken: a stranger's /metrics would look like ours. */
async function requireFreePorts(ports: Partial<StackPorts>): Promise<void> {
  const busy: string[] = [];
  for (const [name, port] of Object.entries(ports)) if (!(await portFree(port!))) busy.push(`${name} ${port}`);
  if (busy.length === 0) return;
  const flag = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-port`;
  throw new Error(`port(s) already in use on 127.0.0.1: ${busy.join(', ')}. Stop what holds them (an earlier stack?) or move ours, e.g. ${busy.map((b) => `${flag(b.split(' ')[0]!)} N`).join(' ')}`);
}

function stackUrls(host: string, ports: StackPorts): StackUrls {
  const url = (port: number) => `http://${host}:${port}`;
  return {
    portal: url(ports.portal),
    enrollment: url(ports.enrollment),
    grades: url(ports.grades),
    exporter: url(ports.exporter),
    synthetics: url(ports.synthetics),
    prometheus: url(ports.prometheus),
    alertmanager: url(ports.alertmanager),
    pager: url(ports.pager),
    nodeExporter: url(ports.nodeExporter),
    blackbox: url(ports.blackbox),
    public: `https://localhost:${ports.public}`,
    metrics: { portal: url(ports.portalMetrics), enrollment: url(ports.enrollmentMetrics), grades: url(ports.gradesMetrics) },
    admin: { portal: url(ports.portalAdmin), enrollment: url(ports.enrollmentAdmin), grades: url(ports.gradesAdmin) },
  };
}

/** The services count the prober's traffic as synthetic only when its marker is signed with this shared key (0600, kept across starts). */
function ensureSyntheticKey(dataDir: string): string {
  const syntheticKeyFile = join(dataDir, 'synthetic.key');
  if (!existsSync(syntheticKeyFile)) writeFileSync(syntheticKeyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  return syntheticKeyFile;
}

/** Resolves the options, checks the ports, creates the state folders and names the stack. */
export async function prepareStackRun(input: StartStackOptions): Promise<StackRun> {
  const options = resolveStackOptions(input, REPO_ROOT);
  const root = options.repoRoot;
  const dataDir = resolve(root, options.dataDir);
  const dirs = stackDirs(dataDir);
  await requireFreePorts(portsInUse(options));
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const id = randomBytes(8).toString('hex');
  const host = '127.0.0.1';
  const syntheticKeyFile = ensureSyntheticKey(dataDir);
  return {
    options, root, dataDir, dirs, id, host,
    urls: stackUrls(host, options.ports),
    env: { ZEUS_SYNTHETIC_KEY_FILE: syntheticKeyFile, ...process.env, ...options.env, ZEUS_STACK_ID: id, FORCE_COLOR: '0' },
    cli: join(root, 'bin', 'zeus-obs.mjs'),
    components: [],
    t0: Date.now(),
    stopped: false,
    log: options.log,
  };
}

/** Adds a component to the stack's list (status and stop follow this order). */
export function addComponent(run: StackRun, component: Component): Component {
  run.components.push(component);
  return component;
}

/** Starts `command` as the component's child process, logging to `<logs>/<name>.log`. */
export function launch(run: StackRun, component: Component, command: string, args: string[], env: Record<string, string> = {}): void {
  component.child = startChild({ name: component.name, command, args, cwd: run.root, env: { ...run.env, ...env }, logFile: join(run.dirs.logs, `${component.name}.log`) });
  component.state = 'starting';
}

/** Starts `zeus-obs <subcommand> <args>` as the component's child process. */
export function launchZeus(run: StackRun, component: Component, subcommand: string, args: string[], env: Record<string, string> = {}): void {
  launch(run, component, process.execPath, [run.cli, subcommand, ...args], env);
}
