import { readFileSync } from 'node:fs';
import type { WarnFn } from '../diag.js';
import { DEFAULT_STUDENT_ID_PATTERN } from '../redact/redactor.js';
import {
  readBoolean, readEnum, readInteger, readKeyValues, readList, readNumber, readRegExp, readString, readUrl,
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

/** Instrumentations by the short names `OTEL_NODE_ENABLED_INSTRUMENTATIONS` uses. */
export const KNOWN_INSTRUMENTATIONS = [
  'http', 'express', 'undici', 'pg', 'mysql2', 'redis', 'ioredis', 'pino', 'fs', 'dns', 'net',
] as const;
export type InstrumentationName = (typeof KNOWN_INSTRUMENTATIONS)[number];

/** On unless disabled: http (client side; the server side is the built-in lean path), undici/fetch, databases, pino. */
export const DEFAULT_INSTRUMENTATIONS: readonly InstrumentationName[] = [
  'http', 'undici', 'pg', 'mysql2', 'redis', 'ioredis', 'pino',
];

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
  /** Prometheus endpoint; `null` disables it (`OTEL_EXPORTER_PROMETHEUS_HOST/_PORT`). */
  metrics?: { host?: string; port?: number; bearerToken?: string } | null;
  /** Distinct label sets per metric before folding into the overflow series (`ZEUS_METRICS_CARDINALITY_LIMIT`). */
  cardinalityLimit?: number;
  /** Instrumentations to turn on (short names), replacing the defaults. */
  instrumentations?: readonly InstrumentationName[];
  /** Paths neither traced nor counted in RED metrics (default /healthz, /readyz, /metrics). */
  excludePaths?: readonly string[];
  /** Extra FERPA field names, student-ID pattern and hash key. */
  redaction?: { fields?: readonly string[]; studentIdPattern?: RegExp | string; hashKey?: string };
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
  metrics: { host: string; port: number; bearerToken: string | undefined } | undefined;
  cardinalityLimit: number;
  instrumentations: InstrumentationName[];
  excludePaths: string[];
  redaction: { fields: string[]; studentIdPattern: RegExp; hashKey: string | undefined };
  shutdownTimeoutMs: number;
  handleSignals: boolean;
  diagLevel: string;
  logLevel: string;
}

type Env = Record<string, string | undefined>;

function readSecretFile(env: Env, name: string, warn: WarnFn): string | undefined {
  const path = readString(env, name);
  if (!path) return undefined;
  try {
    const text = readFileSync(path, 'utf8').trim();
    if (text) return text;
    warn(`${name} points at an empty file (${path}); continuing without it`);
  } catch (error) {
    warn(`${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); continuing without it`);
  }
  return undefined;
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

  const metricsExporter = readEnum(env, 'OTEL_METRICS_EXPORTER', ['prometheus', 'none'] as const, 'prometheus', warn);
  let metrics: ResolvedConfig['metrics'];
  if (options.metrics !== null && metricsExporter !== 'none') {
    metrics = {
      host: options.metrics?.host ?? readString(env, 'OTEL_EXPORTER_PROMETHEUS_HOST', '0.0.0.0'),
      port: options.metrics?.port ?? readInteger(env, 'OTEL_EXPORTER_PROMETHEUS_PORT', 9464, warn, { min: 0, max: 65535 }),
      bearerToken: options.metrics?.bearerToken ?? readSecretFile(env, 'ZEUS_METRICS_BEARER_TOKEN_FILE', warn),
    };
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
    metrics,
    cardinalityLimit:
      options.cardinalityLimit ?? readInteger(env, 'ZEUS_METRICS_CARDINALITY_LIMIT', 2000, warn, { min: 1, max: 1_000_000 }),
    instrumentations: options.instrumentations ? [...options.instrumentations] : instrumentationsFrom(env, warn),
    excludePaths: options.excludePaths
      ? [...options.excludePaths]
      : readList(env, 'ZEUS_TRACES_EXCLUDE_PATHS', ['/healthz', '/readyz', '/metrics']),
    redaction: {
      fields: [...(options.redaction?.fields ?? readList(env, 'ZEUS_REDACT_FIELDS', []))],
      studentIdPattern:
        options.redaction?.studentIdPattern !== undefined
          ? new RegExp(options.redaction.studentIdPattern)
          : readRegExp(env, 'ZEUS_STUDENT_ID_PATTERN', DEFAULT_STUDENT_ID_PATTERN, warn),
      hashKey: options.redaction?.hashKey ?? readSecretFile(env, 'ZEUS_REDACT_HASH_KEY_FILE', warn),
    },
    shutdownTimeoutMs:
      options.shutdownTimeoutMs ?? readInteger(env, 'ZEUS_SHUTDOWN_TIMEOUT_MS', 5000, warn, { min: 0, max: 600_000 }),
    handleSignals: options.handleSignals ?? true,
    diagLevel: readEnum(env, 'OTEL_LOG_LEVEL', ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] as const, 'warn', warn),
    logLevel: options.log?.level ?? readString(env, 'ZEUS_LOG_LEVEL', 'info'),
  };
}
