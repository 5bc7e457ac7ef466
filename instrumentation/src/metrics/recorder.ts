import { Counter, Gauge, Histogram, Registry, type RegistryContentType } from 'prom-client';
import { trace, type SpanContext } from '@opentelemetry/api';
import { telemetryCardinalityOverflow } from '../catalog/telemetry.js';
import type { LabelValues, MetricDefinition } from '../catalog/types.js';
import { FastHistogram } from './fast-histogram.js';

/** Value every label takes in the series that absorbs label sets beyond the cardinality cap. */
export const OVERFLOW_LABEL_VALUE = '_overflow';

/** Default number of distinct label sets per metric before new ones fold into the overflow series. */
export const DEFAULT_CARDINALITY_LIMIT = 2000;

type CounterDef = MetricDefinition<string, 'counter'>;
type GaugeDef = MetricDefinition<string, 'gauge'>;
type HistogramDef = MetricDefinition<string, 'histogram'>;

/** Records a catalogue counter; labels are checked against the catalogue at compile time. */
export interface CounterHandle<D> {
  /** Adds `value` (default 1, must be >= 0) to the series of `labels`. */
  inc(labels: LabelValues<D>, value?: number): void;
}

/** Records a catalogue gauge. */
export interface GaugeHandle<D> {
  set(labels: LabelValues<D>, value: number): void;
  inc(labels: LabelValues<D>, value?: number): void;
  dec(labels: LabelValues<D>, value?: number): void;
}

/** Records a catalogue histogram; observations inside a sampled span carry a trace exemplar. */
export interface HistogramHandle<D> {
  /**
   * Observes `value` in the metric's unit (seconds for durations). The exemplar comes from
   * `spanContext` when given, else from the active span; only sampled spans give exemplars.
   */
  observe(labels: LabelValues<D>, value: number, spanContext?: SpanContext): void;
}

/**
 * The typed recording API derived from the metric catalogue: a wrong label key or a value
 * outside a closed list is a compile error; free labels are bounded at run time by the cap.
 */
export interface MetricRecorder {
  readonly registry: Registry<RegistryContentType>;
  counter<D extends CounterDef>(definition: D): CounterHandle<D>;
  gauge<D extends GaugeDef>(definition: D): GaugeHandle<D>;
  histogram<D extends HistogramDef>(definition: D): HistogramHandle<D>;
}

/** Options of {@link createMetricRecorder}. */
export interface MetricRecorderOptions {
  /** Distinct label sets allowed per metric (default {@link DEFAULT_CARDINALITY_LIMIT}). */
  cardinalityLimit?: number;
  /** Attach `trace_id`/`span_id` exemplars to histogram observations (default true). */
  exemplars?: boolean;
}

type Labels = Record<string, string>;

/** Tracks label sets per metric and folds new ones past the cap into the overflow series. */
class CardinalityGuard {
  private readonly seen = new Set<string>();
  private overflowLabels: Labels | undefined;
  constructor(
    private readonly keys: readonly string[],
    private readonly limit: number,
    private readonly onOverflow: () => void,
  ) {}

  /** Identity of a label set (values in catalogue key order). */
  keyOf(labels: Labels): string {
    const keys = this.keys;
    let key = '';
    for (let i = 0; i < keys.length; i++) key += `${labels[keys[i]!]}\u0001`;
    return key;
  }

  /** True if the label set may have its own series. */
  admitKey(key: string): boolean {
    if (this.seen.has(key)) return true;
    if (this.seen.size < this.limit) {
      this.seen.add(key);
      return true;
    }
    this.onOverflow();
    return false;
  }

  /** The labels to record with: `labels`, or the overflow series' labels past the cap. */
  admit(labels: Labels): Labels {
    return this.admitKey(this.keyOf(labels)) ? labels : this.overflow();
  }

  overflow(): Labels {
    if (!this.overflowLabels) {
      this.overflowLabels = {};
      for (const k of this.keys) this.overflowLabels[k] = OVERFLOW_LABEL_VALUE;
    }
    return this.overflowLabels;
  }
}

/** Minimum time between two exemplar updates of one bucket of one series. */
const EXEMPLAR_INTERVAL_MS = 1000;

/**
 * Creates the typed recorder over a prom-client registry. Each catalogue metric is registered
 * on first use (or reused when the registry already holds it).
 */
