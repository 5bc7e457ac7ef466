import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/index.js';
import { createLogger, getTelemetry, health, signSyntheticMarker, startTelemetry, trafficSource, withDbSpan, type Telemetry } from '../src/index.js';
import { startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver.js';

const SYNTHETIC_KEY = 'telemetry-test-synthetic-key';
let receiver: OtlpReceiver;
let telemetry: Telemetry;
let base: string;
let close: () => Promise<void>;
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  process.env.OTEL_BSP_SCHEDULE_DELAY = '50';
  telemetry = startTelemetry({
    serviceName: 'enrollment',
    team: 'registrar',
    tracesEndpoint: `${receiver.url}/v1/traces`,
    protocol: 'http/json',
    samplerRatio: 1,
    metrics: { host: '127.0.0.1', port: 0 },
    handleSignals: false,
    syntheticKey: SYNTHETIC_KEY,
  });
  const log = createLogger({
    destination: new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    }),
  });
  const app = express();
  app.use(health({ checks: { db: () => true } }));
  const students = express.Router();
  students.get('/:id', (req, res) => {
    const row = withDbSpan(
      { system: 'sqlite', operation: 'SELECT', collection: 'students', statement: `SELECT * FROM students WHERE id = '${req.params.id}'` },
      () => ({ id: req.params.id }),
    );
    log.info({ email: 'alice@zeus.edu', authorization: 'Bearer x' }, `read ${req.params.id}`);
    res.json(row);
  });
  app.use('/api/students', students);
  app.get('/courses/:code', async (_req, res) => {
    await withDbSpan({ system: 'sqlite', operation: 'SELECT', collection: 'courses' }, async () => {
      await new Promise((r) => setTimeout(r, 5));
    });
    res.json({ ok: true });
  });
  app.get('/source', (req, res) => {
    res.json({ source: trafficSource(req) });
  });
  app.get('/probe', async (_req, res) => {
    // the downstream call carries no header of its own: only the propagated baggage
    res.json(await (await fetch(`${base}/source`)).json());
  });
  app.get('/boom', () => {
    throw new Error('kaput');
  });
  app.get('/fails-with-student-data', (_req, res) => {
    const error = new Error(`no enrollment for alice@zeus.edu (S00054321), "Alice Nguyen"`);
    trace.getActiveSpan()?.recordException(error);
    log.error({ err: error }, 'enrollment lookup failed');
    log.error(error);
    log.child({ student: 'Alice Nguyen', studentId: 'S00054321' }).warn('child logger');
    res.status(500).json({ ok: false });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => server.close(() => r()));
});

afterAll(async () => {
  await telemetry?.shutdown();
  await close?.();
  await receiver?.close();
});

/** A request from the test itself that the in-process fetch instrumentation leaves alone (it would add its own traceparent). */
function untracedFetch(url: string, headers: Record<string, string>): Promise<Response> {
  return context.with(suppressTracing(context.active()), () => fetch(url, { headers }));
}

function metricsUrl(): string {
  const address = telemetry.metricsAddress();
  if (!address) throw new Error('metrics endpoint not bound');
  return `http://127.0.0.1:${address.port}/metrics`;
}

