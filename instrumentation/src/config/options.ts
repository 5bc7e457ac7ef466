import type { WarnFn } from '../diag.js';
import { readSyntheticKey } from '../http/synthetic-marker.js';
import { DEFAULT_MAX_VALUE_LENGTH, studentIdPatternProblem } from '../redact/index.js';
import { DEFAULT_INSTRUMENTATIONS, KNOWN_INSTRUMENTATIONS, type InstrumentationName } from '../traces/instrumentation-names.js';
import { metricsExportersFrom, otlpMetricsFrom, type OtlpMetricsConfig, type OtlpMetricsOption } from './metrics-exporters.js';
import {
  readBoolean, readEnum, readInteger, readKeyValues, readList, readNumber, readSecretFile, readString, readUrl,
} from './env.js';

/** Samplers of `OTEL_TRACES_SAMPLER`. */
export const SAMPLERS = [
  'always_on', 'always_off', 'traceidratio',
  'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio',
] as const;
export type SamplerName = (typeof SAMPLERS)[number];

/** Protocols of `OTEL_EXPORTER_OTLP_PROTOCOL` this package speaks. */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

export { DEFAULT_INSTRUMENTATIONS, KNOWN_INSTRUMENTATIONS, type InstrumentationName } from '../traces/instrumentation-names.js';

/** Default trace ratio when `OTEL_TRACES_SAMPLER_ARG` is unset: the production default. */
export const DEFAULT_SAMPLER_RATIO = 0.1;

/** Programmatic options of `startTelemetry`; each overrides its environment variable. */
export interface TelemetryOptions {
  /** `service.name` (`OTEL_SERVICE_NAME`). */
  serviceName?: string;
  /** `service.version` (default from `OTEL_RESOURCE_ATTRIBUTES`, else `npm_package_version`). */
  serviceVersion?: string;
  /** Owning team, resource attribute `zeus.team` (`ZEUS_TEAM`). */
  team?: string;
  /** Extra resource attributes (merged over `OTEL_RESOURCE_ATTRIBUTES`). */
  resourceAttributes?: Record<string, string>;
  /** Disables everything but the logger (`OTEL_SDK_DISABLED`). */
  disabled?: boolean;
  /** OTLP traces endpoint, full URL including `/v1/traces`; `null` disables trace export. */
  tracesEndpoint?: string | null;
  /** `http/protobuf` (default) or `http/json` (`OTEL_EXPORTER_OTLP_PROTOCOL`). */
  protocol?: OtlpProtocol;
  /** Sampler and its ratio (`OTEL_TRACES_SAMPLER`, `OTEL_TRACES_SAMPLER_ARG`). */
  sampler?: SamplerName;
  samplerRatio?: number;
  /**
   * Prometheus endpoint; `null` disables it (`OTEL_EXPORTER_PROMETHEUS_HOST/_PORT`). A
   * `bearerToken` (`ZEUS_METRICS_BEARER_TOKEN_FILE`) is required from scrapers; an empty one
   * means every scrape is refused.
   */
  metrics?: { host?: string; port?: number; bearerToken?: string } | null;
  /** OTLP metrics push, on when given (or by `OTEL_METRICS_EXPORTER=otlp`); `null` turns it off. */
  otlpMetrics?: OtlpMetricsOption;
  /** Distinct label sets per metric before folding into the overflow series (`ZEUS_METRICS_CARDINALITY_LIMIT`). */
  cardinalityLimit?: number;
  /** Instrumentations to turn on (short names), replacing the defaults. */
  instrumentations?: readonly InstrumentationName[];
  /** Paths neither traced nor counted in RED metrics (default /healthz, /readyz, /metrics). */
  excludePaths?: readonly string[];
  /** FERPA redaction settings (see README: field names, student-ID pattern, allowlists, length limit, hash key). */
  redaction?: {
    fields?: readonly string[];
    safeFields?: readonly string[];
    studentIdPattern?: RegExp | string;
    queryAllowlist?: readonly string[];
    captureHeaders?: readonly string[];
    maxValueLength?: number;
    hashKey?: string;
  };
  /**
   * Honour the sampled flag of incoming `traceparent` and forward incoming `baggage`
   * (`ZEUS_TRUST_UPSTREAM_TRACE`, default false): only for services that clients cannot reach
   * directly. When false, a client's sampled flag is ignored (the local sampler decides) and its
   * baggage is dropped.
   */
  trustUpstreamTrace?: boolean;
  /** HMAC key that authenticates the synthetic-traffic marker (`ZEUS_SYNTHETIC_KEY_FILE`). */
  syntheticKey?: string;
  /** Flush time allowed on SIGTERM/SIGINT, ms (`ZEUS_SHUTDOWN_TIMEOUT_MS`, default 5000). */
  shutdownTimeoutMs?: number;
  /** Install SIGTERM/SIGINT handlers that flush telemetry (default true). */
  handleSignals?: boolean;
  /** Write the one-line start-up summary and warnings (default true). */
  log?: { level?: string };
}

