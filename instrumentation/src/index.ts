/**
 * @zeus/instrumentation: one import gives a Zeus Express service traces, RED metrics with
 * exemplars, runtime metrics, correlated logs, health endpoints and FERPA-safe redaction.
 *
 * Importing this module starts nothing: call {@link startTelemetry}, or start the app with
 * `node --import @zeus/instrumentation/register app.js`.
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { createLoggerWith, type LoggerConfig } from './logs/logger.js';
import { defaultRedactor, type Redactor } from './redact/redactor.js';
import { getTelemetry } from './telemetry.js';
import { runDbSpan, type DbOperation } from './traces/db-span.js';

export * as catalog from './catalog/index.js';
export { startTelemetry, getTelemetry, type Telemetry } from './telemetry.js';
export type { TelemetryOptions, ResolvedConfig, SamplerName, OtlpProtocol, InstrumentationName } from './config/options.js';
export { DEFAULT_SAMPLER_RATIO, DEFAULT_INSTRUMENTATIONS, KNOWN_INSTRUMENTATIONS } from './config/options.js';
export {
  createMetricRecorder, OVERFLOW_LABEL_VALUE, DEFAULT_CARDINALITY_LIMIT,
  type MetricRecorder, type MetricRecorderOptions, type CounterHandle, type GaugeHandle, type HistogramHandle,
} from './metrics/recorder.js';
export { renderMetrics, wantsOpenMetrics, OPENMETRICS_TEXT, PROMETHEUS_TEXT } from './metrics/exposition.js';
export { health, HEALTH_PATHS, type HealthOptions, type CheckResult, type Middleware } from './http/health.js';
export { trafficSource, SYNTHETIC_HEADER, SYNTHETIC_BAGGAGE_KEY } from './http/traffic-source.js';
export { routeOf } from './http/route.js';
export {
  createRedactor, defaultRedactor, DEFAULT_REDACTED_FIELDS, DEFAULT_STUDENT_ID_PATTERN, NEVER_CAPTURED_HEADERS, REDACTED,
  type Redactor, type RedactionOptions,
} from './redact/redactor.js';
export { traceFields, type LoggerConfig } from './logs/logger.js';
export type { DbOperation } from './traces/db-span.js';

function redactor(): Redactor {
  return getTelemetry()?.redactor ?? defaultRedactor;
}

/**
 * A pino logger whose lines carry `trace_id`, `span_id`, `trace_flags` and the service fields
 * when a span is active, with FERPA fields redacted. Level: `options.level`, else
 * `ZEUS_LOG_LEVEL`, else `info`. Uses the running telemetry's service fields and redaction.
 */
export function createLogger(options: { name?: string; level?: string } & Omit<LoggerConfig, 'name' | 'level'> = {}): Logger {
  const telemetry = getTelemetry();
  const base: Record<string, unknown> = options.base ?? (telemetry
    ? Object.fromEntries(Object.entries(telemetry.config.resource).filter(([k]) =>
        ['service.name', 'service.version', 'service.namespace', 'deployment.environment.name', 'zeus.team'].includes(k)))
    : { 'service.name': process.env.OTEL_SERVICE_NAME ?? 'unknown_service:node' });
  return createLoggerWith({
    ...options,
    name: options.name ?? telemetry?.config.serviceName ?? process.env.OTEL_SERVICE_NAME,
    level: options.level ?? telemetry?.config.logLevel,
    base,
    redactor: options.redactor ?? redactor(),
  });
}

/**
 * Runs `fn` in a database CLIENT span (`db.system.name`, `db.operation.name`,
 * `db.collection.name`, `db.query.text` with literals replaced by `?`) and records
 * `db_client_operation_duration_seconds`. Synchronous (better-sqlite3) and async functions
 * both work; `fn`'s result or error passes through unchanged.
 */
export function withDbSpan<T>(op: DbOperation, fn: () => T): T {
  const telemetry = getTelemetry();
  return runDbSpan(op, fn, { recorder: telemetry?.metrics, redactor: telemetry?.redactor });
}

/** Replaces emails and student IDs in free text (with the running telemetry's settings). */
export function redactString(value: string): string {
  return redactor().string(value);
}

/** Redacts a URL or path+query: sensitive path segments and query values. */
export function redactUrl(value: string): string {
  return redactor().url(value);
}

/** Replaces SQL literals with `?` (and any emails/IDs left). */
export function redactSql(value: string): string {
  return redactor().sql(value);
}

/** Headers safe to record: Authorization/Cookie/Set-Cookie removed, configured fields redacted. */
export function redactHeaders(headers: IncomingMessage['headers'] | Record<string, unknown>): Record<string, string> {
  return redactor().headers(headers as Record<string, unknown>);
}
