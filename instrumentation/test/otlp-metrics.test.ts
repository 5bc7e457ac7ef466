import { afterEach, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '../../test/support/index.js';
import { startApp, type RunningApp } from './support/app-process.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedMetricPoint } from './support/otlp-receiver.js';

let app: RunningApp | undefined;
let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await app?.stop(2000);
  await receiver?.close();
  app = undefined;
  receiver = undefined;
});

const SERVER = 'http_server_request_duration_seconds';

function serverPoints(route: string): ReceivedMetricPoint[] {
  return receiver!.metrics.filter((m) => m.name === SERVER && m.attributes.http_route === route);
}

describe('OTLP metrics push (OTEL_METRICS_EXPORTER=otlp)', () => {
  it('pushes the catalogue metrics over http/protobuf, cumulative, with exemplars of exported spans, and serves no /metrics', async () => {
    receiver = await startOtlpReceiver();
    const metricsPort = await freePort();
    app = await startApp('app.mjs', {
      OTEL_SERVICE_NAME: 'grades',
      OTEL_RESOURCE_ATTRIBUTES: 'service.version=2.3.4,deployment.environment.name=test',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_METRIC_EXPORT_INTERVAL: '300',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
      OTEL_TRACES_SAMPLER_ARG: '1',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    expect((await fetch(`${app.base}/students/7`)).status).toBe(200);
    const point = await waitFor('the request in a pushed histogram', () => serverPoints('/students/:id').find((p) => p.count === 1 && p.exemplars.length > 0));
    expect(point).toMatchObject({
      kind: 'histogram', unit: 's', temporality: 'cumulative', contentType: 'application/x-protobuf',
      attributes: { http_request_method: 'GET', url_scheme: 'http', http_response_status_code: '200' },
    });
    expect(point.attributes).not.toHaveProperty('error_type');
    expect(point.explicitBounds).toContain(0.005);
    expect(point.bucketCounts!.reduce((a, b) => a + b, 0)).toBe(1);
    expect(point.resource).toMatchObject({ 'service.name': 'grades', 'service.version': '2.3.4', 'deployment.environment.name': 'test' });
    const exemplar = point.exemplars[0]!;
    await waitFor('the exemplar span', () => receiver!.spans.find((s) => s.traceId === exemplar.traceId && s.spanId === exemplar.spanId && s.name === 'GET /students/:id'));
    const exported = await waitFor('the spans-exported counter', () => receiver!.metrics.find((m) => m.name === 'zeus_telemetry_spans_exported' && (m.value ?? 0) > 0));
    expect(exported).toMatchObject({ kind: 'sum', monotonic: true, temporality: 'cumulative' });
    expect(receiver.metrics.some((m) => m.name === 'nodejs_heap_size_used_bytes' && m.kind === 'gauge' && m.unit === 'By')).toBe(true);
    expect(receiver.metrics.some((m) => m.name === 'target_info')).toBe(false);
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
  });

  it('with prometheus,otlp serves /metrics and pushes http/json deltas to OTEL_EXPORTER_OTLP_METRICS_ENDPOINT with its headers', async () => {
    receiver = await startOtlpReceiver();
    const metricsPort = await freePort();
    app = await startApp('app.mjs', {
      OTEL_SERVICE_NAME: 'portal',
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'prometheus,otlp',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${receiver.url}/v1/metrics`,
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'x-scope-orgid=zeus',
      OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta',
      OTEL_METRIC_EXPORT_INTERVAL: '300',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
    });
    for (let i = 0; i < 2; i++) expect((await fetch(`${app.base}/students/${i}`)).status).toBe(200);
    const both = await waitFor('a delta point with both requests', () => serverPoints('/students/:id').find((p) => p.count === 2));
    expect(both).toMatchObject({ temporality: 'delta', contentType: 'application/json' });
    // the next push of the same series carries only what happened since: nothing
    const index = receiver.metrics.indexOf(both);
    await waitFor('a later, empty delta', () => receiver!.metrics.slice(index + 1).find((p) => p.name === SERVER && p.attributes.http_route === '/students/:id' && p.count === 0));
    const counter = receiver.metrics.find((m) => m.name === 'zeus_telemetry_export_failures');
    expect(counter).toMatchObject({ kind: 'sum', temporality: 'delta' });
    expect(receiver.requestsSeen().filter((r) => r.path === '/v1/metrics').every((r) => r.headers['x-scope-orgid'] === 'zeus')).toBe(true);
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(text).toMatch(/http_server_request_duration_seconds_count\{[^}]*http_route="\/students\/:id"[^}]*\} 2/);
  });
});
