import type { createRequire } from 'node:module';
import type { WarnFn } from '../diag.js';
import type { InstrumentationName } from '../config/options.js';

type Require = ReturnType<typeof createRequire>;

/** Packages an instrumentation patches: used for the ESM hook's include list and the "loaded too early" warning. */
export const PATCHED_MODULES: Record<InstrumentationName, readonly string[]> = {
  http: ['http', 'https'],
  express: ['express'],
  undici: ['undici'],
  pg: ['pg', 'pg-pool'],
  mysql2: ['mysql2'],
  redis: ['redis', '@redis/client'],
  ioredis: ['ioredis'],
  pino: ['pino'],
  fs: ['fs'],
  dns: ['dns'],
  net: ['net'],
};

/**
 * Creates the chosen OTel instrumentations. The http instrumentation handles outgoing requests
 * only (incoming ones go through the lean server path); express, when enabled, skips the
 * per-middleware spans; pino only correlates (no log sending). Missing packages warn.
 */
export function createInstrumentations(names: readonly InstrumentationName[], req: Require, warn: WarnFn): unknown[] {
  const out: unknown[] = [];
  for (const name of names) {
    try {
      switch (name) {
        case 'http': {
          const { HttpInstrumentation } = req('@opentelemetry/instrumentation-http');
          out.push(new HttpInstrumentation({ disableIncomingRequestInstrumentation: true }));
          break;
        }
        case 'express': {
          const { ExpressInstrumentation } = req('@opentelemetry/instrumentation-express');
          out.push(new ExpressInstrumentation({ ignoreLayersType: ['middleware', 'router'] }));
          break;
        }
        case 'undici': {
          const { UndiciInstrumentation } = req('@opentelemetry/instrumentation-undici');
          out.push(new UndiciInstrumentation());
          break;
        }
        case 'pg': {
          const { PgInstrumentation } = req('@opentelemetry/instrumentation-pg');
          out.push(new PgInstrumentation({ enhancedDatabaseReporting: false }));
          break;
        }
        case 'mysql2': {
          const { MySQL2Instrumentation } = req('@opentelemetry/instrumentation-mysql2');
          out.push(new MySQL2Instrumentation());
          break;
        }
        case 'redis': {
          const { RedisInstrumentation } = req('@opentelemetry/instrumentation-redis');
          out.push(new RedisInstrumentation());
          break;
        }
        case 'ioredis': {
          const { IORedisInstrumentation } = req('@opentelemetry/instrumentation-ioredis');
          out.push(new IORedisInstrumentation());
          break;
        }
        case 'pino': {
          const { PinoInstrumentation } = req('@opentelemetry/instrumentation-pino');
          out.push(new PinoInstrumentation({ disableLogSending: true }));
          break;
        }
        case 'fs': {
          const { FsInstrumentation } = req('@opentelemetry/instrumentation-fs');
          out.push(new FsInstrumentation({ requireParentSpan: true }));
          break;
        }
        case 'dns': {
          const { DnsInstrumentation } = req('@opentelemetry/instrumentation-dns');
          out.push(new DnsInstrumentation());
          break;
        }
        case 'net': {
          const { NetInstrumentation } = req('@opentelemetry/instrumentation-net');
          out.push(new NetInstrumentation());
          break;
        }
      }
    } catch (error) {
      warn(`instrumentation ${name} is not available (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); install @opentelemetry/instrumentation-${name} to use it`);
    }
  }
  return out;
}

/** Names of enabled instrumentations' packages that the app loaded before telemetry started. */
export function modulesLoadedTooEarly(names: readonly InstrumentationName[], cache: Record<string, unknown>): string[] {
  const keys = Object.keys(cache);
  const found: string[] = [];
  for (const name of names) {
    for (const pkg of PATCHED_MODULES[name]) {
      if (pkg === 'http' || pkg === 'https' || pkg === 'fs' || pkg === 'dns' || pkg === 'net') continue;
      const marker = `/node_modules/${pkg}/`;
      if (keys.some((k) => k.replace(/\\/g, '/').includes(marker) && !k.includes('/@opentelemetry/'))) found.push(pkg);
    }
  }
  return found;
}
