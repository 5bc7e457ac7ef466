import { GC_DURATION_BUCKETS } from './buckets.js';
import { defineMetric } from './types.js';

// Names below are the ones prom-client's collectDefaultMetrics() writes; a test checks that the
// live registry and this list agree, so an upgrade that renames one fails the build.

export const processCpuSecondsTotal = defineMetric({
  name: 'process_cpu_seconds_total', kind: 'counter', unit: 'seconds',
  help: 'Total user and system CPU time spent in seconds.', labels: {}, producer: 'runtime',
});
export const processCpuUserSecondsTotal = defineMetric({
  name: 'process_cpu_user_seconds_total', kind: 'counter', unit: 'seconds',
  help: 'Total user CPU time spent in seconds.', labels: {}, producer: 'runtime',
});
export const processCpuSystemSecondsTotal = defineMetric({
  name: 'process_cpu_system_seconds_total', kind: 'counter', unit: 'seconds',
  help: 'Total system CPU time spent in seconds.', labels: {}, producer: 'runtime',
});
export const processResidentMemoryBytes = defineMetric({
  name: 'process_resident_memory_bytes', kind: 'gauge', unit: 'bytes',
  help: 'Resident memory size in bytes.', labels: {}, producer: 'runtime',
});
export const processStartTimeSeconds = defineMetric({
  name: 'process_start_time_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Start time of the process since unix epoch in seconds.', labels: {}, producer: 'runtime',
});
export const processOpenFds = defineMetric({
  name: 'process_open_fds', kind: 'gauge', unit: 'descriptors',
  help: 'Number of open file descriptors.', labels: {}, producer: 'runtime',
});
export const processMaxFds = defineMetric({
  name: 'process_max_fds', kind: 'gauge', unit: 'descriptors',
  help: 'Maximum number of open file descriptors.', labels: {}, producer: 'runtime',
});
export const nodejsEventloopLagSeconds = defineMetric({
  name: 'nodejs_eventloop_lag_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Lag of event loop in seconds.', labels: {}, producer: 'runtime',
});
export const nodejsEventloopLagP99Seconds = defineMetric({
  name: 'nodejs_eventloop_lag_p99_seconds', kind: 'gauge', unit: 'seconds',
  help: 'The 99th percentile of the recorded event loop delays.', labels: {}, producer: 'runtime',
});
export const nodejsEventloopLagMeanSeconds = defineMetric({
  name: 'nodejs_eventloop_lag_mean_seconds', kind: 'gauge', unit: 'seconds',
  help: 'The mean of the recorded event loop delays.', labels: {}, producer: 'runtime',
});
/** Not a prom-client default: written by @zeus/instrumentation from `performance.eventLoopUtilization()`. */
export const nodejsEventloopUtilizationRatio = defineMetric({
  name: 'nodejs_eventloop_utilization_ratio', kind: 'gauge', unit: 'ratio',
  help: 'Share of time the event loop was busy since the previous scrape (0-1).', labels: {}, producer: 'runtime',
});
/**
 * prom-client's per-type gauge. Its `nodejs_active_handles_total` twin is a gauge with a counter's
 * suffix, which `promtool check metrics` rejects; it is left out, and `sum()` of this one is the total.
 */
export const nodejsActiveHandles = defineMetric({
  name: 'nodejs_active_handles', kind: 'gauge', unit: 'handles',
  help: 'Number of active libuv handles grouped by handle type. Every handle type is C++ class name.', labels: { type: 'free' }, producer: 'runtime',
});
/** prom-client's per-type gauge (see {@link nodejsActiveHandles}); no series while no request is in flight. */
export const nodejsActiveRequests = defineMetric({
  name: 'nodejs_active_requests', kind: 'gauge', unit: 'requests',
  help: 'Number of active libuv requests grouped by request type. Every request type is C++ class name.', labels: { type: 'free' }, producer: 'runtime',
});
export const nodejsHeapSizeTotalBytes = defineMetric({
  name: 'nodejs_heap_size_total_bytes', kind: 'gauge', unit: 'bytes',
  help: 'Process heap size from Node.js in bytes.', labels: {}, producer: 'runtime',
});
export const nodejsHeapSizeUsedBytes = defineMetric({
  name: 'nodejs_heap_size_used_bytes', kind: 'gauge', unit: 'bytes',
  help: 'Process heap size used from Node.js in bytes.', labels: {}, producer: 'runtime',
});
export const nodejsExternalMemoryBytes = defineMetric({
  name: 'nodejs_external_memory_bytes', kind: 'gauge', unit: 'bytes',
  help: 'Node.js external memory size in bytes.', labels: {}, producer: 'runtime',
});
export const nodejsHeapSpaceSizeUsedBytes = defineMetric({
  name: 'nodejs_heap_space_size_used_bytes', kind: 'gauge', unit: 'bytes',
  help: 'Process heap space size used from Node.js in bytes.', labels: { space: 'free' }, producer: 'runtime',
});
export const nodejsGcDurationSeconds = defineMetric({
  name: 'nodejs_gc_duration_seconds', kind: 'histogram', unit: 'seconds',
  help: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
  labels: { kind: ['major', 'minor', 'incremental', 'weakcb'] },
  buckets: GC_DURATION_BUCKETS, producer: 'runtime',
});
