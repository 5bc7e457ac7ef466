import { createRequire } from 'node:module';
import { Registry, type RegistryContentType } from 'prom-client';
import type { Logger } from 'pino';
import { trace } from '@opentelemetry/api';
import { httpClientRequestDuration, httpServerRequestDuration } from './catalog/http.js';
import {
  telemetryExportFailures, telemetryLastExportSuccess, telemetrySpanQueueSize, telemetrySpansDropped, telemetrySpansExported,
} from './catalog/telemetry.js';
import { resolveConfig, type ResolvedConfig, type TelemetryOptions } from './config/options.js';
import { createWarnOnce, type WarnFn } from './diag.js';
import { installClientHook } from './http/client-hook.js';
import { installServerHook } from './http/server-hook.js';
import { createLoggerWith } from './logs/logger.js';
import { startMetricsEndpoint, type MetricsEndpoint } from './metrics/endpoint.js';
import { renderMetrics } from './metrics/exposition.js';
import { createMetricRecorder, type MetricRecorder } from './metrics/recorder.js';
import { registerRuntimeMetrics } from './metrics/runtime.js';
import { metricsPushStats, startOtlpMetricsPush, type OtlpMetricsPush } from './metrics/otlp/push.js';
import { registerTargetInfo } from './metrics/target-info.js';
import { createRedactor, type Redactor } from './redact/index.js';
import { resourceAttributes } from './resource.js';
import { esmWithoutImport, otelApiCopies, recordSetupProblems, type SetupProblem } from './setup-check.js';
import { installSignalHandlers } from './shutdown.js';
import type { ExportStats } from './traces/batch-processor.js';
import { modulesLoadedTooEarly } from './traces/instrumentations.js';
import { startTracing, type Tracing } from './traces/tracing.js';

/** The running telemetry of this process. */
export interface Telemetry {
  /** Typed recording API over the catalogue, writing to {@link Telemetry.registry}. */
  readonly metrics: MetricRecorder;
  /** The prom-client registry served on `/metrics`. */
  readonly registry: Registry<RegistryContentType>;
  /** Correlated, FERPA-redacted pino logger named after the service. */
  readonly logger: Logger;
  /** The configured FERPA redactor. */
  readonly redactor: Redactor;
  /** Settings after options, environment and defaults were merged. */
  readonly config: Readonly<ResolvedConfig>;
  /** Address of the `/metrics` endpoint once bound, else undefined. */
  metricsAddress(): { host: string; port: number } | undefined;
  /** Exports pending spans now (bounded by `OTEL_BSP_EXPORT_TIMEOUT`). */
  flush(): Promise<void>;
  /** Flushes (bounded by the shutdown timeout), stops the endpoint and unpatches the server. */
  shutdown(): Promise<void>;
}

const INSTANCE = Symbol.for('@zeus/instrumentation.telemetry');
type Holder = { [INSTANCE]?: Telemetry };

/** The instance started by `register` or {@link startTelemetry}, if any. */
export function getTelemetry(): Telemetry | undefined {
  return (globalThis as Holder)[INSTANCE];
}

/**
 * Export statistics for the health metrics. Drops are tallied in plain numbers (a full queue
 * drops on the request path, where every microsecond counts) and published on each scrape.
 */
function exportStats(recorder: MetricRecorder): ExportStats & { publish(): void } {
  const exported = recorder.counter(telemetrySpansExported);
  const dropped = recorder.counter(telemetrySpansDropped);
  const failures = recorder.counter(telemetryExportFailures);
  const lastSuccess = recorder.gauge(telemetryLastExportSuccess);
  exported.inc({}, 0);
  for (const reason of telemetrySpansDropped.labels.reason) dropped.inc({ reason }, 0);
  failures.inc({ signal: 'traces' }, 0);
  lastSuccess.set({}, 0);
  const pending = { queue_full: 0, export_failed: 0, shutdown: 0 };
  const publish = () => {
    for (const reason of telemetrySpansDropped.labels.reason) {
      if (pending[reason] > 0) {
        dropped.inc({ reason }, pending[reason]);
        pending[reason] = 0;
      }
    }
  };
  return {
    exported: (n) => exported.inc({}, n),
    dropped: (reason, n) => {
      pending[reason] += n;
      if (reason !== 'queue_full') publish();
    },
    failed: () => {
      failures.inc({ signal: 'traces' });
      publish();
    },
    succeeded: (t) => {
      lastSuccess.set({}, t);
      publish();
    },
    publish,
  };
}

