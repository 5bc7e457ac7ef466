import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_ACCOUNTS, type DemoAccount } from '../db/accounts.js';
import { parseDatabaseTarget, type DatabaseTarget } from '../../database/index.js';
import { prepareZeusDatabase } from '../db/connect.js';
import type { SeedSize, SeedSummary } from '../db/seed.js';
import { resolveAdminToken } from '../shared/secrets.js';
import { READY_MARKER } from '../shared/service-process.js';
import type { VersionSpec } from './deployments.js';
import type { RunningInstance } from './instances.js';
import { createSupervisor } from './supervisor.js';

/** The three services. */
export const DEMO_SERVICES = ['portal', 'enrollment', 'grades'] as const;
export type DemoService = (typeof DEMO_SERVICES)[number];

/** Every port of the demo; each service has a main, an admin and a metrics port. */
export interface DemoPorts {
  portal: number; enrollment: number; grades: number;
  portalAdmin: number; enrollmentAdmin: number; gradesAdmin: number;
  portalMetrics: number; enrollmentMetrics: number; gradesMetrics: number;
}

/** Default ports: services 8080-8082, admin APIs 8180-8182, metrics 9464-9466. */
export const DEFAULT_DEMO_PORTS: DemoPorts = {
  portal: 8080, enrollment: 8081, grades: 8082,
  portalAdmin: 8180, enrollmentAdmin: 8181, gradesAdmin: 8182,
  portalMetrics: 9464, enrollmentMetrics: 9465, gradesMetrics: 9466,
};

export interface StartDemoOptions {
  /** Directory of the SQLite database, the session secret and the service logs (default `.zeus-demo`). */
  dataDir?: string;
  /**
   * The database: a `postgres://` URL or a SQLite file path (default `<dataDir>/zeus.db`). A
   * PostgreSQL database must exist; its tables are created and seeded when it has none.
   */
  database?: string;
  /** File holding the PostgreSQL password, given to the services as ZEUS_DATABASE_PASSWORD_FILE (keeps it out of URLs). */
  databasePasswordFile?: string;
  /** Seed size used when the database is empty (default `small`). */
  seed?: SeedSize;
  ports?: Partial<DemoPorts>;
  /** Admin API token (default: the file in ZEUS_ADMIN_TOKEN_FILE, else ZEUS_ADMIN_TOKEN, else the public demo token). */
  adminToken?: string;
  /** Extra environment for the three processes (e.g. OTEL_EXPORTER_OTLP_ENDPOINT). */
  env?: Record<string, string>;
  /** Called with each line a service writes (its logs are also kept in `<dataDir>/logs`). */
  onOutput?: (service: DemoService, line: string) => void;
  /** How long each service may take to become ready (default 60 s: a busy 2-core machine is slow). */
  readyTimeoutMs?: number;
  /**
   * Called whenever the running processes change (a rollout's canary starts or stops, a stable
   * process restarts at a new version): the stack keeps its Prometheus scrape targets from it.
   */
  onInstances?: (instances: readonly RunningInstance[]) => void;
}

type Urls = Record<DemoService, string>;

/** A running demo. */
export interface RunningDemo {
  urls: Urls;
  adminUrls: Urls;
  metricsUrls: Urls;
  ports: DemoPorts;
  adminToken: string;
  dataDir: string;
  /** The database the services use (a file path or a URL, as given). */
  database: string;
  /** The SQLite file, when the database is one. */
  dbPath: string | undefined;
  /** What was seeded now; undefined when the database already had data. */
  seeded: SeedSummary | undefined;
  accounts: readonly DemoAccount[];
  /** SIGTERM to the three processes (SIGKILL after 5 s); resolves when all have exited. */
  stop(): Promise<void>;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function sessionSecret(dataDir: string): string {
  const path = join(dataDir, 'session-secret');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const value = randomBytes(32).toString('base64url');
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return value;
}

function waitReady(service: DemoService, child: ChildProcess, timeoutMs: number, tail: () => string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${service} was not ready after ${timeoutMs} ms:\n${tail()}`)), timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${service} exited (code ${code}) before it was ready:\n${tail()}`));
    };
    child.once('exit', onExit);
    child.stdout!.on('data', function onData(chunk: Buffer) {
      if (chunk.toString().includes(`${READY_MARKER} ${service}`)) {
        clearTimeout(timer);
        child.off('exit', onExit);
        child.stdout!.off('data', onData);
        resolvePromise();
      }
    });
  });
}

