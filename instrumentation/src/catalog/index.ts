/**
 * The metric catalogue: every metric the Zeus stack emits or queries. Dashboards, alerts, SLOs,
 * exporters and synthetics take metric names only from here, so a rename breaks the build
 * rather than a dashboard.
 */
import * as blackbox from './blackbox.js';
import * as business from './business.js';
import * as delivery from './delivery.js';
import * as exporter from './exporter.js';
import * as flags from './flags.js';
import * as http from './http.js';
import * as postgres from './postgres.js';
import * as node from './node.js';
import * as prometheus from './prometheus.js';
import * as resource from './resource.js';
import * as runtime from './runtime.js';
import * as synthetics from './synthetics.js';
import * as telemetry from './telemetry.js';
import type { MetricDefinition } from './types.js';

export * from './buckets.js';
export * from './blackbox.js';
export * from './business.js';
export * from './delivery.js';
export * from './exporter.js';
export * from './flags.js';
export * from './http.js';
export * from './postgres.js';
export * from './node.js';
export * from './prometheus.js';
export * from './resource.js';
export * from './runtime.js';
export * from './synthetics.js';
export * from './telemetry.js';
export * from './types.js';

function definitionsOf(module: Record<string, unknown>): MetricDefinition[] {
  return Object.values(module).filter(
    (value): value is MetricDefinition =>
      typeof value === 'object' && value !== null && 'name' in value && 'kind' in value && 'producer' in value,
  );
}

/** Every catalogue entry, sorted by name. */
export const ALL_METRICS: readonly MetricDefinition[] = [
  ...definitionsOf(http),
  ...definitionsOf(runtime),
  ...definitionsOf(telemetry),
  ...definitionsOf(resource),
  ...definitionsOf(business),
  ...definitionsOf(delivery),
  ...definitionsOf(exporter),
  ...definitionsOf(flags),
  ...definitionsOf(synthetics),
  ...definitionsOf(prometheus),
  ...definitionsOf(postgres),
  ...definitionsOf(node),
  ...definitionsOf(blackbox),
].sort((a, b) => a.name.localeCompare(b.name));

/** Catalogue entry by metric name. */
export const METRICS_BY_NAME: ReadonlyMap<string, MetricDefinition> = new Map(
  ALL_METRICS.map((definition) => [definition.name, definition]),
);

/**
 * Finds the catalogue entry that owns a stored series name (`foo_bucket` belongs to histogram
 * `foo`); undefined when the series is not in the catalogue.
 */
export function metricForSeries(series: string): MetricDefinition | undefined {
  const direct = METRICS_BY_NAME.get(series);
  if (direct) return direct;
  const match = /^(.*)_(bucket|sum|count)$/.exec(series);
  if (!match) return undefined;
  const base = METRICS_BY_NAME.get(match[1]!);
  return base?.kind === 'histogram' ? base : undefined;
}