function serviceFields(config: ResolvedConfig): Record<string, string> {
  const fields: Record<string, string> = { 'service.name': config.serviceName };
  for (const key of ['service.version', 'service.namespace', 'deployment.environment.name', 'zeus.team']) {
    const value = config.resource[key];
    if (value) fields[key] = value;
  }
  return fields;
}

/** What started, filled in step by step (a failing step leaves the later parts off). */
interface Parts {
  tracing?: Tracing;
  endpoint?: MetricsEndpoint;
  push?: OtlpMetricsPush;
  /** Undo steps, run in reverse order on shutdown. */
  readonly cleanups: Array<() => void | Promise<void>>;
}

/** A registry rendered as OpenMetrics through our serialiser. */
function createRegistry(): Registry<RegistryContentType> {
  const registry = new Registry<RegistryContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  // prom-client's own OpenMetrics serialiser renames counters in place (drops `_total`), which
  // would corrupt later text scrapes; `registry.metrics()` goes through ours instead.
  registry.metrics = () => renderMetrics(registry, true);
  return registry;
}

/** Set-up problems visible before tracing starts: modules loaded too early, ESM without the loader hook. */
function earlySetupProblems(config: ResolvedConfig, req: NodeJS.Require, warn: WarnFn): Set<SetupProblem> {
  const early = modulesLoadedTooEarly(config.instrumentations, req.cache);
  if (early.length > 0) {
    warn(`modules loaded before instrumentation could patch them: ${early.join(', ')}. Start with 'node --import @zeus/instrumentation/register app.js' so they are traced`);
  }
  const problems = new Set<SetupProblem>(early.length > 0 ? ['loaded_before_instrumentation'] : []);
  if (esmWithoutImport()) {
    problems.add('esm_without_import');
    warn(`this ES module app runs without the loader hook, so its ES module imports are not instrumented; start it with 'node --import @zeus/instrumentation/register'`);
  }
  return problems;
}

/** Adds `duplicate_otel_api` when more than one copy of the API is loaded (checked once tracing has loaded its own). */
function checkOtelApiCopies(req: NodeJS.Require, warn: WarnFn, problems: Set<SetupProblem>): void {
  const apis = otelApiCopies(req.cache);
  if (apis.length > 1) {
    problems.add('duplicate_otel_api');
    warn(`${apis.length} copies of @opentelemetry/api are loaded (${apis.join(', ')}); spans made through one are invisible to the other. Deduplicate them (npm dedupe)`);
  }
}

/** The server and client hooks that record RED metrics and spans for HTTP. */
function installHttpHooks(config: ResolvedConfig, tracing: Tracing, metrics: MetricRecorder, parts: Parts): void {
  parts.cleanups.push(installServerHook({
    tracer: trace.getTracer('@zeus/instrumentation'),
    startRootSpan: tracing.startRootServerSpan,
    startUntrustedChild: tracing.startUntrustedServerSpan,
    duration: metrics.histogram(httpServerRequestDuration),
    excludePaths: config.excludePaths,
    trustUpstream: config.trustUpstreamTrace,
    ...(config.syntheticKey ? { syntheticKey: config.syntheticKey } : {}),
  }));
  parts.cleanups.push(installClientHook(metrics.histogram(httpClientRequestDuration)));
}

interface MetricsOutputs {
  config: ResolvedConfig;
  registry: Registry<RegistryContentType>;
  metrics: MetricRecorder;
  req: NodeJS.Require;
  warn: WarnFn;
  /** Runs before each scrape of the endpoint (publishes the span queue and drop counts). */
  beforeScrape: () => void;
}

/** The OTLP metrics push and the `/metrics` endpoint, each when configured. */
function startMetricsOutputs({ config, registry, metrics, req, warn, beforeScrape }: MetricsOutputs, parts: Parts): void {
  if (config.otlpMetrics) {
    parts.push = startOtlpMetricsPush(registry, config.otlpMetrics, resourceAttributes(config), req, metricsPushStats(metrics));
    parts.cleanups.push(() => parts.push?.shutdown());
  }
  if (config.metrics) {
    const server = startMetricsEndpoint(registry, { ...config.metrics, warn, beforeScrape });
    parts.endpoint = server;
    parts.cleanups.push(() => server.close());
  }
}

