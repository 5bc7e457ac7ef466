import {
  PROBE_FAILURE_REASONS,
  probeDuration,
  probeFailureReason,
  probeLastRun,
  probeStepDuration,
  probeStepSuccess,
  probeSuccess,
  syntheticRunDuration,
  syntheticRuns,
  type MetricDefinition,
} from '@zeus/instrumentation/catalog';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RunResult } from './types.js';

/** The prober's metrics, recorded from run results. */
export interface SyntheticsMetrics {
  /** Creates a journey's counters at 0 before its first run, so `rate()` and `increase()` see the first failure. */
  declare(journey: string, location: string): void;
  /** Records a finished run (retries included); skipped runs are ignored. */
  record(result: RunResult): void;
}

function labelNames(definition: MetricDefinition): string[] {
  return Object.keys(definition.labels);
}

function gauge(registry: Registry, definition: MetricDefinition): Gauge<string> {
  return new Gauge({ name: definition.name, help: definition.help, labelNames: labelNames(definition), registers: [registry] });
}

/**
 * Registers the synthetics metrics of the catalogue in `registry`: blackbox-compatible
 * `probe_success` and `probe_duration_seconds`, per-step success and duration, the failure
 * reason, the last run time, and the run counter and histogram behind the synthetic-journey SLO.
 */
export function createSyntheticsMetrics(registry: Registry): SyntheticsMetrics {
  const success = gauge(registry, probeSuccess);
  const duration = gauge(registry, probeDuration);
  const stepSuccess = gauge(registry, probeStepSuccess);
  const stepDuration = gauge(registry, probeStepDuration);
  const failureReason = gauge(registry, probeFailureReason);
  const lastRun = gauge(registry, probeLastRun);
  const runs = new Counter({ name: syntheticRuns.name, help: syntheticRuns.help, labelNames: labelNames(syntheticRuns), registers: [registry] });
  const runDuration = new Histogram({
    name: syntheticRunDuration.name,
    help: syntheticRunDuration.help,
    labelNames: labelNames(syntheticRunDuration),
    buckets: [...(syntheticRunDuration.buckets ?? [])],
    registers: [registry],
  });
  const declared = new Set<string>();
  /** Steps that have a series, per journey and location, so skipped steps' series are removed. */
  const stepSeries = new Map<string, Set<string>>();

  function declare(journey: string, location: string): void {
    const key = `${journey}\u0000${location}`;
    if (declared.has(key)) return;
    declared.add(key);
    for (const result of syntheticRuns.labels.result) runs.inc({ journey, location, result }, 0);
    for (const reason of PROBE_FAILURE_REASONS) failureReason.set({ journey, location, reason }, 0);
  }

  return {
    declare,
    record(result) {
      if (result.skipped !== undefined) return;
      const { journey, location } = result;
      declare(journey, location);
      const labels = { journey, location };
      success.set(labels, result.success ? 1 : 0);
      duration.set(labels, result.durationMs / 1000);
      lastRun.set(labels, result.finishedAt / 1000);
      runs.inc({ ...labels, result: result.success ? 'success' : 'failure' });
      runDuration.observe(labels, result.durationMs / 1000);
      for (const reason of PROBE_FAILURE_REASONS) failureReason.set({ ...labels, reason }, result.failure?.reason === reason ? 1 : 0);
      const key = `${journey}\u0000${location}`;
      const seen = stepSeries.get(key) ?? new Set<string>();
      const now = new Set<string>();
      for (const step of result.steps) {
        if (step.status === 'skipped') continue;
        now.add(step.name);
        stepSuccess.set({ ...labels, step: step.name }, step.status === 'passed' ? 1 : 0);
        stepDuration.set({ ...labels, step: step.name }, step.durationMs / 1000);
      }
      for (const step of seen) {
        if (!now.has(step)) {
          stepSuccess.remove({ ...labels, step });
          stepDuration.remove({ ...labels, step });
        }
      }
      stepSeries.set(key, now);
    },
  };
}
