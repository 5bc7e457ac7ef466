import type { Express } from 'express';
import { health, getTelemetry, startTelemetry, trafficSource, withDbSpan } from '@zeus/instrumentation';
import { databaseRevocations } from '../auth/revocations.js';
import { createSessionCodec, type SessionCodec } from '../auth/session.js';
import { databaseTargetFromEnv, describeTarget, type DatabaseTarget } from '../../database/index.js';
import { applyZeusSchema, openZeusDatabase } from '../db/connect.js';
import type { Database } from '../db/database.js';
import { createAdminApp } from '../faults/admin.js';
import { FaultController, validateFaults, type FaultState } from '../faults/controller.js';
import { flagsFileFromEnv, openFlags } from '../flags/open-flags.js';
import type { DbSpan, FlagClient, HealthMiddlewareFactory, Log, Recorder, TrafficSourceOf } from './deps.js';
import { DEFAULT_ADMIN_TOKEN, DEFAULT_ADMIN_TOKEN_WARNING, readSecret, refuseDefaultSecret } from './secrets.js';
import { serveService } from './server.js';

/** The dependencies every service factory takes, built from the running telemetry. */
export interface ProcessDeps {
  db: Database;
  metrics: Recorder;
  logger: Log;
  faults: FaultController;
  sessions: SessionCodec;
  dbSpan: DbSpan;
  health: HealthMiddlewareFactory;
  trafficSource: TrafficSourceOf;
  /** The admin token (the portal's registrar page calls the admin APIs with it). */
  adminToken: string;
  /** Feature flags: OpenFeature with the flagd provider on ZEUS_FLAGS_FILE (default flags/flags.flagd.json). */
  flags: FlagClient;
}

/** Line printed on stdout once the service listens; `startDemo` waits for it. */
export const READY_MARKER = 'zeus-demo-ready';

function port(processEnv: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = processEnv[name]?.trim() || String(fallback);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new Error(`${name} must be a port number, got ${raw}`);
  return value;
}

/** The settings of a service process, read and checked before anything listens. */
export interface ServiceSettings {
  /** The database: a SQLite file or a PostgreSQL URL (with the password from its file). */
  database: DatabaseTarget;
  bindHost: string;
  port: number;
  adminPort: number;
  sessionSecret: string;
  adminToken: string;
  adminTokenIsDefault: boolean;
}

/**
 * Reads ZEUS_DATABASE_URL (a `postgres://` URL or a SQLite file path; ZEUS_DB_PATH is still read,
 * and ZEUS_DATABASE_PASSWORD_FILE holds a PostgreSQL password), ZEUS_BIND_HOST, PORT,
 * ZEUS_ADMIN_PORT and the two secrets (each from `<NAME>_FILE` or `<NAME>`). Throws a message that
 * says what to set when a value is missing or bad, or when a publicly known default secret would
 * be served beyond loopback.
 */
export function readServiceSettings(processEnv: NodeJS.ProcessEnv, defaults: { port: number; adminPort: number }): ServiceSettings {
  const bindHost = processEnv.ZEUS_BIND_HOST?.trim() || '127.0.0.1';
  const sessionSecret = readSecret(processEnv, 'ZEUS_SESSION_SECRET').value;
  const adminToken = readSecret(processEnv, 'ZEUS_ADMIN_TOKEN', DEFAULT_ADMIN_TOKEN).value;
  refuseDefaultSecret('ZEUS_SESSION_SECRET', sessionSecret, bindHost);
  refuseDefaultSecret('ZEUS_ADMIN_TOKEN', adminToken, bindHost);
  const database = databaseTargetFromEnv(processEnv);
  if (!database) throw new Error('ZEUS_DATABASE_URL is required (a postgres:// URL or a SQLite file path)');
  return {
    database, bindHost, sessionSecret, adminToken, adminTokenIsDefault: adminToken === DEFAULT_ADMIN_TOKEN,
    port: port(processEnv, 'PORT', defaults.port), adminPort: port(processEnv, 'ZEUS_ADMIN_PORT', defaults.adminPort),
  };
}

/** What a service factory gives {@link runServiceProcess}: its app, and optionally more admin routes. */
export type ServiceBuild = Express | { app: Express; adminRoutes?: (admin: Express) => void };

/**
 * The faults a process starts with, from ZEUS_FAULTS (JSON, as the admin API's PUT takes it):
 * how a rollout starts a deliberately "problematic" candidate for drills. Unset: none.
 */
