import { Counter, Gauge, Histogram, Registry, type RegistryContentType } from 'prom-client';
import { trace, type SpanContext } from '@opentelemetry/api';
import { telemetryCardinalityOverflow } from '../catalog/telemetry.js';
import type { LabelValues, MetricDefinition } from '../catalog/types.js';
import { defaultRedactor, type Redactor } from '../redact/index.js';
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
  /**
   * Redacts free label values (emails and student IDs become markers) when a label set is first
   * seen; default the package's default redactor.
   */
  redactor?: Redactor;
}

type Labels = Record<string, string>;

/** Label values as recorded: FERPA-redacted, so a student ID passed as a label never reaches /metrics. */
function redactLabels(labels: Labels, redactor: Redactor): Labels {
  let out: Labels | undefined;
  for (const key in labels) {
    const value = labels[key];
    if (typeof value !== 'string') continue;
    const redacted = redactor.string(value);
    if (redacted !== value) (out ??= { ...labels })[key] = redacted;
  }
  return out ?? labels;
}

/**
 * Tracks label sets per metric: a new set is redacted once and remembered (up to the cap), and
 * sets past the cap fold into the overflow series.
 */
class CardinalityGuard {
  private readonly seen = new Map<string, Labels>();
  private overflowLabels: Labels | undefined;
  constructor(
    private readonly keys: readonly string[],
    private readonly limit: number,
    private readonly onOverflow: () => void,
    private readonly redactor: Redactor,
  ) {}

  /** Identity of a label set (values in catalogue key order). */
  keyOf(labels: Labels): string {
    const keys = this.keys;
    let key = '';
    for (let i = 0; i < keys.length; i++) key += `${labels[keys[i]!]}\u0001`;
    return key;
  }

  /** The (redacted) labels to record a set with, or undefined past the cap. */
  admitKey(key: string, labels: Labels): Labels | undefined {
    const known = this.seen.get(key);
    if (known) return known;
    if (this.seen.size < this.limit) {
      const redacted = redactLabels(labels, this.redactor);
      this.seen.set(key, redacted);
      return redacted;
    }
    this.onOverflow();
    return undefined;
  }

