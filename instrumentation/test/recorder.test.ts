import { Registry, type RegistryContentType } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { enrollmentAttempts, httpServerRequestDuration, logins, telemetrySpanQueueSize } from '../src/catalog/index.js';
import { renderMetrics } from '../src/metrics/exposition.js';
import { createMetricRecorder, OVERFLOW_LABEL_VALUE } from '../src/metrics/recorder.js';

function openMetricsRegistry(): Registry<RegistryContentType> {
  const registry = new Registry<RegistryContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return registry;
}

describe('createMetricRecorder', () => {
  it('records counters, gauges and histograms under their catalogue names', async () => {
    const registry = openMetricsRegistry();
    const recorder = createMetricRecorder(registry);
    recorder.counter(logins).inc({ outcome: 'success', role: 'student', source: 'user' }, 2);
    recorder.gauge(telemetrySpanQueueSize).set({}, 7);
    recorder.histogram(httpServerRequestDuration).observe(
      { http_request_method: 'GET', url_scheme: 'http', http_route: '/x', http_response_status_code: '200', error_type: '' },
      0.02,
    );
    const text = await renderMetrics(registry, false);
    expect(text).toContain('zeus_logins_total{outcome="success",role="student",source="user"} 2');
    expect(text).toContain('zeus_telemetry_span_queue_size 7');
    // the empty error_type is left out, not written as error_type=""
    expect(text).toContain('http_server_request_duration_seconds_bucket{le="0.025",http_request_method="GET",url_scheme="http",http_route="/x",http_response_status_code="200"} 1');
  });

  it('redacts emails and student IDs in free label values, once per label set', async () => {
    const registry = openMetricsRegistry();
    const recorder = createMetricRecorder(registry);
    recorder.counter(enrollmentAttempts).inc({ term: 'S00012345', outcome: 'enrolled', source: 'user' });
    recorder.counter(enrollmentAttempts).inc({ term: 'S00012345', outcome: 'enrolled', source: 'user' });
    recorder.histogram(httpServerRequestDuration).observe(
      { http_request_method: 'GET', url_scheme: 'http', http_route: '/users/alice@zeus.edu', http_response_status_code: '200', error_type: '' },
      0.02,
    );
    const text = await renderMetrics(registry, false);
    expect(text).toContain('zeus_enrollment_attempts_total{term="[student_id]",outcome="enrolled",source="user"} 2');
    expect(text).toContain('http_route="/users/[email]"');
    expect(text).not.toContain('S00012345');
    expect(text).not.toContain('alice');
  });

  it('rejects wrong label keys and values at compile time', () => {
    const recorder = createMetricRecorder(openMetricsRegistry());
    // @ts-expect-error outcome must be one of the catalogue's enrollment outcomes
    recorder.counter(enrollmentAttempts).inc({ term: '2027SP', outcome: 'maybe', source: 'user' });
    // @ts-expect-error 'student' is not a label of zeus_enrollment_attempts_total
    recorder.counter(enrollmentAttempts).inc({ term: '2027SP', outcome: 'enrolled', source: 'user', student: 'S00012345' });
    // @ts-expect-error a gauge definition is not a counter
    recorder.counter(telemetrySpanQueueSize);
    expect(true).toBe(true);
  });

  it('returns the same handle for the same metric and reuses metrics already in the registry', () => {
    const registry = openMetricsRegistry();
    const a = createMetricRecorder(registry);
    const b = createMetricRecorder(registry);
    expect(a.counter(logins)).toBe(a.counter(logins));
    expect(() => b.counter(logins).inc({ outcome: 'failure', role: 'unknown', source: 'synthetic' })).not.toThrow();
  });

  it('folds label sets beyond the cap into one overflow series and counts them', async () => {
    const registry = openMetricsRegistry();
    const recorder = createMetricRecorder(registry, { cardinalityLimit: 3 });
    for (let i = 0; i < 10; i++) {
      recorder.counter(enrollmentAttempts).inc({ term: `T${i}`, outcome: 'enrolled', source: 'user' });
    }
    const text = await renderMetrics(registry, false);
    const series = text.split('\n').filter((l) => l.startsWith('zeus_enrollment_attempts_total{'));
    expect(series).toHaveLength(4);
    expect(text).toContain(`zeus_enrollment_attempts_total{term="${OVERFLOW_LABEL_VALUE}",outcome="${OVERFLOW_LABEL_VALUE}",source="${OVERFLOW_LABEL_VALUE}"} 7`);
    expect(text).toContain('zeus_telemetry_cardinality_overflow_total{metric="zeus_enrollment_attempts_total"} 7');
  });

  it('never throws into the caller on invalid values', () => {
    const recorder = createMetricRecorder(openMetricsRegistry());
    expect(() => recorder.counter(logins).inc({ outcome: 'success', role: 'student', source: 'user' }, -1)).not.toThrow();
  });
});

describe('renderMetrics', () => {
  it('writes exemplars only in OpenMetrics, with counters named per OpenMetrics', async () => {
    const registry = openMetricsRegistry();
    const recorder = createMetricRecorder(registry);
    recorder.histogram(httpServerRequestDuration).observe(
      { http_request_method: 'GET', url_scheme: 'http', http_route: '/a', http_response_status_code: '200', error_type: '' },
      0.003,
      { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 },
    );
    recorder.counter(logins).inc({ outcome: 'success', role: 'student', source: 'user' });
    const om = await renderMetrics(registry, true);
    expect(om).toMatch(/http_server_request_duration_seconds_bucket\{le="0.005",[^}]*\} 1 # \{trace_id="0af7651916cd43dd8448eb211c80319c",span_id="b7ad6b7169203331"\} 0.003 \d+/);
    expect(om).toContain('# TYPE zeus_logins counter');
    expect(om).toContain('zeus_logins_total{');
    expect(om.endsWith('# EOF\n')).toBe(true);
    const text = await renderMetrics(registry, false);
    expect(text).not.toContain('trace_id');
    expect(text).toContain('# TYPE zeus_logins_total counter');
    // a second OpenMetrics render leaves the text format intact (no shared mutable state)
    await renderMetrics(registry, true);
    expect(await renderMetrics(registry, false)).toBe(text);
  });

  it('gives no exemplar for unsampled spans', async () => {
    const registry = openMetricsRegistry();
    createMetricRecorder(registry).histogram(httpServerRequestDuration).observe(
      { http_request_method: 'GET', url_scheme: 'http', http_route: '/a', http_response_status_code: '200', error_type: '' },
      0.003,
      { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 0 },
    );
    expect(await renderMetrics(registry, true)).not.toContain('trace_id');
  });
});