/** Flushes pending spans and exits cleanly on SIGTERM/SIGINT (and flushes synchronously on exit). */
function installShutdownSignals(config: ResolvedConfig, parts: Parts): void {
  parts.cleanups.push(installSignalHandlers(
    async (timeoutMs) => void (await Promise.all([parts.tracing?.shutdown(timeoutMs), parts.push?.shutdown()])),
    config.shutdownTimeoutMs,
    (timeoutMs) => parts.tracing?.flushSync(timeoutMs),
  ));
}

/** Starts everything beyond the registry and recorder; a step that throws is a warning and leaves the rest off. */
function startParts(config: ResolvedConfig, registry: Registry<RegistryContentType>, metrics: MetricRecorder, redactor: Redactor, warn: WarnFn): Parts {
  const parts: Parts = { cleanups: [] };
  if (config.disabled) return parts;
  const req = createRequire(import.meta.url);
  try {
    const problems = earlySetupProblems(config, req, warn);
    registerRuntimeMetrics(registry);
    registerTargetInfo(registry, resourceAttributes(config));
    const stats = exportStats(metrics);
    const queueSize = metrics.gauge(telemetrySpanQueueSize);
    queueSize.set({}, 0);
    const tracing = startTracing(config, req, warn, redactor, stats);
    parts.tracing = tracing;
    checkOtelApiCopies(req, warn, problems);
    recordSetupProblems(metrics, problems);
    installHttpHooks(config, tracing, metrics, parts);
    const processor = tracing.processor;
    const beforeScrape = () => {
      queueSize.set({}, processor?.queueSize ?? 0);
      stats.publish();
    };
    startMetricsOutputs({ config, registry, metrics, req, warn, beforeScrape }, parts);
    if (config.handleSignals) installShutdownSignals(config, parts);
  } catch (error) {
    warn(`telemetry could not fully start (${error instanceof Error ? error.message : String(error)}); the app continues without the missing parts`);
  }
  return parts;
}

/** Exports pending spans and metrics, waiting at most `timeoutMs`; never throws. */
async function flushWithin(parts: Parts, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.all([parts.tracing?.forceFlush(), parts.push?.forceFlush()]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      }),
    ]);
  } catch {
    // best effort
  } finally {
    clearTimeout(timer);
  }
}

/** Shuts tracing down, then runs every cleanup in reverse order; never throws. */
async function stopParts(parts: Parts, timeoutMs: number): Promise<void> {
  try {
    await parts.tracing?.shutdown(timeoutMs);
  } catch {
    // best effort
  }
  for (const cleanup of parts.cleanups.reverse()) {
    try {
      await cleanup();
    } catch {
      // best effort
    }
  }
}

/**
 * Starts traces, metrics and logs for this process, once: later calls return the running
 * instance. Options override the `OTEL_*`/`ZEUS_*` environment (see README). Never throws:
 * anything that cannot start is reported as a warning and left off.
 */
export function startTelemetry(options: TelemetryOptions = {}): Telemetry {
  const running = getTelemetry();
  if (running) return running;
  const warn: WarnFn = createWarnOnce();
  const config = resolveConfig(options, process.env, warn);
  const redactor = createRedactor({ ...config.redaction, warn });
  const registry = createRegistry();
  const metrics = createMetricRecorder(registry, { cardinalityLimit: config.cardinalityLimit, redactor });
  const parts = startParts(config, registry, metrics, redactor, warn);
  let logger: Logger | undefined;
  let stopping: Promise<void> | undefined;
  const telemetry: Telemetry = {
    metrics,
    registry,
    // Created on first use, after the pino instrumentation is in place.
    get logger() {
      logger ??= createLoggerWith({ name: config.serviceName, level: config.logLevel, base: serviceFields(config), redactor });
      return logger;
    },
    redactor,
    config,
    metricsAddress() {
      if (!parts.endpoint?.server.listening) return undefined;
      return { host: config.metrics?.host ?? '0.0.0.0', port: parts.endpoint.port() };
    },
    flush: () => flushWithin(parts, config.bsp.exportTimeoutMs),
    shutdown() {
      stopping ??= stopParts(parts, config.shutdownTimeoutMs).then(() => {
        if (getTelemetry() === telemetry) delete (globalThis as Holder)[INSTANCE];
      });
      return stopping;
    },
  };
  (globalThis as Holder)[INSTANCE] = telemetry;
  return telemetry;
}
