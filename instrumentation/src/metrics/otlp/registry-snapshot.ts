import type { Registry, RegistryContentType } from 'prom-client';
import { FastHistogram, type Exemplar } from '../fast-histogram.js';

type Labels = Record<string, string>;

/** A counter or gauge series of the registry, as read at one moment. */
export interface ScalarSeries {
  labels: Labels;
  value: number;
}

/** A histogram series: per-bucket counts (not cumulative, one more than the bounds). */
export interface HistogramSnapshot {
  labels: Labels;
  counts: number[];
  sum: number;
  count: number;
  exemplars: ReadonlyArray<Exemplar | undefined>;
}

/** One metric family of the registry in a shape OTLP can take. */
export type FamilySnapshot =
  | { kind: 'counter' | 'gauge'; name: string; help: string; series: ScalarSeries[] }
  | { kind: 'histogram'; name: string; help: string; boundaries: readonly number[]; series: HistogramSnapshot[] };

interface PromSample {
  labels?: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/** Labels without empty values (an empty label is an absent one) and without `le`. */
function cleanLabels(labels: Record<string, string | number> | undefined): Labels {
  const out: Labels = {};
  for (const key in labels) {
    const value = labels[key];
    if (key !== 'le' && value !== '' && value !== undefined) out[key] = String(value);
  }
  return out;
}

function keyOf(labels: Labels): string {
  return Object.keys(labels).sort().map((k) => `${k}\u0001${labels[k]}`).join('\u0002');
}

function fromFastHistogram(metric: FastHistogram): FamilySnapshot {
  const series: HistogramSnapshot[] = [];
  for (const s of metric.series()) {
    series.push({ labels: cleanLabels(s.labels), counts: Array.from(s.counts), sum: s.sum, count: s.count, exemplars: [...s.exemplars] });
  }
  return { kind: 'histogram', name: metric.name, help: metric.help, boundaries: metric.boundaries(), series };
}

/** A prom-client histogram's cumulative `_bucket` samples regrouped into per-bucket counts. */
function fromPromHistogram(name: string, help: string, values: PromSample[]): FamilySnapshot {
  const groups = new Map<string, { labels: Labels; bounds: Array<[number, number]>; sum: number; count: number }>();
  for (const sample of values) {
    const labels = cleanLabels(sample.labels);
    const key = keyOf(labels);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { labels, bounds: [], sum: 0, count: 0 }));
    if (sample.metricName?.endsWith('_bucket')) {
      const le = sample.labels?.le;
      group.bounds.push([le === '+Inf' ? Infinity : Number(le), sample.value]);
    } else if (sample.metricName?.endsWith('_sum')) group.sum = sample.value;
    else if (sample.metricName?.endsWith('_count')) group.count = sample.value;
  }
  let boundaries: number[] = [];
  const series: HistogramSnapshot[] = [];
  for (const group of groups.values()) {
    const sorted = group.bounds.sort((a, b) => a[0] - b[0]);
    boundaries = sorted.filter(([le]) => le !== Infinity).map(([le]) => le);
    const counts = sorted.map(([, cumulative], i) => cumulative - (i > 0 ? sorted[i - 1]![1] : 0));
    series.push({ labels: group.labels, counts, sum: group.sum, count: group.count, exemplars: [] });
  }
  return { kind: 'histogram', name, help, boundaries, series };
}

/**
 * Reads every family of a prom-client registry (this package's histograms directly, so their
 * exemplars come along). Families OTLP has no place for here (summaries, `target_info`, which
 * travels as the resource) are left out; a family whose collection fails is skipped.
 */
export async function snapshotRegistry(registry: Registry<RegistryContentType>): Promise<FamilySnapshot[]> {
  const metrics = registry.getMetricsAsArray() as unknown[];
  const families = await Promise.all(metrics.map(async (metric): Promise<FamilySnapshot | undefined> => {
    try {
      if (metric instanceof FastHistogram) return fromFastHistogram(metric);
      const family = await (metric as { get(): Promise<{ name: string; help: string; type: string; values?: PromSample[] }> }).get();
      const values = family.values ?? [];
      if (family.type === 'histogram') return fromPromHistogram(family.name, family.help, values);
      if (family.type !== 'counter' && family.type !== 'gauge') return undefined;
      return { kind: family.type, name: family.name, help: family.help, series: values.map((v) => ({ labels: cleanLabels(v.labels), value: v.value })) };
    } catch {
      return undefined;
    }
  }));
  return families.filter((f): f is FamilySnapshot => f !== undefined);
}

/** Identity of a series within its family, for delta temporality. */
export function seriesKey(family: string, labels: Labels): string {
  return `${family}\u0000${keyOf(labels)}`;
}
