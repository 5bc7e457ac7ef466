import type { HrTime } from '@opentelemetry/api';
import type { CollectionResult, MetricData, MetricProducer } from '@opentelemetry/sdk-metrics';
import type { Registry, RegistryContentType } from 'prom-client';
import { METRICS_BY_NAME } from '../../catalog/index.js';
import type { Exemplar } from '../fast-histogram.js';
import { seriesKey, snapshotRegistry, type FamilySnapshot, type HistogramSnapshot } from './registry-snapshot.js';

/** `sdk-metrics` enum values used here (numbers, so the SDK loads only when OTLP metrics are on). */
const DATA_POINT = { HISTOGRAM: 0, GAUGE: 2, SUM: 3 } as const;
const TEMPORALITY = { DELTA: 0, CUMULATIVE: 1 } as const;
const DOUBLE = 1;

/** An exemplar on an OTLP data point (the 2.x SDK has no exemplars; the serializer writes these). */
export interface OtlpExemplar {
  traceId: string;
  spanId: string;
  value: number;
  time: HrTime;
}

/** Exemplars of a histogram data point, per bucket, for the serializer (see otlp-serializer). */
export const EXEMPLARS = Symbol('zeus.exemplars');

/** What the producer needs to know from the exporter. */
export interface RegistryProducerOptions {
  /** True when the exporter wants delta sums and histograms (OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE). */
  delta(kind: 'counter' | 'histogram'): boolean;
  scope: { name: string; version?: string };
}

function hrTime(ms: number): HrTime {
  return [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];
}

/** OTel unit of a catalogue metric (UCUM, as the Prometheus translation expects). */
function unitOf(name: string): string {
  const unit = METRICS_BY_NAME.get(name)?.unit;
  if (unit === 'seconds') return 's';
  if (unit === 'bytes') return 'By';
  if (unit === 'ratio' || unit === undefined) return '1';
  return `{${unit}}`;
}

/**
 * The registry as an OpenTelemetry `MetricProducer`, so the SDK's periodic reader and OTLP
 * exporter push exactly what `/metrics` serves: counters become monotonic sums (named without
 * `_total`, which receivers add back), gauges gauges, histograms explicit-bucket histograms
 * with their trace exemplars. Sums and histograms are cumulative since start, or deltas since
 * the previous collection when the exporter asks for delta.
 */
export function createRegistryProducer(registry: Registry<RegistryContentType>, options: RegistryProducerOptions): MetricProducer {
  const startMs = Date.now();
  let previousMs = startMs;
  const previous = new Map<string, number | HistogramSnapshot>();

  function sumOrGauge(family: Extract<FamilySnapshot, { kind: 'counter' | 'gauge' }>, start: HrTime, end: HrTime): MetricData {
    const delta = family.kind === 'counter' && options.delta('counter');
    const dataPoints = family.series.map((s) => {
      let value = s.value;
      if (delta) {
        const key = seriesKey(family.name, s.labels);
        const before = previous.get(key);
        previous.set(key, s.value);
        value = s.value - (typeof before === 'number' ? before : 0);
      }
      return { attributes: s.labels, startTime: start, endTime: end, value };
    });
    const descriptor = { name: family.name, description: family.help, unit: unitOf(family.name), valueType: DOUBLE };
    if (family.kind === 'gauge') return { descriptor, dataPointType: DATA_POINT.GAUGE, aggregationTemporality: TEMPORALITY.CUMULATIVE, dataPoints } as unknown as MetricData;
    return {
      descriptor: { ...descriptor, name: family.name.replace(/_total$/, '') },
      dataPointType: DATA_POINT.SUM,
      aggregationTemporality: delta ? TEMPORALITY.DELTA : TEMPORALITY.CUMULATIVE,
      isMonotonic: true,
      dataPoints,
    } as unknown as MetricData;
  }

  function histogram(family: Extract<FamilySnapshot, { kind: 'histogram' }>, start: HrTime, end: HrTime, sinceMs: number): MetricData {
    const delta = options.delta('histogram');
    const dataPoints = family.series.map((s) => {
      let { counts, sum, count } = s;
      if (delta) {
        const key = seriesKey(family.name, s.labels);
        const before = previous.get(key);
        previous.set(key, s);
        if (before && typeof before !== 'number') {
          counts = counts.map((c, i) => c - (before.counts[i] ?? 0));
          sum -= before.sum;
          count -= before.count;
        }
      }
      const exemplars = s.exemplars.map((e) => (e && e.timestamp * 1000 > sinceMs ? toOtlpExemplar(e) : undefined));
      return {
        attributes: s.labels,
        startTime: start,
        endTime: end,
        value: { buckets: { boundaries: [...family.boundaries], counts }, sum, count },
        [EXEMPLARS]: exemplars,
      };
    });
    return {
      descriptor: { name: family.name, description: family.help, unit: unitOf(family.name), valueType: DOUBLE },
      dataPointType: DATA_POINT.HISTOGRAM,
      aggregationTemporality: delta ? TEMPORALITY.DELTA : TEMPORALITY.CUMULATIVE,
      dataPoints,
    } as unknown as MetricData;
  }

  return {
    async collect(): Promise<CollectionResult> {
      const nowMs = Date.now();
      const sinceMs = previousMs;
      previousMs = nowMs;
      const end = hrTime(nowMs);
      const families = await snapshotRegistry(registry);
      const metrics = families.map((family) => {
        const deltaKind = family.kind === 'gauge' ? false : options.delta(family.kind);
        const start = hrTime(deltaKind ? sinceMs : startMs);
        return family.kind === 'histogram' ? histogram(family, start, end, sinceMs) : sumOrGauge(family, start, end);
      });
      return {
        resourceMetrics: { resource: undefined as never, scopeMetrics: [{ scope: options.scope, metrics }] },
        errors: [],
      };
    },
  };
}

function toOtlpExemplar(exemplar: Exemplar): OtlpExemplar | undefined {
  const { trace_id: traceId, span_id: spanId } = exemplar.labelSet;
  if (!traceId || !spanId) return undefined;
  return { traceId, spanId, value: exemplar.value, time: hrTime(exemplar.timestamp * 1000) };
}
