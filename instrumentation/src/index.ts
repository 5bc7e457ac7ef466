/**
 * @zeus/instrumentation: one import gives a Zeus Express service traces, RED metrics with
 * exemplars, runtime metrics, correlated logs, health endpoints and FERPA-safe redaction.
 *
 * Importing this module starts nothing: call {@link startTelemetry}, or start the app with
 * `node --import @zeus/instrumentation/register app.js`.
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { health as healthMiddleware, type HealthOptions, type Middleware } from './http/health.js';
import { trafficSourceWith } from './http/traffic-source.js';
import { createLoggerWith, type LoggerConfig } from './logs/logger.js';
import { defaultRedactor, type Redactor } from './redact/index.js';
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
export { HEALTH_PATHS, type HealthOptions, type CheckResult, type CheckFailure, type Middleware } from './http/health.js';
export { SYNTHETIC_HEADER, SYNTHETIC_BAGGAGE_KEY } from './http/traffic-source.js';
export {
  signSyntheticMarker, verifySyntheticMarker, readSyntheticKey, SYNTHETIC_KEY_FILE_ENV, MARKER_MAX_AGE_SECONDS,
} from './http/synthetic-marker.js';
export { routeOf } from './http/route.js';
export {
  createRedactor, defaultRedactor, DEFAULT_SENSITIVE_SUBSTRINGS, DEFAULT_SENSITIVE_EXACT, DEFAULT_SAFE_FIELDS,
  DEFAULT_QUERY_ALLOWLIST, DEFAULT_CAPTURED_HEADERS, NEVER_CAPTURED_HEADERS, DEFAULT_STUDENT_ID_DESCRIPTION,
  DEFAULT_MAX_VALUE_LENGTH, MAX_ARRAY_ITEMS, MAX_DEPTH, REDACTED, TRUNCATED,
  type Redactor, type RedactionOptions, type SerializedError,
} from './redact/index.js';
export { traceFields, type LoggerConfig } from './logs/logger.js';
export type { DbOperation } from './traces/db-span.js';

function redactor(): Redactor {
  return getTelemetry()?.redactor ?? defaultRedactor;
}

/** Where a failed readiness check's error goes: the service log (redacted), not the `/readyz` answer. */
function logCheckFailure(name: string, error: unknown): void {
  const telemetry = getTelemetry();
  if (telemetry) {
    telemetry.logger.warn({ check: name, err: error }, `readiness check ${name} failed`);
    return;
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(`[@zeus/instrumentation] readiness check ${name} failed: ${defaultRedactor.errorText(text)}\n`);
}

/**
 * Middleware serving `GET /healthz` (liveness) and `GET /readyz` (every check passes within its
 * timeout: 200, else 503 naming the failing checks as `failed`, `timed out` or `returned
 * false`). A failing check's error is logged through the running telemetry's logger (redacted),
 * never sent to the client. Needs no framework.
 */
export function health(options: HealthOptions = {}): Middleware {
  return healthMiddleware({ onCheckFailure: logCheckFailure, ...options });
}

/**
 * `'synthetic'` for monitoring traffic whose marker is authenticated: an `x-zeus-synthetic`
 * header or `zeus.synthetic` baggage entry signed with the key in `ZEUS_SYNTHETIC_KEY_FILE` for
 * the request's trace id (see {@link signSyntheticMarker}); `'user'` for everything else,
 * including unsigned markers. The `source` label of business metrics.
 */
export function trafficSource(req?: Pick<IncomingMessage, 'headers'>): 'user' | 'synthetic' {
  return trafficSourceWith(req, getTelemetry()?.config.syntheticKey);
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