function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}

/** Creates the data directory (owner only), then the database's tables, seeding it when it has no terms. */
async function prepareDatabase(dataDir: string, options: StartDemoOptions): Promise<{ database: string; target: DatabaseTarget; seeded: SeedSummary | undefined }> {
  // The database, session secret and logs hold student data and credentials: owner only.
  mkdirSync(join(dataDir, 'logs'), { recursive: true, mode: 0o700 });
  // The data directory ignores itself, so a demo run inside a checkout never shows up in git.
  if (!existsSync(join(dataDir, '.gitignore'))) writeFileSync(join(dataDir, '.gitignore'), '*\n');
  const database = options.database ?? join(dataDir, 'zeus.db');
  const parsed = parseDatabaseTarget(database);
  const target: DatabaseTarget = parsed.kind === 'postgres' && options.databasePasswordFile
    ? { ...parsed, password: readFileSync(options.databasePasswordFile, 'utf8').trim() }
    : parsed;
  return { database, target, seeded: await prepareZeusDatabase(target, options.seed ?? 'small') };
}

/** Service, admin and metrics URLs on loopback. */
function demoUrls(ports: DemoPorts): { urls: Urls; adminUrls: Urls; metricsUrls: Urls } {
  const url = (port: number) => `http://127.0.0.1:${port}`;
  return {
    urls: { portal: url(ports.portal), enrollment: url(ports.enrollment), grades: url(ports.grades) },
    adminUrls: { portal: url(ports.portalAdmin), enrollment: url(ports.enrollmentAdmin), grades: url(ports.gradesAdmin) },
    metricsUrls: {
      portal: `${url(ports.portalMetrics)}/metrics`, enrollment: `${url(ports.enrollmentMetrics)}/metrics`, grades: `${url(ports.gradesMetrics)}/metrics`,
    },
  };
}

/**
 * The version's part of a process's environment: `service.version` appended to
 * OTEL_RESOURCE_ATTRIBUTES (the last entry wins), and its start-up faults in ZEUS_FAULTS.
 */
function versionEnv(common: NodeJS.ProcessEnv, spec: VersionSpec): Record<string, string> {
  const inherited = common.OTEL_RESOURCE_ATTRIBUTES?.trim();
  return {
    OTEL_RESOURCE_ATTRIBUTES: `${inherited ? `${inherited},` : ''}service.version=${encodeURIComponent(spec.version)}`,
    ZEUS_FAULTS: spec.faults && Object.keys(spec.faults).length > 0 ? JSON.stringify(spec.faults) : '',
  };
}

/** Environment shared by the three services. The explicit secrets win over inherited `*_FILE` variables. */
function commonEnv(options: StartDemoOptions, dataDir: string, database: string, adminToken: string): NodeJS.ProcessEnv {
  const { ZEUS_ADMIN_TOKEN_FILE: _tokenFile, ZEUS_SESSION_SECRET_FILE: _secretFile, ZEUS_DB_PATH: _path, ZEUS_DATABASE_PASSWORD_FILE: _password, ...inherited } = process.env;
  return {
    ...inherited,
    ZEUS_DATABASE_URL: database,
    ...(options.databasePasswordFile ? { ZEUS_DATABASE_PASSWORD_FILE: options.databasePasswordFile } : {}),
    ZEUS_SESSION_SECRET: sessionSecret(dataDir),
    ZEUS_ADMIN_TOKEN: adminToken,
    ZEUS_BIND_HOST: '127.0.0.1',
    OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
    ZEUS_TEAM: process.env.ZEUS_TEAM ?? 'registrar-systems',
    ZEUS_EXIT_WITH_PARENT: '1',
    ...options.env,
  };
}

