import { performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { collectDefaultMetrics, Gauge, type Registry, type RegistryContentType } from 'prom-client';
import { ALL_METRICS } from '../catalog/index.js';
import { nodejsEventloopUtilizationRatio, nodejsHeapSpaceSizeUsedBytes } from '../catalog/runtime.js';

/** Names of the runtime metrics the catalogue lists; the live registry exposes exactly these. */
export function catalogueRuntimeNames(): Set<string> {
  return new Set(ALL_METRICS.filter((m) => m.producer === 'runtime').map((m) => m.name));
}

/**
 * Registers Node runtime metrics: prom-client's defaults (CPU, RSS, heap, GC, event-loop lag,
 * handles) restricted to the catalogue's runtime entries, plus event-loop utilisation since
 * the previous scrape. Returns the names registered.
 */
export function registerRuntimeMetrics(registry: Registry<RegistryContentType>): string[] {
  const wanted = catalogueRuntimeNames();
  const before = new Set(registry.getMetricsAsArray().map((m) => (m as unknown as { name: string }).name));
  collectDefaultMetrics({ register: registry as Registry, eventLoopMonitoringPrecision: 20 });
  for (const metric of registry.getMetricsAsArray()) {
    const name = (metric as unknown as { name: string }).name;
    // prom-client fills the heap-space gauges from the (unwanted) `_total` gauge's collect, so
    // the wanted one is replaced by a self-contained gauge below.
    if (!before.has(name) && (!wanted.has(name) || name === nodejsHeapSpaceSizeUsedBytes.name)) registry.removeSingleMetric(name);
  }
  if (!registry.getSingleMetric(nodejsHeapSpaceSizeUsedBytes.name)) {
    new Gauge({
      name: nodejsHeapSpaceSizeUsedBytes.name,
      help: nodejsHeapSpaceSizeUsedBytes.help,
      labelNames: ['space'],
      registers: [registry as Registry],
      collect() {
        for (const space of getHeapSpaceStatistics()) {
          this.set({ space: space.space_name.replace(/_space$/, '') }, space.space_used_size);
        }
      },
    });
  }
  let last = performance.eventLoopUtilization();
  if (!registry.getSingleMetric(nodejsEventloopUtilizationRatio.name)) {
    new Gauge({
      name: nodejsEventloopUtilizationRatio.name,
      help: nodejsEventloopUtilizationRatio.help,
      registers: [registry as Registry],
      collect() {
        const now = performance.eventLoopUtilization();
        const delta = performance.eventLoopUtilization(now, last);
        last = now;
        this.set(Number.isFinite(delta.utilization) ? delta.utilization : 0);
      },
    });
  }
  return registry
    .getMetricsAsArray()
    .map((m) => (m as unknown as { name: string }).name)
    .filter((name) => wanted.has(name));
}
