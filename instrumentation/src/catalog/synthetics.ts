import { PROBE_DURATION_BUCKETS } from './buckets.js';
import { defineMetric } from './types.js';

/**
 * Synthetic journeys, named as blackbox_exporter and Grafana Synthetic Monitoring name them so
 * existing dashboards and alerts understand them.
 */

/** Why a probe failed: a fixed set so the label stays bounded. */
export const PROBE_FAILURE_REASONS = [
  'timeout', 'navigation', 'http_5xx', 'http_4xx', 'assertion', 'auth', 'browser_crash',
] as const;

export const probeSuccess = defineMetric({
  name: 'probe_success', kind: 'gauge', unit: 'boolean',
  help: '1 if the journey\'s last run passed, else 0.', labels: { journey: 'free', location: 'free' }, producer: 'synthetics',
});
export const probeDuration = defineMetric({
  name: 'probe_duration_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Wall time of the journey\'s last run.', labels: { journey: 'free', location: 'free' }, producer: 'synthetics',
});
export const probeStepSuccess = defineMetric({
  name: 'probe_step_success', kind: 'gauge', unit: 'boolean',
  help: '1 if the step passed in the last run, else 0.', labels: { journey: 'free', step: 'free', location: 'free' }, producer: 'synthetics',
});
export const probeStepDuration = defineMetric({
  name: 'probe_step_duration_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Wall time of the step in the last run.', labels: { journey: 'free', step: 'free', location: 'free' }, producer: 'synthetics',
});
export const probeFailureReason = defineMetric({
  name: 'probe_failure_reason', kind: 'gauge', unit: 'boolean',
  help: '1 for the reason the journey\'s last run failed; all 0 after a pass.',
  labels: { journey: 'free', reason: PROBE_FAILURE_REASONS, location: 'free' }, producer: 'synthetics',
});
export const probeLastRun = defineMetric({
  name: 'probe_last_run_timestamp_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Unix time the journey last finished a run.', labels: { journey: 'free', location: 'free' }, producer: 'synthetics',
});
/** Runs as events, for the synthetic-journey success SLO (good = success). */
export const syntheticRuns = defineMetric({
  name: 'zeus_synthetics_runs_total', kind: 'counter', unit: 'runs',
  help: 'Completed journey runs (after retries), by result.',
  labels: { journey: 'free', location: 'free', result: ['success', 'failure'] }, producer: 'synthetics',
});
export const syntheticRunDuration = defineMetric({
  name: 'zeus_synthetics_run_duration_seconds', kind: 'histogram', unit: 'seconds',
  help: 'Distribution of journey run durations.',
  labels: { journey: 'free', location: 'free' }, buckets: PROBE_DURATION_BUCKETS, producer: 'synthetics',
});