/** Every setting after options, environment and defaults are merged. */
export interface ResolvedConfig {
  disabled: boolean;
  serviceName: string;
  resource: Record<string, string>;
  tracesEndpoint: string | undefined;
  protocol: OtlpProtocol;
  otlpHeaders: Record<string, string>;
  otlpTimeoutMs: number;
  sampler: SamplerName;
  samplerRatio: number;
  propagators: string[];
  bsp: { scheduleDelayMs: number; exportTimeoutMs: number; maxQueueSize: number; maxExportBatchSize: number };
  /** `requireAuth` with no `bearerToken`: the token file is set but unusable, so every scrape is refused. */
  metrics: { host: string; port: number; bearerToken: string | undefined; requireAuth: boolean } | undefined;
  /** OTLP metrics push (`OTEL_METRICS_EXPORTER=otlp` or `prometheus,otlp`), else undefined. */
  otlpMetrics: OtlpMetricsConfig | undefined;
  cardinalityLimit: number;
  instrumentations: InstrumentationName[];
  excludePaths: string[];
  redaction: {
    fields: string[];
    safeFields: string[];
    studentIdPattern: string | undefined;
    queryAllowlist: string[] | undefined;
    captureHeaders: string[] | undefined;
    maxValueLength: number;
    hashKey: string | undefined;
  };
  trustUpstreamTrace: boolean;
  syntheticKey: string | undefined;
  shutdownTimeoutMs: number;
  handleSignals: boolean;
  diagLevel: string;
  logLevel: string;
}

type Env = Record<string, string | undefined>;

function metricsFrom(options: TelemetryOptions, env: Env, warn: WarnFn): ResolvedConfig['metrics'] {
  if (options.metrics === null || !metricsExportersFrom(env, () => {}).prometheus) return undefined;
  const given = options.metrics?.bearerToken;
  const file = given === undefined
    ? readSecretFile(env, 'ZEUS_METRICS_BEARER_TOKEN_FILE', warn, 'every scrape of /metrics is refused (401) until the file holds a token')
    : { set: true, value: given.trim() || undefined };
  if (given !== undefined && !file.value) warn('metrics.bearerToken is empty; every scrape of /metrics is refused (401)');
  return {
    host: options.metrics?.host ?? readString(env, 'OTEL_EXPORTER_PROMETHEUS_HOST', '0.0.0.0'),
    port: options.metrics?.port ?? readInteger(env, 'OTEL_EXPORTER_PROMETHEUS_PORT', 9464, warn, { min: 0, max: 65535 }),
    bearerToken: file.value,
    requireAuth: file.set,
  };
}

/** The configured student-ID pattern if usable; an unusable one warns, and the default is used. */
function studentIdPatternFrom(options: TelemetryOptions, env: Env, warn: WarnFn): string | undefined {
  const given = options.redaction?.studentIdPattern;
  const source = given !== undefined ? (typeof given === 'string' ? given : given.source) : readString(env, 'ZEUS_STUDENT_ID_PATTERN');
  if (!source) return undefined;
  const problem = studentIdPatternProblem(source);
  if (!problem) return source;
  const name = given !== undefined ? 'redaction.studentIdPattern' : 'ZEUS_STUDENT_ID_PATTERN';
  warn(`${name}=${JSON.stringify(source)} is unusable: ${problem}; using the default student-ID pattern`);
  return undefined;
}

function listOrUndefined(env: Env, name: string): string[] | undefined {
  return env[name]?.trim() ? readList(env, name, []) : undefined;
}

