import type { LabelValues, MetricDefinition } from '@zeus/instrumentation/catalog';

/**
 * The slice of `@zeus/instrumentation`'s MetricRecorder the services use: business metrics by
 * catalogue definition, with label sets checked at compile time. Passed in, so tests can hand
 * a recorder over their own prom-client Registry.
 */
export interface Recorder {
  counter<D extends MetricDefinition<string, 'counter'>>(definition: D): { inc(labels: LabelValues<D>, value?: number): void };
  gauge<D extends MetricDefinition<string, 'gauge'>>(definition: D): { set(labels: LabelValues<D>, value: number): void };
  histogram<D extends MetricDefinition<string, 'histogram'>>(definition: D): { observe(labels: LabelValues<D>, seconds: number): void };
}
