import type { MetricDefinition } from '@zeus/instrumentation/catalog';
import type { Recorder } from '../shared/deps.js';

/** A {@link Recorder} that keeps values in memory, for asserting business metrics in tests. */
export interface MemoryRecorder extends Recorder {
  /** Sum of a counter/gauge (last value) or observation count of a histogram for labels matching `where`. */
  value(definition: MetricDefinition, where?: Record<string, string>): number;
}

/** Creates an empty {@link MemoryRecorder}. */
export function createMemoryRecorder(): MemoryRecorder {
  const series = new Map<string, { labels: Record<string, string>; value: number }[]>();
  const list = (name: string) => {
    let entries = series.get(name);
    if (!entries) series.set(name, (entries = []));
    return entries;
  };
  const find = (name: string, labels: Record<string, string>) => {
    const key = JSON.stringify(Object.entries(labels).sort());
    const entries = list(name);
    let entry = entries.find((e) => JSON.stringify(Object.entries(e.labels).sort()) === key);
    if (!entry) entries.push((entry = { labels: { ...labels }, value: 0 }));
    return entry;
  };
  return {
    counter: (d) => ({ inc: (labels, value = 1) => void (find(d.name, labels as Record<string, string>).value += value) }),
    gauge: (d) => ({ set: (labels, value) => void (find(d.name, labels as Record<string, string>).value = value) }),
    histogram: (d) => ({ observe: (labels) => void (find(d.name, labels as Record<string, string>).value += 1) }),
    value(definition, where = {}) {
      return list(definition.name)
        .filter((e) => Object.entries(where).every(([k, v]) => e.labels[k] === v))
        .reduce((sum, e) => sum + e.value, 0);
    },
  };
}