describe('startTelemetry', () => {
  it('is idempotent and registers the process instance', () => {
    expect(startTelemetry()).toBe(telemetry);
    expect(getTelemetry()).toBe(telemetry);
  });

  it('exports one SERVER span per request, named by route template, with FERPA-safe attributes', async () => {
    const res = await fetch(`${base}/api/students/S00012345?email=alice%40zeus.edu&term=2027SP`, {
      headers: { authorization: 'Bearer secret-token', cookie: 'sid=abc' },
    });
    expect(res.status).toBe(200);
    const span = await waitFor('server span', () => receiver.spans.find((s) => s.kind === 2 && s.name === 'GET /api/students/:id'));
    expect(span.attributes['http.route']).toBe('/api/students/:id');
    expect(span.attributes['http.response.status_code']).toBe(200);
    expect(span.attributes['url.path']).toBe('/api/students/[student_id]');
    expect(span.attributes['url.query']).toBe('email=[REDACTED]&term=2027SP');
    expect(span.resource).toMatchObject({ 'service.name': 'enrollment', 'zeus.team': 'registrar', 'service.namespace': 'zeus' });
    const db = await waitFor('db span', () => receiver.spans.find((s) => s.name === 'SELECT students' && s.traceId === span.traceId));
    expect(db.parentSpanId).toBe(span.spanId);
    expect(db.kind).toBe(3);
    expect(db.attributes).toMatchObject({
      'db.system.name': 'sqlite', 'db.operation.name': 'SELECT', 'db.collection.name': 'students',
      'db.query.text': 'SELECT * FROM students WHERE id = ?',
    });
    const everything = receiver.bodies.join('\n');
    for (const secret of ['alice', 'S00012345', 'secret-token', 'sid=abc']) expect(everything).not.toContain(secret);
  });

  it('leaves the route out of unmatched requests (span and metric) and keeps health checks out of traces and metrics', async () => {
    await fetch(`${base}/no/such/path/12345`);
    await fetch(`${base}/no/such/path/67890`);
    await fetch(`${base}/healthz`);
    await fetch(`${base}/readyz`);
    const span = await waitFor('unmatched span', () => receiver.spans.find((s) => s.kind === 2 && s.name === 'GET' && s.attributes['http.response.status_code'] === 404));
    expect(span.attributes).not.toHaveProperty('http.route');
    const paths = receiver.spans.filter((s) => s.kind === 2).map((s) => String(s.attributes['url.path']));
    expect(paths).not.toContain('/healthz');
    expect(paths).not.toContain('/readyz');
    const text = await (await fetch(metricsUrl())).text();
    // both unmatched requests share one series with no http_route (and no empty error_type)
    expect(text).toMatch(/^http_server_request_duration_seconds_count\{http_request_method="GET",url_scheme="http",http_response_status_code="404"\} 2$/m);
    expect(text).not.toContain('unmatched');
    expect(text).not.toContain('error_type=""');
    expect(text).not.toContain('/no/such');
    expect(text).not.toContain('healthz');
    expect(text).not.toContain('readyz');
  });

  it('carries an authenticated synthetic marker to downstream calls as W3C baggage, and ignores unsigned ones', async () => {
    const traceId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const traceparent = `00-${traceId}-00f067aa0ba902b7-01`;
    const signed = { traceparent, 'x-zeus-synthetic': signSyntheticMarker(SYNTHETIC_KEY, traceId) };
    expect(await (await untracedFetch(`${base}/probe`, signed)).json()).toEqual({ source: 'synthetic' });
    expect(await (await fetch(`${base}/probe`)).json()).toEqual({ source: 'user' });
    // a client claiming to be a probe, by header or by baggage, is a user
    expect(await (await fetch(`${base}/probe`, { headers: { 'x-zeus-synthetic': '1' } })).json()).toEqual({ source: 'user' });
    expect(await (await untracedFetch(`${base}/probe`, { traceparent, baggage: 'zeus.synthetic=true' })).json()).toEqual({ source: 'user' });
    const span = await waitFor('synthetic span', () => receiver.spans.find((s) => s.name === 'GET /probe' && s.attributes['zeus.synthetic'] === true));
    expect(span.traceId).toBe(traceId);
    expect(receiver.spans.find((s) => s.name === 'GET /source' && s.traceId === span.traceId)?.attributes['zeus.synthetic']).toBe(true);
    expect(receiver.spans.filter((s) => s.attributes['zeus.synthetic'] === true).every((s) => s.traceId === traceId)).toBe(true);
  });

  it('redacts error messages and stacks in exception events, error logs and child bindings', async () => {
    expect((await fetch(`${base}/fails-with-student-data`)).status).toBe(500);
    const span = await waitFor('exception span', () => receiver.spans.find((s) => s.name === 'GET /fails-with-student-data'));
    expect(span.raw).toContain('exception.stacktrace');
    expect(span.raw).toContain('no enrollment for [email] ([student_id])');
    const lines = await waitFor('error lines', () => {
      const found = logLines.filter((l) => l.msg === 'enrollment lookup failed' || l.msg === 'child logger' || String(l.msg).startsWith('no enrollment'));
      return found.length === 3 ? found : undefined;
    });
    const err = lines.find((l) => l.msg === 'enrollment lookup failed')!.err as Record<string, string>;
    expect(err.message).toBe('no enrollment for [email] ([student_id]), "?"');
    expect(err.stack).toContain('telemetry.test.ts');
    expect(lines.find((l) => l.msg === 'child logger')).toMatchObject({ student: '[REDACTED]', studentId: '[REDACTED]' });
    const everything = JSON.stringify(lines) + span.raw;
    for (const secret of ['alice@zeus.edu', 'S00054321', 'Alice', 'Nguyen']) expect(everything, secret).not.toContain(secret);
  });

  it('measures outgoing fetch calls by peer, status and error type', async () => {
    expect((await fetch(`${base}/probe`)).status).toBe(200);
    // A port nothing listens on: the error is recorded, and the app sees fetch's own error.
    const closed = (await import('node:net')).createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(fetch(`http://127.0.0.1:${port}/x`)).rejects.toThrow();
    const text = await waitFor('client metrics', async () => {
      const body = await (await fetch(metricsUrl())).text();
      return /error_type="ECONNREFUSED"/.test(body) && body;
    });
    const serverPort = new URL(base).port;
    expect(text).toMatch(new RegExp(`http_client_request_duration_seconds_count\\{http_request_method="GET",server_address="127\\.0\\.0\\.1",server_port="${serverPort}",http_response_status_code="200"\\} [1-9]`));
    expect(text).toMatch(new RegExp(`http_client_request_duration_seconds_count\\{http_request_method="GET",server_address="127\\.0\\.0\\.1",server_port="${port}",error_type="ECONNREFUSED"\\} 1`));
  });

  it('marks 5xx responses as errors in spans and in the RED histogram', async () => {
    expect((await fetch(`${base}/boom`)).status).toBe(500);
    const span = await waitFor('error span', () => receiver.spans.find((s) => s.name === 'GET /boom'));
    expect(span.attributes['error.type']).toBe('500');
    expect(span.raw).toContain('"code":2');
    const text = await (await fetch(metricsUrl())).text();
    expect(text).toMatch(/http_server_request_duration_seconds_count\{http_request_method="GET",url_scheme="http",http_route="\/boom",http_response_status_code="500",error_type="500"\} 1/);
  });

  it('serves Prometheus text by default and OpenMetrics with exemplars from exported spans when asked', async () => {
    await fetch(`${base}/courses/CS101`);
    const text = await fetch(metricsUrl());
    expect(text.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const plain = await text.text();
    expect(plain).toContain('http_route="/courses/:code"');
    expect(plain).not.toContain('trace_id');
    const om = await fetch(metricsUrl(), { headers: { accept: 'application/openmetrics-text; version=1.0.0' } });
    expect(om.headers.get('content-type')).toContain('application/openmetrics-text');
    const body = await om.text();
    const exemplar = /http_server_request_duration_seconds_bucket\{[^}]*http_route="\/courses\/:code"[^}]*\} \d+ # \{trace_id="([0-9a-f]{32})",span_id="([0-9a-f]{16})"\}/.exec(body);
    expect(exemplar).not.toBeNull();
    await waitFor('exemplar trace exported', () => receiver.spans.some((s) => s.traceId === exemplar![1] && s.spanId === exemplar![2]));
    expect(body).toMatch(/db_client_operation_duration_seconds_count\{db_system_name="sqlite",db_operation_name="SELECT",db_collection_name="courses"\} 1/);
    expect(body.trimEnd().endsWith('# EOF')).toBe(true);
  });

  it('correlates log lines with the active span and redacts their student data', async () => {
    await fetch(`${base}/api/students/S00054321`);
    const line = await waitFor('log line', () => logLines.find((l) => String(l.msg).startsWith('read ')));
    expect(line.msg).toBe('read [student_id]');
    expect(line.email).toBe('[REDACTED]');
    expect(line.authorization).toBe('[REDACTED]');
    expect(line['service.name']).toBe('enrollment');
    expect(line.trace_flags).toBe('01');
    const span = await waitFor('span of the logged request', () =>
      receiver.spans.find((s) => s.traceId === line.trace_id && s.spanId === line.span_id));
    expect(span.name).toBe('GET /api/students/:id');
  });

  it('passes results and errors of database calls through unchanged, sync and async', async () => {
    expect(withDbSpan({ system: 'sqlite', operation: 'SELECT' }, () => 42)).toBe(42);
    expect(() => withDbSpan({ system: 'sqlite', operation: 'INSERT', collection: 'enrollments' }, () => {
      throw Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT' });
    })).toThrow('UNIQUE constraint failed');
    await expect(withDbSpan({ system: 'sqlite', operation: 'UPDATE' }, async () => {
      throw new Error('busy');
    })).rejects.toThrow('busy');
    const span = await waitFor('failed db span', () => receiver.spans.find((s) => s.name === 'INSERT enrollments'));
    expect(span.attributes['error.type']).toBe('SQLITE_CONSTRAINT');
    const text = await (await fetch(metricsUrl())).text();
    expect(text).toContain('db_operation_name="INSERT",db_collection_name="enrollments",error_type="SQLITE_CONSTRAINT"');
  });

  it('exposes the resource as target_info: an info family in OpenMetrics, a gauge in text, one series', async () => {
    const text = await (await fetch(metricsUrl())).text();
    const series = text.split('\n').filter((l) => l.startsWith('target_info'));
    expect(series).toHaveLength(1);
    expect(text).toContain('# TYPE target_info gauge');
    expect(series[0]).toMatch(/^target_info\{.*\} 1$/);
    for (const label of ['service_name="enrollment"', 'service_namespace="zeus"', 'zeus_team="registrar"', 'process_runtime_name="nodejs"', `process_pid="${process.pid}"`]) {
      expect(series[0]).toContain(label);
    }
    const om = await (await fetch(metricsUrl(), { headers: { accept: 'application/openmetrics-text; version=1.0.0' } })).text();
    expect(om).toContain('# TYPE target info');
    expect(om).toMatch(/^target_info\{[^}]*service_name="enrollment"[^}]*\} 1$/m);
  });

  it('keeps counter names intact when the app serialises the registry itself', async () => {
    const own = await telemetry.registry.metrics();
    expect(own).toContain('zeus_telemetry_spans_exported_total ');
    expect(own.endsWith('# EOF\n')).toBe(true);
    expect(await (await fetch(metricsUrl())).text()).toMatch(/^zeus_telemetry_spans_exported_total \d+/m);
  });

  it('counts exported spans and the last successful export in its health metrics', async () => {
    await telemetry.flush();
    const text = await (await fetch(metricsUrl())).text();
    const exported = Number(/^zeus_telemetry_spans_exported_total (\d+)/m.exec(text)?.[1]);
    expect(exported).toBeGreaterThanOrEqual(receiver.spans.length - 1);
    expect(exported).toBeGreaterThan(0);
    const last = Number(/^zeus_telemetry_last_export_success_timestamp_seconds ([\d.e+]+)/m.exec(text)?.[1]);
    expect(Math.abs(last - Date.now() / 1000)).toBeLessThan(60);
    expect(text).toMatch(/^zeus_telemetry_spans_dropped_total\{reason="queue_full"\} 0/m);
    expect(text).toMatch(/^nodejs_eventloop_utilization_ratio /m);
  });
});
