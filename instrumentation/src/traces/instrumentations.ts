import { createRequire } from 'node:module';
import type { WarnFn } from '../diag.js';
import { INSTRUMENTATION_CLASSES, PATCHED_MODULES, type InstrumentationName } from './instrumentation-names.js';

type Require = ReturnType<typeof createRequire>;

/**
 * This package's own settings for some instrumentations; every other one gets its defaults, as
 * `auto-instrumentations-node` gives them:
 * - http handles outgoing requests only (incoming ones take the lean server path);
 * - express skips the per-middleware and per-router spans;
 * - pg never records parameter values; pino only correlates (no log sending);
 * - fs records only inside an existing span (else every module load is a trace).
 */
const CONFIGS: Partial<Record<InstrumentationName, Record<string, unknown>>> = {
  http: { disableIncomingRequestInstrumentation: true },
  express: { ignoreLayersType: ['middleware', 'router'] },
  pg: { enhancedDatabaseReporting: false },
  pino: { disableLogSending: true },
  fs: { requireParentSpan: true },
  mongodb: { enhancedDatabaseReporting: false },
};

/**
 * Loads `@opentelemetry/instrumentation-<name>`: this package's own dependency when it has one,
 * else the copy `@opentelemetry/auto-instrumentations-node` brings (resolved next to it; its
 * index, which loads all of them, is never loaded).
 */
function loadPackage(name: InstrumentationName, req: Require): Record<string, unknown> {
  const pkg = `@opentelemetry/instrumentation-${name}`;
  try {
    return req(pkg);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    const upstream = createRequire(req.resolve('@opentelemetry/auto-instrumentations-node'));
    return upstream(pkg);
  }
}

/**
 * Creates the named OTel instrumentations, each loaded only now. A package that is missing or
 * fails to load is a warning naming it; the others still start.
 */
export function createInstrumentations(names: readonly InstrumentationName[], req: Require, warn: WarnFn): unknown[] {
  const out: unknown[] = [];
  for (const name of names) {
    try {
      const Instrumentation = loadPackage(name, req)[INSTRUMENTATION_CLASSES[name]] as new (config: object) => unknown;
      out.push(new Instrumentation(CONFIGS[name] ?? {}));
    } catch (error) {
      warn(`instrumentation ${name} is not available (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); install @opentelemetry/instrumentation-${name} to use it`);
    }
  }
  return out;
}

/** Names of enabled instrumentations' packages that the app loaded before telemetry started. */
export function modulesLoadedTooEarly(names: readonly InstrumentationName[], cache: Record<string, unknown>): string[] {
  const keys = Object.keys(cache).map((k) => k.replace(/\\/g, '/')).filter((k) => !k.includes('/@opentelemetry/'));
  const found: string[] = [];
  for (const name of names) {
    for (const pkg of PATCHED_MODULES[name] ?? [name]) {
      const marker = `/node_modules/${pkg}/`;
      if (keys.some((k) => k.includes(marker))) found.push(pkg);
    }
  }
  return found;
}