export function createMetricRecorder(registry: Registry<RegistryContentType>, options: MetricRecorderOptions = {}): MetricRecorder {
  const limit =
    options.cardinalityLimit !== undefined && Number.isInteger(options.cardinalityLimit) && options.cardinalityLimit > 0
      ? options.cardinalityLimit
      : DEFAULT_CARDINALITY_LIMIT;
  // Histograms are this package's own (see FastHistogram), so exemplars work on any registry;
  // they are written only in OpenMetrics, as the format requires.
  const exemplars = options.exemplars ?? true;
  const handles = new Map<string, unknown>();

  let overflowCounter: Counter | undefined;
  const overflowFor = (metric: string) => () => {
    try {
      overflowCounter ??= existing(registry, telemetryCardinalityOverflow.name) as Counter | undefined ?? new Counter({
        name: telemetryCardinalityOverflow.name,
        help: telemetryCardinalityOverflow.help,
        labelNames: Object.keys(telemetryCardinalityOverflow.labels),
        registers: [registry as Registry],
      });
      overflowCounter.inc({ metric });
    } catch {
      // never throw into the app
    }
  };

  const guardFor = (definition: MetricDefinition) => {
    const keys = Object.keys(definition.labels);
    // The overflow counter itself is bounded by the number of metrics; never cap it recursively.
    return keys.length === 0 || definition.name === telemetryCardinalityOverflow.name
      ? undefined
      : new CardinalityGuard(keys, limit, overflowFor(definition.name));
  };

  function counter<D extends CounterDef>(definition: D): CounterHandle<D> {
    const cached = handles.get(definition.name);
    if (cached) return cached as CounterHandle<D>;
    const metric = (existing(registry, definition.name) as Counter | undefined) ?? new Counter({
      name: definition.name,
      help: definition.help,
      labelNames: Object.keys(definition.labels),
      registers: [registry as Registry],
    });
    const guard = guardFor(definition);
    const handle: CounterHandle<D> = {
      inc(labels, value = 1) {
        try {
          const l = labels as unknown as Labels;
          metric.inc(guard ? guard.admit(l) : l, value);
        } catch {
          // a negative or NaN value must not crash the app
        }
      },
    };
    handles.set(definition.name, handle);
    return handle;
  }

  function gauge<D extends GaugeDef>(definition: D): GaugeHandle<D> {
    const cached = handles.get(definition.name);
    if (cached) return cached as GaugeHandle<D>;
    const metric = (existing(registry, definition.name) as Gauge | undefined) ?? new Gauge({
      name: definition.name,
      help: definition.help,
      labelNames: Object.keys(definition.labels),
      registers: [registry as Registry],
    });
    const guard = guardFor(definition);
    const admit = (labels: unknown) => (guard ? guard.admit(labels as Labels) : (labels as Labels));
    // A NaN value or a label prom-client refuses must never throw into the app.
    const safely = (fn: () => void) => {
      try {
        fn();
      } catch {
        // ignore
      }
    };
    const handle: GaugeHandle<D> = {
      set: (labels, value) => safely(() => metric.set(admit(labels), value)),
      inc: (labels, value = 1) => safely(() => metric.inc(admit(labels), value)),
      dec: (labels, value = 1) => safely(() => metric.dec(admit(labels), value)),
    };
    handles.set(definition.name, handle);
    return handle;
  }

  function histogram<D extends HistogramDef>(definition: D): HistogramHandle<D> {
    const cached = handles.get(definition.name);
    if (cached) return cached as HistogramHandle<D>;
    const labelNames = Object.keys(definition.labels);
    const bounds = [...(definition.buckets ?? [])];
    const found = existing(registry, definition.name);
    const metric = found instanceof FastHistogram
      ? found
      : found
        ? undefined
        : new FastHistogram(definition.name, definition.help, labelNames, bounds, registry);
    const guard = guardFor(definition);
    if (!metric) {
      // a prom-client histogram registered by someone else: record through it
      const other = found as Histogram;
      const handle: HistogramHandle<D> = {
        observe(labels, value) {
          try {
            other.observe(guard ? guard.admit(labels as unknown as Labels) : (labels as unknown as Labels), value);
          } catch {
            // ignore
          }
        },
      };
      handles.set(definition.name, handle);
      return handle;
    }
    // Exemplars are what a scrape shows per bucket; refreshing each at most once a second keeps
    // them current without building a label set on every observation.
    const lastExemplar = new Map<string, Float64Array>();
    const handle: HistogramHandle<D> = {
      observe(labels, value, spanContext) {
        try {
          let l = labels as unknown as Labels;
          let key = '';
          if (guard) {
            key = guard.keyOf(l);
            if (!guard.admitKey(key)) {
              l = guard.overflow();
              key = '\u0000overflow';
            }
          }
          const b = metric.bucketOf(value);
          let exemplar: Record<string, string> | undefined;
          if (exemplars) {
            const ctx = spanContext ?? trace.getActiveSpan()?.spanContext();
            if (ctx && (ctx.traceFlags & 1) === 1) {
              let times = lastExemplar.get(key);
              if (!times) {
                times = new Float64Array(bounds.length + 1).fill(-Infinity);
                lastExemplar.set(key, times);
              }
              const now = performance.now();
              if (now - times[b]! >= EXEMPLAR_INTERVAL_MS) {
                times[b] = now;
                exemplar = { trace_id: ctx.traceId, span_id: ctx.spanId };
              }
            }
          }
          metric.observe(key, l, value, b, exemplar);
        } catch {
          // ignore
        }
      },
    };
    handles.set(definition.name, handle);
    return handle;
  }

  return { registry, counter, gauge, histogram };
}

function existing(registry: Registry<RegistryContentType>, name: string): unknown {
  return registry.getSingleMetric(name);
}
