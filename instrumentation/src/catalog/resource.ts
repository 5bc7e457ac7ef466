import { defineMetric } from './types.js';

/**
 * The process's OpenTelemetry resource as one Prometheus series (OTel–Prometheus compatibility:
 * an SDK's pull endpoint exposes its resource attributes as the labels of a single `target_info`
 * info metric, value 1, and adds them to no other metric). Attribute names become label names
 * with every character outside `[a-zA-Z0-9_]` replaced by `_`. The labels listed are the ones
 * this package always or usually sets; any other resource attribute (from
 * `OTEL_RESOURCE_ATTRIBUTES`) is a label too. Join on the target: `* on (job, instance)
 * group_left (service_version) target_info`. Over OTLP the resource travels as the resource
 * itself, and the receiver makes `job` of `service.namespace`/`service.name`.
 */
export const targetInfo = defineMetric({
  name: 'target_info', kind: 'gauge', unit: 'info',
  help: 'Target metadata: the OpenTelemetry resource attributes of this process (value 1).',
  labels: {
    service_name: 'free',
    service_namespace: 'free',
    service_version: 'free',
    deployment_environment_name: 'free',
    zeus_team: 'free',
    host_name: 'free',
    process_pid: 'free',
    process_runtime_name: 'free',
    process_runtime_version: 'free',
  },
  producer: 'instrumentation',
});
