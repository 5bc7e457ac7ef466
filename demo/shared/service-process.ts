import { readFileSync } from 'node:fs';
import type { Express } from 'express';
import { health, getTelemetry, startTelemetry, trafficSource, withDbSpan } from '@zeus/instrumentation';
import { createSessionCodec, type SessionCodec } from '../auth/session.js';
import { openDatabase, type Database } from '../db/open.js';
import { createAdminApp, DEFAULT_ADMIN_TOKEN } from '../faults/admin.js';
import { FaultController } from '../faults/controller.js';
import type { DbSpan, HealthMiddlewareFactory, Log, Recorder, TrafficSourceOf } from './deps.js';
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
}

/** Line printed on stdout once the service listens; `startDemo` waits for it. */
export const READY_MARKER = 'zeus-demo-ready';

function env(name: string, fallback?: string): string {
  const value = process.env[name]?.trim() || fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
}

/** A secret from `<NAME>_FILE` (trimmed file content), else `<NAME>`, else `fallback`. */
export function secret(name: string, fallback?: string): string {
  const file = process.env[`${name}_FILE`]?.trim();
  return file ? readFileSync(file, 'utf8').trim() : env(name, fallback);
}

function port(name: string, fallback: number): number {
  const value = Number(env(name, String(fallback)));
  if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new Error(`${name} must be a port number, got ${process.env[name]}`);
  return value;
}

/**
 * Runs one service as a process, the way its `main.ts` starts it (after
 * `--import @zeus/instrumentation/register`). Environment: ZEUS_DB_PATH, PORT, ZEUS_ADMIN_PORT,
 * ZEUS_SESSION_SECRET(_FILE), ZEUS_ADMIN_TOKEN(_FILE) (default: the demo token), ZEUS_BIND_HOST
 * (default 127.0.0.1), ZEUS_EXIT_WITH_PARENT=1 (exit when the parent process is gone), plus the
 * OTEL_* variables of @zeus/instrumentation. SIGTERM or SIGINT
 * closes the listeners, the database and telemetry, then exits 0.
 */
export async function runServiceProcess(service: string, defaults: { port: number; adminPort: number }, build: (deps: ProcessDeps) => Express): Promise<void> {
  const telemetry = getTelemetry() ?? startTelemetry({ serviceName: service });
  const db = openDatabase(env('ZEUS_DB_PATH'));
  const faults = new FaultController({ metrics: telemetry.metrics });
  const deps: ProcessDeps = {
    db, faults, metrics: telemetry.metrics, logger: telemetry.logger,
    sessions: createSessionCodec(secret('ZEUS_SESSION_SECRET')),
    dbSpan: withDbSpan as DbSpan,
    health: health as unknown as HealthMiddlewareFactory,
    trafficSource,
  };
  const app = build(deps);
  const adminApp = createAdminApp({ service, faults, token: secret('ZEUS_ADMIN_TOKEN', DEFAULT_ADMIN_TOKEN) });
  const running = await serveService({
    app, adminApp, faults, host: env('ZEUS_BIND_HOST', '127.0.0.1'),
    port: port('PORT', defaults.port), adminPort: port('ZEUS_ADMIN_PORT', defaults.adminPort),
  });
  faults.onChange((state) => telemetry.logger.warn({ faults: state }, 'fault injection changed'));
  telemetry.logger.info({ port: running.port, adminPort: running.adminPort }, `${service} listening`);
  process.stdout.write(`${READY_MARKER} ${service} port=${running.port} admin=${running.adminPort}\n`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    telemetry.logger.info({ signal }, `${service} stopping`);
    await running.close();
    db.close();
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
