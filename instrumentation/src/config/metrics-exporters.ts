import type { WarnFn } from '../diag.js';
import { readEnum, readInteger, readList, readUrl } from './env.js';

type Env = Record<string, string | undefined>;

/** Values of `OTEL_METRICS_EXPORTER` this package speaks (a comma-separated list of them). */
export const METRICS_EXPORTERS = ['prometheus', 'otlp', 'none'] as const;

const PROTOCOLS = ['http/protobuf', 'http/json'] as const;

/** OTLP metrics push: everything `/metrics` serves, sent by the OTel SDK's periodic reader. */
export interface OtlpMetricsConfig {
  /** `http/protobuf` (default) or `http/json` (`OTEL_EXPORTER_OTLP_METRICS_PROTOCOL`, else `OTEL_EXPORTER_OTLP_PROTOCOL`). */
  protocol: (typeof PROTOCOLS)[number];
  /** Full URL; undefined leaves it to the exporter's own reading of `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT`/`OTEL_EXPORTER_OTLP_ENDPOINT`. */
  endpoint: string | undefined;
  /** ms between pushes (`OTEL_METRIC_EXPORT_INTERVAL`, default 60000). */
  intervalMs: number;
  /** ms one push may take (`OTEL_METRIC_EXPORT_TIMEOUT`, default 30000; at most the interval). */
  timeoutMs: number;
}

/** Programmatic override of the OTLP metrics push (`null` turns it off). */
export type OtlpMetricsOption = Partial<OtlpMetricsConfig> | null | undefined;

/** Which metrics exporters `OTEL_METRICS_EXPORTER` asks for (default `prometheus`). */
export function metricsExportersFrom(env: Env, warn: WarnFn): { prometheus: boolean; otlp: boolean } {
  const names = readList(env, 'OTEL_METRICS_EXPORTER', ['prometheus']).map((n) => n.toLowerCase());
  const known = names.filter((n) => {
    if ((METRICS_EXPORTERS as readonly string[]).includes(n)) return true;
    warn(`OTEL_METRICS_EXPORTER names ${JSON.stringify(n)} (known: ${METRICS_EXPORTERS.join(', ')}); ignoring it`);
    return false;
  });
  const chosen = known.length > 0 ? known : ['prometheus'];
  if (chosen.includes('none')) return { prometheus: false, otlp: false };
  return { prometheus: chosen.includes('prometheus'), otlp: chosen.includes('otlp') };
}

/** The OTLP metrics push settings, or undefined when it is off. */
export function otlpMetricsFrom(option: OtlpMetricsOption, wanted: boolean, env: Env, warn: WarnFn): OtlpMetricsConfig | undefined {
  if (option === null || (!wanted && option === undefined)) return undefined;
  const general = readEnum(env, 'OTEL_EXPORTER_OTLP_PROTOCOL', [...PROTOCOLS, 'grpc'] as const, 'http/protobuf', warn);
  let protocol = option?.protocol ?? readEnum(env, 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', [...PROTOCOLS, 'grpc'] as const, general, warn);
  if (protocol === 'grpc') {
    warn('OTLP metrics over grpc are not shipped; using http/protobuf');
    protocol = 'http/protobuf';
  }
  const intervalMs = option?.intervalMs ?? readInteger(env, 'OTEL_METRIC_EXPORT_INTERVAL', 60_000, warn, { min: 100, max: 86_400_000 });
  const timeoutMs = Math.min(
    option?.timeoutMs ?? readInteger(env, 'OTEL_METRIC_EXPORT_TIMEOUT', 30_000, warn, { min: 1, max: 600_000 }),
    intervalMs,
  );
  const endpoint = option?.endpoint ?? readUrl(env, 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', undefined, warn);
  return { protocol, endpoint, intervalMs, timeoutMs };
}