  /** The labels to record with: the redacted `labels`, or the overflow series' labels past the cap. */
  admit(labels: Labels): Labels {
    return this.admitKey(this.keyOf(labels), labels) ?? this.overflow();
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

/** What every handle of one recorder shares. */
interface RecorderContext {
  readonly registry: Registry<RegistryContentType>;
  readonly exemplars: boolean;
  /** The guard for a metric's label sets (undefined for metrics without labels). */
  guardFor(definition: MetricDefinition): CardinalityGuard | undefined;
}

function cardinalityLimit(options: MetricRecorderOptions): number {
  const limit = options.cardinalityLimit;
  return limit !== undefined && Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_CARDINALITY_LIMIT;
}

/** Counts label sets folded into the overflow series, per metric; registered on first overflow. */
function overflowCounter(registry: Registry<RegistryContentType>): (metric: string) => () => void {
  let counter: Counter | undefined;
  return (metric) => () => {
    try {
      counter ??= existing(registry, telemetryCardinalityOverflow.name) as Counter | undefined ?? new Counter({
        name: telemetryCardinalityOverflow.name,
        help: telemetryCardinalityOverflow.help,
        labelNames: Object.keys(telemetryCardinalityOverflow.labels),
        registers: [registry as Registry],
      });
      counter.inc({ metric });
    } catch {
      // never throw into the app
    }
  };
}

function recorderContext(registry: Registry<RegistryContentType>, options: MetricRecorderOptions): RecorderContext {
  const limit = cardinalityLimit(options);
  const redactor = options.redactor ?? defaultRedactor;
  const overflowFor = overflowCounter(registry);
  return {
    registry,
    // Histograms are this package's own (see FastHistogram), so exemplars work on any registry;
    // they are written only in OpenMetrics, as the format requires.
    exemplars: options.exemplars ?? true,
    guardFor(definition) {
      const keys = Object.keys(definition.labels);
      // The overflow counter itself is bounded by the number of metrics; never cap it recursively.
      return keys.length === 0 || definition.name === telemetryCardinalityOverflow.name
        ? undefined
        : new CardinalityGuard(keys, limit, overflowFor(definition.name), redactor);
    },
  };
}

/** Runs a recording call; a NaN value or a label prom-client refuses must never throw into the app. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // ignore
  }
}

function promClientMetric<M>(ctx: RecorderContext, definition: MetricDefinition, Kind: new (config: never) => M): M {
  return (existing(ctx.registry, definition.name) as M | undefined) ?? new Kind({
    name: definition.name,
    help: definition.help,
    labelNames: Object.keys(definition.labels),
    registers: [ctx.registry as Registry],
  } as never);
}

function counterHandle<D extends CounterDef>(ctx: RecorderContext, definition: D): CounterHandle<D> {
  const metric = promClientMetric(ctx, definition, Counter);
  const guard = ctx.guardFor(definition);
  const admit = (labels: unknown) => (guard ? guard.admit(labels as Labels) : (labels as Labels));
  return { inc: (labels, value = 1) => safely(() => metric.inc(admit(labels), value)) };
}

function gaugeHandle<D extends GaugeDef>(ctx: RecorderContext, definition: D): GaugeHandle<D> {
  const metric = promClientMetric(ctx, definition, Gauge);
  const guard = ctx.guardFor(definition);
  const admit = (labels: unknown) => (guard ? guard.admit(labels as Labels) : (labels as Labels));
  return {
    set: (labels, value) => safely(() => metric.set(admit(labels), value)),
    inc: (labels, value = 1) => safely(() => metric.inc(admit(labels), value)),
    dec: (labels, value = 1) => safely(() => metric.dec(admit(labels), value)),
  };
}

/**
 * Picks the exemplar of an observation: the sampled span's ids, at most once a second per
 * bucket of a series (what a scrape shows per bucket stays current without building a label
 * set on every observation).
 */
function exemplarPicker(buckets: number): (key: string, bucket: number, spanContext: SpanContext | undefined) => Record<string, string> | undefined {
  const lastExemplar = new Map<string, Float64Array>();
  return (key, bucket, spanContext) => {
    const ctx = spanContext ?? trace.getActiveSpan()?.spanContext();
    if (!ctx || (ctx.traceFlags & 1) !== 1) return undefined;
    let times = lastExemplar.get(key);
    if (!times) {
      times = new Float64Array(buckets).fill(-Infinity);
      lastExemplar.set(key, times);
    }
    const now = performance.now();
    if (now - times[bucket]! < EXEMPLAR_INTERVAL_MS) return undefined;
    times[bucket] = now;
    return { trace_id: ctx.traceId, span_id: ctx.spanId };
  };
}

/** A prom-client histogram registered by someone else under the same name: record through it. */
function foreignHistogramHandle<D>(other: Histogram, guard: CardinalityGuard | undefined): HistogramHandle<D> {
  return {
    observe: (labels, value) => safely(() => other.observe(guard ? guard.admit(labels as unknown as Labels) : (labels as unknown as Labels), value)),
  };
}

function histogramHandle<D extends HistogramDef>(ctx: RecorderContext, definition: D): HistogramHandle<D> {
  const bounds = [...(definition.buckets ?? [])];
  const found = existing(ctx.registry, definition.name);
  const guard = ctx.guardFor(definition);
  if (found && !(found instanceof FastHistogram)) return foreignHistogramHandle(found as Histogram, guard);
  const metric = (found as FastHistogram | undefined)
    ?? new FastHistogram(definition.name, definition.help, Object.keys(definition.labels), bounds, ctx.registry);
  const exemplarOf = ctx.exemplars ? exemplarPicker(bounds.length + 1) : () => undefined;
  return {
    observe(labels, value, spanContext) {
      safely(() => {
        let l = labels as unknown as Labels;
        let key = '';
        if (guard) {
          key = guard.keyOf(l);
          const admitted = guard.admitKey(key, l);
          if (admitted) l = admitted;
          else {
            l = guard.overflow();
            key = '\u0000overflow';
          }
        }
        const b = metric.bucketOf(value);
        metric.observe(key, l, value, b, exemplarOf(key, b, spanContext));
      });
    },
  };
}

/**
 * Creates the typed recorder over a prom-client registry. Each catalogue metric is registered
 * on first use (or reused when the registry already holds it); free label values are redacted
 * when a label set is first seen.
 */
export function createMetricRecorder(registry: Registry<RegistryContentType>, options: MetricRecorderOptions = {}): MetricRecorder {
  const ctx = recorderContext(registry, options);
  const handles = new Map<string, unknown>();
  const cached = <H>(definition: MetricDefinition, make: () => H): H => {
    let handle = handles.get(definition.name) as H | undefined;
    if (!handle) {
      handle = make();
      handles.set(definition.name, handle);
    }
    return handle;
  };
  return {
    registry,
    counter: (definition) => cached(definition, () => counterHandle(ctx, definition)),
    gauge: (definition) => cached(definition, () => gaugeHandle(ctx, definition)),
    histogram: (definition) => cached(definition, () => histogramHandle(ctx, definition)),
  };
}

function existing(registry: Registry<RegistryContentType>, name: string): unknown {
  return registry.getSingleMetric(name);
}
