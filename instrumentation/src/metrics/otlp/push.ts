import type { createRequire } from 'node:module';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { Registry, RegistryContentType } from 'prom-client';
import { telemetryExportFailures } from '../../catalog/telemetry.js';
import type { OtlpMetricsConfig } from '../../config/metrics-exporters.js';
import type { MetricRecorder } from '../recorder.js';
import { createRegistryProducer } from './registry-producer.js';
import { createMetricsSerializer } from './serializer.js';

type Require = ReturnType<typeof createRequire>;

/** The running OTLP metrics push. */
export interface OtlpMetricsPush {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** What the push reports about each export, for the telemetry health metrics. */
export interface PushStats {
  failed(): void;
}

/** Failed pushes counted as `zeus_telemetry_export_failures_total{signal="metrics"}` (0 from the start). */
export function metricsPushStats(recorder: MetricRecorder): PushStats {
  const failures = recorder.counter(telemetryExportFailures);
  failures.inc({ signal: 'metrics' }, 0);
  return { failed: () => failures.inc({ signal: 'metrics' }) };
}

function createExporter(req: Require, config: OtlpMetricsConfig): PushMetricExporter {
  const { createOtlpHttpExportDelegate, convertLegacyHttpOptions } = req('@opentelemetry/otlp-exporter-base/node-http');
  const { OTLPMetricExporterBase } = req('@opentelemetry/exporter-metrics-otlp-http');
  const { MetricsExporterMetricsHelper } = req('@opentelemetry/otlp-transformer');
  const contentType = config.protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
  // The OTel exporter as its OTLPMetricExporter builds it (endpoint, headers, timeout,
  // compression and temporality from the standard OTEL_EXPORTER_OTLP_METRICS_* variables),
  // with a serializer that also writes exemplars.
  const options = convertLegacyHttpOptions(
    { url: config.endpoint, timeoutMillis: config.timeoutMs }, 'METRICS', 'v1/metrics', { 'Content-Type': contentType },
  );
  const delegate = createOtlpHttpExportDelegate(
    options, createMetricsSerializer(req, config.protocol), 'otlp_http_metric_exporter', MetricsExporterMetricsHelper, undefined,
  );
  return new OTLPMetricExporterBase(delegate, {});
}

/** Counts failed exports; everything else is the OTel exporter's own. */
function counting(exporter: PushMetricExporter, stats: PushStats): PushMetricExporter {
  return {
    export(metrics: ResourceMetrics, done) {
      exporter.export(metrics, (result) => {
        if (result.code !== 0) stats.failed();
        done(result);
      });
    },
    forceFlush: () => exporter.forceFlush(),
    shutdown: () => exporter.shutdown(),
    selectAggregationTemporality: exporter.selectAggregationTemporality?.bind(exporter),
    selectAggregation: exporter.selectAggregation?.bind(exporter),
  };
}

/**
 * Pushes the registry's metrics over OTLP/HTTP every `intervalMs` with the OpenTelemetry metrics
 * SDK: a MeterProvider with the process resource, a PeriodicExportingMetricReader whose producer
 * reads the registry, and the OTLP exporter. Its timer never keeps the process alive.
 */
export function startOtlpMetricsPush(
  registry: Registry<RegistryContentType>, config: OtlpMetricsConfig, resource: Record<string, string | number>,
  req: Require, stats: PushStats,
): OtlpMetricsPush {
  const sdk = req('@opentelemetry/sdk-metrics');
  const { resourceFromAttributes, defaultResource } = req('@opentelemetry/resources');
  const exporter = counting(createExporter(req, config), stats);
  const delta = (kind: 'counter' | 'histogram') =>
    exporter.selectAggregationTemporality?.(kind === 'counter' ? sdk.InstrumentType.COUNTER : sdk.InstrumentType.HISTOGRAM) ===
    sdk.AggregationTemporality.DELTA;
  const producer = createRegistryProducer(registry, { delta, scope: { name: '@zeus/instrumentation' } });
  const reader = new sdk.PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: config.intervalMs,
    exportTimeoutMillis: config.timeoutMs,
    metricProducers: [producer],
  });
  const provider = new sdk.MeterProvider({ resource: defaultResource().merge(resourceFromAttributes(resource)), readers: [reader] });
  return {
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