export function initialFaults(processEnv: NodeJS.ProcessEnv): Partial<FaultState> {
  const raw = processEnv.ZEUS_FAULTS?.trim();
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('ZEUS_FAULTS must be a JSON object such as {"errorRate":0.2}');
  }
  try {
    return validateFaults(parsed);
  } catch (error) {
    throw new Error(`ZEUS_FAULTS: ${(error as Error).message}`);
  }
}

/** Runs `read`; a bad setting prints one line (no stack) and exits 1. */
function orExit<T>(service: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    process.stderr.write(`${service}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

/** Like {@link orExit} for a start-up step that waits (the database may be down or refuse us). */
async function orExitAsync(service: string, step: () => Promise<void>, what: string): Promise<void> {
  try {
    await step();
  } catch (error) {
    process.stderr.write(`${service}: ${what}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

/**
 * Runs one service as a process, the way its `main.ts` starts it (after
 * `--import @zeus/instrumentation/register`). Environment: see {@link readServiceSettings}, plus
 * ZEUS_EXIT_WITH_PARENT=1 (exit when the parent process is gone), ZEUS_FLAGS_FILE (the flagd
 * definitions; default flags/flags.flagd.json) and the OTEL_* variables of
 * @zeus/instrumentation. Bad settings print one line and exit 1 before anything listens.
 * SIGTERM or SIGINT closes the listeners, the database and telemetry, then exits 0.
 */
export async function runServiceProcess(service: string, defaults: { port: number; adminPort: number }, build: (deps: ProcessDeps) => ServiceBuild): Promise<void> {
  const settings = orExit(service, () => readServiceSettings(process.env, defaults));
  const startFaults = orExit(service, () => initialFaults(process.env));
  const telemetry = getTelemetry() ?? startTelemetry({ serviceName: service });
  if (settings.adminTokenIsDefault) {
    telemetry.logger.warn({}, DEFAULT_ADMIN_TOKEN_WARNING);
    process.stderr.write(`${service}: warning: ${DEFAULT_ADMIN_TOKEN_WARNING}\n`);
  }
  const db = openZeusDatabase(settings.database, {
    applicationName: service,
    onError: (error) => telemetry.logger.warn({ err: error }, 'a pooled database connection failed while idle'),
  });
  await orExitAsync(service, () => applyZeusSchema(db), `cannot prepare the database ${describeTarget(settings.database)}`);
  const faults = new FaultController({ metrics: telemetry.metrics });
  if (Object.keys(startFaults).length > 0) await faults.set(startFaults);
  const flags = await openFlags({ file: flagsFileFromEnv(process.env), domain: service, metrics: telemetry.metrics, logger: telemetry.logger });
  const deps: ProcessDeps = {
    db, faults, metrics: telemetry.metrics, logger: telemetry.logger,
    sessions: createSessionCodec(settings.sessionSecret, { revocations: databaseRevocations(db) }),
    dbSpan: withDbSpan as DbSpan,
    health: health as unknown as HealthMiddlewareFactory,
    trafficSource,
    adminToken: settings.adminToken,
    flags: flags.client,
  };
  // The factory reads its own settings (the portal's public origin...): a bad one exits the same way.
  const built = orExit(service, () => build(deps));
  const { app, adminRoutes } = typeof built === 'function' ? { app: built, adminRoutes: undefined } : built;
  const adminApp = createAdminApp({ service, faults, token: settings.adminToken, logger: telemetry.logger, ...(adminRoutes ? { routes: adminRoutes } : {}) });
  const running = await serveService({ app, adminApp, faults, host: settings.bindHost, port: settings.port, adminPort: settings.adminPort });
  faults.onChange((state) => telemetry.logger.warn({ faults: state }, 'fault injection changed'));
  telemetry.logger.info({ port: running.port, adminPort: running.adminPort }, `${service} listening`);
  process.stdout.write(`${READY_MARKER} ${service} port=${running.port} admin=${running.adminPort}\n`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    telemetry.logger.info({ signal }, `${service} stopping`);
    await running.close();
    await flags.close();
    await db.close().catch(() => undefined);
    await telemetry.shutdown().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  if (process.env.ZEUS_EXIT_WITH_PARENT === '1') {
    // Started by startDemo: if that process dies without stopping us (SIGKILL), do not linger.
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) void stop('parent exited');
    }, 1_000).unref();
  }
}
