import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';

// The official opentelemetry-proto messages, as generated for the OTel JS transformer.
const proto = createRequire(import.meta.url)('otlp-transformer-protobufjs/build/src/generated/root').opentelemetry.proto;

/** One OTLP metric data point, flattened from a protobuf or JSON request. */
export interface ReceivedMetricPoint {
  name: string;
  unit: string;
  kind: 'sum' | 'gauge' | 'histogram';
  /** For sums and histograms. */
  temporality?: 'delta' | 'cumulative';
  monotonic?: boolean;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  value?: number;
  count?: number;
  sum?: number;
  bucketCounts?: number[];
  explicitBounds?: number[];
  exemplars: Array<{ traceId: string; spanId: string; value: number }>;
  /** Content type of the request it came in. */
  contentType: string;
}

/** One exported span, flattened from an OTLP/HTTP JSON request. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  raw: string;
}

/** How the receiver answers: normally, never, or with HTTP 500. */
export type ReceiverMode = 'ok' | 'hang' | 'error';

/** A local OTLP/HTTP (JSON) traces receiver for tests, on 127.0.0.1. */
export interface OtlpReceiver {
  readonly url: string;
  readonly spans: ReceivedSpan[];
  /** Metric data points received on /v1/metrics (protobuf and JSON, decoded with the official definitions). */
  readonly metrics: ReceivedMetricPoint[];
  /** Every request body received, as text (to search for leaked values). */
  readonly bodies: string[];
  requests(): number;
  /** Content types of the requests received. */
  contentTypes(): string[];
  /** Request paths and headers, in arrival order. */
  requestsSeen(): Array<{ path: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

function attributesOf(list: Array<{ key: string; value: Record<string, unknown> }> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) {
    const v = value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue ?? value.arrayValue;
    out[key] = typeof v === 'string' && /^\d+$/.test(v) && 'intValue' in value ? Number(v) : v;
  }
  return out;
}

const TEMPORALITY: Record<number, 'delta' | 'cumulative'> = { 1: 'delta', 2: 'cumulative' };

function hexOf(id: unknown): string {
  if (typeof id === 'string') return /^[0-9a-f]*$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');
  return Buffer.from(id as Uint8Array).toString('hex');
}

type Point = Record<string, unknown> & { attributes?: Array<{ key: string; value: Record<string, unknown> }>; exemplars?: Array<Record<string, unknown>> };

/** Flattens an ExportMetricsServiceRequest (protobuf decoded to an object, or parsed JSON). */
function metricPointsOf(request: Record<string, unknown>, contentType: string): ReceivedMetricPoint[] {
  const out: ReceivedMetricPoint[] = [];
  for (const rm of (request.resourceMetrics ?? []) as Array<Record<string, any>>) {
    const resource = attributesOf(rm.resource?.attributes);
    for (const sm of (rm.scopeMetrics ?? []) as Array<Record<string, any>>) {
      for (const metric of (sm.metrics ?? []) as Array<Record<string, any>>) {
        const kind = metric.histogram ? 'histogram' : metric.sum ? 'sum' : metric.gauge ? 'gauge' : undefined;
        if (!kind) continue;
        const body = metric[kind] as { dataPoints?: Point[]; aggregationTemporality?: number; isMonotonic?: boolean };
        for (const point of body.dataPoints ?? []) {
          out.push({
            name: String(metric.name), unit: String(metric.unit ?? ''), kind, contentType, resource,
            temporality: TEMPORALITY[Number(body.aggregationTemporality)],
            monotonic: body.isMonotonic,
            attributes: attributesOf(point.attributes),
            value: point.asDouble !== undefined ? Number(point.asDouble) : point.asInt !== undefined ? Number(point.asInt) : undefined,
            count: point.count !== undefined ? Number(point.count) : undefined,
            sum: point.sum !== undefined ? Number(point.sum) : undefined,
            bucketCounts: (point.bucketCounts as unknown[] | undefined)?.map(Number),
            explicitBounds: (point.explicitBounds as unknown[] | undefined)?.map(Number),
            exemplars: (point.exemplars ?? []).map((e) => ({ traceId: hexOf(e.traceId), spanId: hexOf(e.spanId), value: Number(e.asDouble) })),
          });
        }
      }
    }
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts the receiver; spans are decoded from http/json requests. */
export async function startOtlpReceiver(mode: ReceiverMode = 'ok'): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const metrics: ReceivedMetricPoint[] = [];
  const bodies: string[] = [];
  let requests = 0;
  const contentTypes: string[] = [];
  const seen: Array<{ path: string; headers: IncomingMessage['headers'] }> = [];
  const server: Server = createServer(async (req, res) => {
    requests++;
    contentTypes.push(req.headers['content-type'] ?? '');
    seen.push({ path: req.url ?? '', headers: req.headers });
    if (mode === 'hang') return; // accept, read nothing, never answer
    const body = await readBody(req);
    const text = body.toString('utf8');
    bodies.push(text);
    if (mode === 'error') {
      res.statusCode = 500;
      res.end('boom');
      return;
    }
    const type = req.headers['content-type'] ?? '';
    if (req.url === '/v1/metrics') {
      try {
        const request = type.includes('json')
          ? (JSON.parse(text) as Record<string, unknown>)
          : proto.collector.metrics.v1.ExportMetricsServiceRequest.toObject(
            proto.collector.metrics.v1.ExportMetricsServiceRequest.decode(body), { longs: Number, defaults: false });
        metrics.push(...metricPointsOf(request, type));
      } catch {
        res.statusCode = 400;
        res.end('undecodable metrics request');
        return;
      }
    } else if (req.headers['content-type']?.includes('json')) {
      try {
        const parsed = JSON.parse(text) as {
          resourceSpans?: Array<{
            resource?: { attributes?: Array<{ key: string; value: Record<string, unknown> }> };
            scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }>;
          }>;
        };
        for (const rs of parsed.resourceSpans ?? []) {
          const resource = attributesOf(rs.resource?.attributes);
          for (const ss of rs.scopeSpans ?? []) {
            for (const span of ss.spans ?? []) {
              spans.push({
                traceId: String(span.traceId),
                spanId: String(span.spanId),
                parentSpanId: span.parentSpanId ? String(span.parentSpanId) : undefined,
                name: String(span.name),
                kind: Number(span.kind),
                attributes: attributesOf(span.attributes as never),
                resource,
                raw: JSON.stringify(span),
              });
            }
          }
        }
      } catch {
        // not JSON: keep only the body
      }
    }
    res.statusCode = 200;
    if (type.includes('protobuf')) {
      res.setHeader('content-type', 'application/x-protobuf');
      res.end(); // an empty Export*ServiceResponse
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    metrics,
    bodies,
    requests: () => requests,
    contentTypes: () => [...contentTypes],
    requestsSeen: () => [...seen],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
