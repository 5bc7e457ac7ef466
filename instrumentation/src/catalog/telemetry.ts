import { defineMetric } from './types.js';

/** The instrumentation's own health: is telemetry getting out, and what is it losing. */

export const telemetrySpansExported = defineMetric({
  name: 'zeus_telemetry_spans_exported_total', kind: 'counter', unit: 'spans',
  help: 'Spans the exporter delivered to the OTLP endpoint.', labels: {}, producer: 'instrumentation',
});
export const telemetrySpansDropped = defineMetric({
  name: 'zeus_telemetry_spans_dropped_total', kind: 'counter', unit: 'spans',
  help: 'Spans lost before delivery, by reason.',
  labels: { reason: ['queue_full', 'export_failed', 'shutdown'] }, producer: 'instrumentation',
});
export const telemetryExportFailures = defineMetric({
  name: 'zeus_telemetry_export_failures_total', kind: 'counter', unit: 'exports',
  help: 'Failed export batches, by signal.',
  labels: { signal: ['traces', 'logs', 'metrics'] }, producer: 'instrumentation',
});
export const telemetryLastExportSuccess = defineMetric({
  name: 'zeus_telemetry_last_export_success_timestamp_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Unix time of the last successful span export (0 before the first).', labels: {}, producer: 'instrumentation',
});
export const telemetrySpanQueueSize = defineMetric({
  name: 'zeus_telemetry_span_queue_size', kind: 'gauge', unit: 'spans',
  help: 'Spans waiting in the batch processor queue.', labels: {}, producer: 'instrumentation',
});
export const telemetryCardinalityOverflow = defineMetric({
  name: 'zeus_telemetry_cardinality_overflow_total', kind: 'counter', unit: 'observations',
  help: 'Observations folded into the overflow series because a metric hit its cardinality cap.',
  labels: { metric: 'free' }, producer: 'instrumentation',
});
export const telemetrySetupProblems = defineMetric({
  name: 'zeus_telemetry_setup_problems', kind: 'gauge', unit: 'boolean',
  help: 'Set-up problems found at start, 1 while present: instrumented modules loaded before the loader, an ES module app without --import, two copies of @opentelemetry/api.',
  labels: { problem: ['loaded_before_instrumentation', 'esm_without_import', 'duplicate_otel_api'] }, producer: 'instrumentation',
});
