import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { catalogueRuntimeNames, registerRuntimeMetrics } from '../src/metrics/runtime.js';
import { renderMetrics } from '../src/metrics/exposition.js';

describe('runtime metrics', () => {
  it('exposes exactly the catalogue runtime entries, under their live prom-client names', async () => {
    const registry = new Registry();
    registerRuntimeMetrics(registry);
    const json = await registry.getMetricsAsJSON();
    const live = new Set(json.map((m) => m.name));
    expect([...live].sort()).toEqual([...catalogueRuntimeNames()].sort());
  });

  it('reports event-loop utilisation between 0 and 1 and samples for every gauge', async () => {
    const registry = new Registry();
    registerRuntimeMetrics(registry);
    const text = await renderMetrics(registry, false);
    const elu = /^nodejs_eventloop_utilization_ratio ([\d.e-]+)$/m.exec(text);
    expect(elu).not.toBeNull();
    expect(Number(elu![1])).toBeGreaterThanOrEqual(0);
    expect(Number(elu![1])).toBeLessThanOrEqual(1);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^nodejs_heap_space_size_used_bytes\{space="new"\} \d+/m);
  });
});
