import { prometheusClient, type Fetch, type Labels, type Sample } from '../promql/index.js';
import type { ResourceSample } from './forecast.js';
import { RESOURCE_KINDS, resourceQueries, type ResourceKind } from './resources.js';

const key = (labels: Labels, by: readonly string[]) => by.map((l) => labels[l] ?? '').join(' ');

/** Samples of one kind: resources with a capacity and a free amount; a missing slope (too little history) counts as flat. */
function joinKind(kind: ResourceKind, capacity: readonly Sample[], free: readonly Sample[], slope: readonly Sample[]): ResourceSample[] {
  const freeBy = new Map(free.map((s) => [key(s.labels, kind.by), s.value]));
  const slopeBy = new Map(slope.map((s) => [key(s.labels, kind.by), s.value]));
  return capacity.flatMap((c) => {
    const name = key(c.labels, kind.by);
    const freeBytes = freeBy.get(name);
    if (freeBytes === undefined || !(c.value > 0)) return [];
    const freeSlopePerSecond = slopeBy.get(name);
    return [{ kind: kind.kind, name, capacityBytes: c.value, freeBytes, freeSlopePerSecond: Number.isFinite(freeSlopePerSecond) ? freeSlopePerSecond! : 0 }];
  });
}

/**
 * Reads every resource of `RESOURCE_KINDS` from Prometheus at its current time: capacity, free
 * bytes, and the slope of the free bytes over `lookback` (`deriv`). Throws the client's
 * `PrometheusError` when Prometheus is unreachable or refuses a query.
 */
export async function fetchResources(prometheusUrl: string, { lookback, fetchFn }: { lookback: string; fetchFn?: Fetch }): Promise<ResourceSample[]> {
  const client = prometheusClient(prometheusUrl, fetchFn ? { fetch: fetchFn } : {});
  const samples: ResourceSample[] = [];
  for (const kind of RESOURCE_KINDS) {
    const q = resourceQueries(kind, lookback);
    const [capacity, free, slope] = await Promise.all([client.vector(q.capacity), client.vector(q.free), client.vector(q.slope)]);
    samples.push(...joinKind(kind, capacity, free, slope));
  }
  return samples;
}