function redactionFrom(options: TelemetryOptions, env: Env, warn: WarnFn): ResolvedConfig['redaction'] {
  const given = options.redaction ?? {};
  const length = given.maxValueLength;
  return {
    fields: [...(given.fields ?? readList(env, 'ZEUS_REDACT_FIELDS', []))],
    safeFields: [...(given.safeFields ?? readList(env, 'ZEUS_REDACT_SAFE_FIELDS', []))],
    studentIdPattern: studentIdPatternFrom(options, env, warn),
    queryAllowlist: given.queryAllowlist ? [...given.queryAllowlist] : listOrUndefined(env, 'ZEUS_REDACT_QUERY_ALLOWLIST'),
    captureHeaders: given.captureHeaders ? [...given.captureHeaders] : listOrUndefined(env, 'ZEUS_CAPTURE_HEADERS'),
    maxValueLength: length !== undefined && Number.isInteger(length) && length >= 64
      ? length
      : readInteger(env, 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', DEFAULT_MAX_VALUE_LENGTH, warn, { min: 64, max: 1_000_000 }),
    hashKey: given.hashKey ?? readSecretFile(env, 'ZEUS_REDACT_HASH_KEY_FILE', warn, 'emails and IDs are replaced by fixed markers instead of hashes').value,
  };
}

function tracesEndpointFrom(env: Env, warn: WarnFn): string | undefined {
  const specific = readUrl(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', undefined, warn);
  if (specific) return specific;
  const base = readUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', 'http://localhost:4318', warn)!;
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

function instrumentationsFrom(env: Env, warn: WarnFn): InstrumentationName[] {
  const known = new Set<string>(KNOWN_INSTRUMENTATIONS);
  const check = (name: string, list: string[]) =>
    list.filter((n) => {
      if (known.has(n)) return true;
      warn(`${name} names an unknown instrumentation ${JSON.stringify(n)} (known: ${KNOWN_INSTRUMENTATIONS.join(', ')}); ignoring it`);
      return false;
    }) as InstrumentationName[];
  const enabled = env.OTEL_NODE_ENABLED_INSTRUMENTATIONS?.trim()
    ? check('OTEL_NODE_ENABLED_INSTRUMENTATIONS', readList(env, 'OTEL_NODE_ENABLED_INSTRUMENTATIONS', []))
    : [...DEFAULT_INSTRUMENTATIONS];
  const disabled = new Set(check('OTEL_NODE_DISABLED_INSTRUMENTATIONS', readList(env, 'OTEL_NODE_DISABLED_INSTRUMENTATIONS', [])));
  return enabled.filter((n) => !disabled.has(n));
}

/** Merges options over the environment over defaults; bad values warn once and fall back. */
export function resolveConfig(options: TelemetryOptions, env: Env, warn: WarnFn): ResolvedConfig {
  const resourceFromEnv = readKeyValues(env, 'OTEL_RESOURCE_ATTRIBUTES', warn);
  const serviceName =
    options.serviceName ?? readString(env, 'OTEL_SERVICE_NAME') ?? resourceFromEnv['service.name'] ?? 'unknown_service:node';
  const resource: Record<string, string> = { ...resourceFromEnv, ...(options.resourceAttributes ?? {}) };
  resource['service.name'] = serviceName;
  const version = options.serviceVersion ?? resource['service.version'] ?? readString(env, 'npm_package_version');
  if (version) resource['service.version'] = version;
  resource['service.namespace'] ??= readString(env, 'ZEUS_SERVICE_NAMESPACE', 'zeus');
  const environment = resource['deployment.environment.name'] ?? resource['deployment.environment'] ?? readString(env, 'NODE_ENV');
  if (environment) resource['deployment.environment.name'] = environment;
  const team = options.team ?? readString(env, 'ZEUS_TEAM') ?? resource['zeus.team'];
  resource['zeus.team'] = team ?? 'unowned';

  const tracesExporter = readEnum(env, 'OTEL_TRACES_EXPORTER', ['otlp', 'none'] as const, 'otlp', warn);
  const tracesEndpoint =
    options.tracesEndpoint === null ? undefined
    : options.tracesEndpoint ?? (tracesExporter === 'none' ? undefined : tracesEndpointFrom(env, warn));
  const protocolDefault = readEnum(env, 'OTEL_EXPORTER_OTLP_PROTOCOL', OTLP_PROTOCOLS, 'http/protobuf', warn);
  const protocol = options.protocol ?? readEnum(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', OTLP_PROTOCOLS, protocolDefault, warn);

  const sampler = options.sampler ?? readEnum(env, 'OTEL_TRACES_SAMPLER', SAMPLERS, 'parentbased_traceidratio', warn);
  const samplerRatio =
    options.samplerRatio ?? readNumber(env, 'OTEL_TRACES_SAMPLER_ARG', DEFAULT_SAMPLER_RATIO, warn, { min: 0, max: 1 });

  const propagators = readList(env, 'OTEL_PROPAGATORS', ['tracecontext', 'baggage']).filter((p) => {
    if (p === 'tracecontext' || p === 'baggage' || p === 'none') return true;
    warn(`OTEL_PROPAGATORS names ${JSON.stringify(p)}, which this package does not ship; ignoring it`);
    return false;
  });

  const maxQueueSize = readInteger(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 2048, warn, { min: 1, max: 1_000_000 });
  let maxExportBatchSize = readInteger(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512, warn, { min: 1, max: 1_000_000 });
  if (maxExportBatchSize > maxQueueSize) {
    warn(`OTEL_BSP_MAX_EXPORT_BATCH_SIZE (${maxExportBatchSize}) exceeds OTEL_BSP_MAX_QUEUE_SIZE (${maxQueueSize}); using ${maxQueueSize}`);
    maxExportBatchSize = maxQueueSize;
  }

  return {
    disabled: options.disabled ?? readBoolean(env, 'OTEL_SDK_DISABLED', false, warn),
    serviceName,
    resource,
    tracesEndpoint,
    protocol,
    otlpHeaders: {
      ...readKeyValues(env, 'OTEL_EXPORTER_OTLP_HEADERS', warn),
      ...readKeyValues(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', warn),
    },
    otlpTimeoutMs: readInteger(env, 'OTEL_EXPORTER_OTLP_TIMEOUT', 10_000, warn, { min: 1, max: 600_000 }),
    sampler,
    samplerRatio,
    propagators,
    bsp: {
      scheduleDelayMs: readInteger(env, 'OTEL_BSP_SCHEDULE_DELAY', 5000, warn, { min: 0, max: 3_600_000 }),
      exportTimeoutMs: readInteger(env, 'OTEL_BSP_EXPORT_TIMEOUT', 30_000, warn, { min: 1, max: 3_600_000 }),
      maxQueueSize,
      maxExportBatchSize,
    },
    metrics: metricsFrom(options, env, warn),
    otlpMetrics: otlpMetricsFrom(options.otlpMetrics, metricsExportersFrom(env, warn).otlp, env, warn),
    cardinalityLimit:
      options.cardinalityLimit ?? readInteger(env, 'ZEUS_METRICS_CARDINALITY_LIMIT', 2000, warn, { min: 1, max: 1_000_000 }),
    instrumentations: options.instrumentations ? [...options.instrumentations] : instrumentationsFrom(env, warn),
    excludePaths: options.excludePaths
      ? [...options.excludePaths]
      : readList(env, 'ZEUS_TRACES_EXCLUDE_PATHS', ['/healthz', '/readyz', '/metrics']),
    redaction: redactionFrom(options, env, warn),
    trustUpstreamTrace: options.trustUpstreamTrace ?? readBoolean(env, 'ZEUS_TRUST_UPSTREAM_TRACE', false, warn),
    syntheticKey: options.syntheticKey ?? readSyntheticKey(env, warn),
    shutdownTimeoutMs:
      options.shutdownTimeoutMs ?? readInteger(env, 'ZEUS_SHUTDOWN_TIMEOUT_MS', 5000, warn, { min: 0, max: 600_000 }),
    handleSignals: options.handleSignals ?? true,
    diagLevel: readEnum(env, 'OTEL_LOG_LEVEL', ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] as const, 'warn', warn),
    logLevel: options.log?.level ?? readString(env, 'ZEUS_LOG_LEVEL', 'info'),
  };
}
