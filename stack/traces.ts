/** Where the reference services of the local stack send their spans, and the line that says so. */
export interface TraceExport {
  /** Environment for the services (`OTEL_*`), on top of what they inherit. */
  readonly env: Record<string, string>;
  readonly note: string;
}

/**
 * The services' trace export: to `otlpEndpoint` when given (`--otlp-endpoint`, an OpenTelemetry
 * Collector's OTLP/HTTP base URL), to an endpoint already set in the inherited environment, else
 * nowhere (`OTEL_TRACES_EXPORTER=none`): with no trace backend, every export would fail, count
 * as dropped spans and raise `ZeusTelemetrySpansDropped` on a healthy stack. Trace IDs still
 * reach logs and exemplars either way. Pure.
 */
export function traceExport(otlpEndpoint: string | undefined, inherited: NodeJS.ProcessEnv): TraceExport {
  if (otlpEndpoint) {
    return { env: { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint.replace(/\/+$/, '') }, note: `traces → ${otlpEndpoint} (OTLP/HTTP)` };
  }
  const configured = inherited.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || inherited.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (inherited.OTEL_TRACES_EXPORTER !== 'none' && configured) return { env: {}, note: `traces → ${configured} (from the environment)` };
  return { env: { OTEL_TRACES_EXPORTER: 'none' }, note: 'traces not exported (no trace backend; --otlp-endpoint URL sends them to a Collector)' };
}
