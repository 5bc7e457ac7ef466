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
  const registry = new Registry<RegistryContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  // prom-client's own OpenMetrics serialiser renames counters in place (drops `_total`), which
  // would corrupt later text scrapes; `registry.metrics()` goes through ours instead.
  registry.metrics = () => renderMetrics(registry, true);
  const metrics = createMetricRecorder(registry, { cardinalityLimit: config.cardinalityLimit, redactor });
  let logger: Logger | undefined;
  const cleanups: Array<() => void | Promise<void>> = [];
  let tracing: Tracing | undefined;
  let endpoint: MetricsEndpoint | undefined;
  let push: OtlpMetricsPush | undefined;

  const req = createRequire(import.meta.url);
  if (!config.disabled) {
    try {
      const early = modulesLoadedTooEarly(config.instrumentations, req.cache);
      if (early.length > 0) {
        warn(`modules loaded before instrumentation could patch them: ${early.join(', ')}. Start with 'node --import @zeus/instrumentation/register app.js' so they are traced`);
      }
      const problems = new Set<SetupProblem>(early.length > 0 ? ['loaded_before_instrumentation'] : []);
      if (esmWithoutImport()) {
        problems.add('esm_without_import');
        warn(`this ES module app runs without the loader hook, so its ES module imports are not instrumented; start it with 'node --import @zeus/instrumentation/register'`);
      }
      registerRuntimeMetrics(registry);
      registerTargetInfo(registry, resourceAttributes(config));
      const stats = exportStats(metrics);
      const queueSize = metrics.gauge(telemetrySpanQueueSize);
      queueSize.set({}, 0);
      tracing = startTracing(config, req, warn, redactor, stats);
      const apis = otelApiCopies(req.cache);
      if (apis.length > 1) {
        problems.add('duplicate_otel_api');
        warn(`${apis.length} copies of @opentelemetry/api are loaded (${apis.join(', ')}); spans made through one are invisible to the other. Deduplicate them (npm dedupe)`);
      }
      recordSetupProblems(metrics, problems);
      const tracer = trace.getTracer('@zeus/instrumentation');
      cleanups.push(installServerHook({
        tracer,
        startRootSpan: tracing.startRootServerSpan,
        startUntrustedChild: tracing.startUntrustedServerSpan,
        duration: metrics.histogram(httpServerRequestDuration),
        excludePaths: config.excludePaths,
        trustUpstream: config.trustUpstreamTrace,
        ...(config.syntheticKey ? { syntheticKey: config.syntheticKey } : {}),
      }));
      cleanups.push(installClientHook(metrics.histogram(httpClientRequestDuration)));
      if (config.otlpMetrics) {
        push = startOtlpMetricsPush(registry, config.otlpMetrics, resourceAttributes(config), req, metricsPushStats(metrics));
        cleanups.push(() => push?.shutdown());
      }
      if (config.metrics) {
        const processor = tracing.processor;
        endpoint = startMetricsEndpoint(registry, {
          ...config.metrics,
          warn,
          beforeScrape: () => {
            queueSize.set({}, processor?.queueSize ?? 0);
            stats.publish();
          },
        });
        const server = endpoint;
        cleanups.push(() => server.close());
      }
      if (config.handleSignals) {
        cleanups.push(installSignalHandlers(
          async (timeoutMs) => void (await Promise.all([tracing?.shutdown(timeoutMs), push?.shutdown()])),
          config.shutdownTimeoutMs,
          (timeoutMs) => tracing?.flushSync(timeoutMs),
        ));
      }
    } catch (error) {
      warn(`telemetry could not fully start (${error instanceof Error ? error.message : String(error)}); the app continues without the missing parts`);
    }
  }

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
      if (!endpoint?.server.listening) return undefined;
      return { host: config.metrics?.host ?? '0.0.0.0', port: endpoint.port() };
    },
    async flush() {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.all([tracing?.forceFlush(), push?.forceFlush()]),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, config.bsp.exportTimeoutMs);
            timer.unref();
          }),
        ]);
      } catch {
        // best effort
      } finally {
        clearTimeout(timer);
      }
    },
    shutdown() {
      stopping ??= (async () => {
        try {
          await tracing?.shutdown(config.shutdownTimeoutMs);
        } catch {
          // best effort
        }
        for (const cleanup of cleanups.reverse()) {
          try {
            await cleanup();
          } catch {
            // best effort
          }
        }
        if (getTelemetry() === telemetry) delete (globalThis as Holder)[INSTANCE];
      })();
      return stopping;
    },
  };
  (globalThis as Holder)[INSTANCE] = telemetry;
  return telemetry;
}