/** Spawns one service, copies its output to `<dataDir>/logs/<service>.log` and `onOutput`, and waits for its ready line. */
async function launchService(
  service: DemoService,
  env: NodeJS.ProcessEnv,
  context: { dataDir: string; options: StartDemoOptions; children: ChildProcess[] },
  logName: string = service,
): Promise<ChildProcess> {
  const { dataDir, options, children } = context;
  const log = createWriteStream(join(dataDir, 'logs', `${logName}.log`), { flags: 'a', mode: 0o600 });
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', '@zeus/instrumentation/register', join(ROOT, 'demo', service, 'main.ts')],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  children.push(child);
  const lines: string[] = [];
  let pending = '';
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    pending += chunk.toString();
    const parts = pending.split('\n');
    pending = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      if (lines.length > 40) lines.shift();
      options.onOutput?.(service, line);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  child.once('exit', () => {
    log.end();
    const index = children.indexOf(child);
    if (index >= 0) children.splice(index, 1);
  });
  await waitReady(service, child, options.readyTimeoutMs ?? 60_000, () => lines.join('\n'));
  return child;
}

/**
 * Starts the Zeus demo: prepares the database (`<dataDir>/zeus.db` by default, or the PostgreSQL
 * database `options.database` names; seeded when empty), then the
 * enrollment and grades APIs and the portal, each in its own Node process started with
 * `--import @zeus/instrumentation/register`, on loopback. Resolves once all three are ready;
 * rejects (after stopping what started) if one fails. Used by `zeus-obs demo`, tests, the
 * synthetics and the local stack.
 */
export async function startDemo(options: StartDemoOptions = {}): Promise<RunningDemo> {
  const dataDir = resolve(options.dataDir ?? '.zeus-demo');
  const { database, target, seeded } = await prepareDatabase(dataDir, options);
  const ports: DemoPorts = { ...DEFAULT_DEMO_PORTS, ...options.ports };
  const adminToken = options.adminToken ?? resolveAdminToken(process.env).token;
  const { urls, adminUrls, metricsUrls } = demoUrls(ports);
  const common = commonEnv(options, dataDir, database, adminToken);
  const children: ChildProcess[] = [];
  // The APIs are internal (loopback here, portal-only by NetworkPolicy in Kubernetes): they obey
  // the portal's sampling decision, so a sampled portal trace keeps its API spans. The portal is
  // the edge and decides for itself.
  const internal = { ZEUS_TRUST_UPSTREAM_TRACE: 'true' };
  const extra: Record<DemoService, Record<string, string>> = {
    enrollment: internal, grades: internal,
    portal: {
      ZEUS_ENROLLMENT_URL: urls.enrollment, ZEUS_GRADES_URL: urls.grades,
      ZEUS_PORTAL_ADMIN_URL: adminUrls.portal, ZEUS_ENROLLMENT_ADMIN_URL: adminUrls.enrollment, ZEUS_GRADES_ADMIN_URL: adminUrls.grades,
    },
  };
  // Each service runs the version `<dataDir>/deployments.json` names (a rollout adds a canary).
  const supervisor = createSupervisor({
    dataDir, services: DEMO_SERVICES, first: ['enrollment', 'grades'],
    stablePorts: (service) => ({ port: ports[service as DemoService], adminPort: ports[`${service as DemoService}Admin`], metricsPort: ports[`${service as DemoService}Metrics`] }),
    launch: (service, role, spec, p) => launchService(service as DemoService, {
      ...common, ...versionEnv(common, spec),
      OTEL_SERVICE_NAME: service, PORT: String(p.port), ZEUS_ADMIN_PORT: String(p.adminPort), OTEL_EXPORTER_PROMETHEUS_PORT: String(p.metricsPort),
      ...extra[service as DemoService],
    }, { dataDir, options, children }, role === 'stable' ? service : `${service}-canary`),
    stop: (child) => stopChild(child),
    ...(options.onInstances ? { onChange: options.onInstances } : {}),
    log: (service, line) => options.onOutput?.(service as DemoService, line),
  });
  const stop = async () => {
    await supervisor.stop();
    await Promise.all(children.map((child) => stopChild(child)));
  };
  try {
    await supervisor.start();
  } catch (error) {
    await stop();
    throw error;
  }
  const dbPath = target.kind === 'sqlite' ? target.path : undefined;
  return { urls, adminUrls, metricsUrls, ports, adminToken, dataDir, database, dbPath, seeded, accounts: DEMO_ACCOUNTS, stop };
}
