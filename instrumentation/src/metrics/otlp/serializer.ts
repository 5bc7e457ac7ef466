import type { createRequire } from 'node:module';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { EXEMPLARS, type OtlpExemplar } from './registry-producer.js';

type Require = ReturnType<typeof createRequire>;

/**
 * The OTLP metrics request builder and protobuf types generated from the official
 * opentelemetry-proto definitions, as the OTel JS transformer of the 2.x line shipped them
 * (0.215, installed as `otlp-transformer-protobufjs`): unlike the 0.223 serializer, these know
 * the `Exemplar` message. Nothing of the protocol is written here.
 */
const PROTO = 'otlp-transformer-protobufjs/build/src';

interface Encoder {
  encodeHrTime(time: [number, number]): unknown;
  encodeSpanContext(hex: string): unknown;
}

interface RequestDataPoint {
  exemplars?: unknown[];
}
interface RequestMetric {
  histogram?: { dataPoints: RequestDataPoint[] };
}
interface Request {
  resourceMetrics: Array<{ scopeMetrics: Array<{ metrics: RequestMetric[] }> }>;
}

/** The serializer interface of the OTel exporters (`ISerializer` of @opentelemetry/otlp-transformer). */
export interface MetricsSerializer {
  serializeRequest(request: ResourceMetrics): Uint8Array | undefined;
  deserializeResponse(data: Uint8Array): unknown;
}

/** Copies the producer's exemplars onto the request's histogram data points (same order). */
function attachExemplars(request: Request, metrics: ResourceMetrics, encoder: Encoder): void {
  metrics.scopeMetrics.forEach((scope, i) => {
    scope.metrics.forEach((metric, j) => {
      const points = request.resourceMetrics[0]?.scopeMetrics[i]?.metrics[j]?.histogram?.dataPoints;
      if (!points) return;
      metric.dataPoints.forEach((point, k) => {
        const exemplars = ((point as unknown as Record<symbol, unknown>)[EXEMPLARS] as Array<OtlpExemplar | undefined> | undefined)
          ?.filter((e): e is OtlpExemplar => e !== undefined);
        if (!exemplars?.length || !points[k]) return;
        points[k].exemplars = exemplars.map((e) => ({
          timeUnixNano: encoder.encodeHrTime(e.time),
          asDouble: e.value,
          traceId: encoder.encodeSpanContext(e.traceId),
          spanId: encoder.encodeSpanContext(e.spanId),
          filteredAttributes: [],
        }));
      });
    });
  });
}

/** OTLP metrics serializer for `http/protobuf` or `http/json`, with histogram exemplars. */
export function createMetricsSerializer(req: Require, protocol: 'http/protobuf' | 'http/json'): MetricsSerializer {
  const { createExportMetricsServiceRequest } = req(`${PROTO}/metrics/internal`);
  const { PROTOBUF_ENCODER, JSON_ENCODER } = req(`${PROTO}/common/utils`);
  const encoder: Encoder = protocol === 'http/json' ? JSON_ENCODER : PROTOBUF_ENCODER;
  const build = (metrics: ResourceMetrics): Request => {
    const request = createExportMetricsServiceRequest([metrics], encoder) as Request;
    attachExemplars(request, metrics, encoder);
    return request;
  };
  if (protocol === 'http/json') {
    return {
      serializeRequest: (metrics) => new TextEncoder().encode(JSON.stringify(build(metrics))),
      deserializeResponse: (data) => JSON.parse(new TextDecoder().decode(data)),
    };
  }
  const v1 = req(`${PROTO}/generated/root`).opentelemetry.proto.collector.metrics.v1;
  return {
    serializeRequest: (metrics) => v1.ExportMetricsServiceRequest.encode(build(metrics)).finish(),
    deserializeResponse: (data) => v1.ExportMetricsServiceResponse.decode(data),
  };
}
