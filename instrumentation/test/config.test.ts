import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INSTRUMENTATIONS, DEFAULT_SAMPLER_RATIO, resolveConfig } from '../src/config/options.js';

function resolve(env: Record<string, string>) {
  const warnings: string[] = [];
  const config = resolveConfig({}, env, (m) => warnings.push(m));
  return { config, warnings };
}

describe('resolveConfig', () => {
  it('uses the documented defaults with an empty environment', () => {
    const { config, warnings } = resolve({});
    expect(warnings).toEqual([]);
    expect(config.sampler).toBe('parentbased_traceidratio');
    expect(config.samplerRatio).toBe(DEFAULT_SAMPLER_RATIO);
    expect(config.tracesEndpoint).toBe('http://localhost:4318/v1/traces');
    expect(config.protocol).toBe('http/protobuf');
    expect(config.metrics).toEqual({ host: '0.0.0.0', port: 9464, bearerToken: undefined, requireAuth: false });
    expect(config.trustUpstreamTrace).toBe(false);
    expect(config.syntheticKey).toBeUndefined();
    expect(config.redaction.maxValueLength).toBe(2048);
    expect(config.instrumentations).toEqual(DEFAULT_INSTRUMENTATIONS);
    expect(config.excludePaths).toEqual(['/healthz', '/readyz', '/metrics']);
    expect(config.shutdownTimeoutMs).toBe(5000);
    expect(config.bsp).toEqual({ scheduleDelayMs: 5000, exportTimeoutMs: 30000, maxQueueSize: 2048, maxExportBatchSize: 512 });
  });

  it('reads the standard OTel variables', () => {
    const { config, warnings } = resolve({
      OTEL_SERVICE_NAME: 'enrollment',
      OTEL_RESOURCE_ATTRIBUTES: 'service.version=1.2.3,deployment.environment.name=staging,zeus.team=registrar%20apps',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_TRACES_SAMPLER: 'always_on',
      OTEL_TRACES_SAMPLER_ARG: '0.5',
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: '9100',
      OTEL_BSP_MAX_QUEUE_SIZE: '100',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '50',
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pino',
      OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,undici,pino,express',
    });
    expect(warnings).toEqual([]);
    expect(config.resource).toMatchObject({
      'service.name': 'enrollment', 'service.version': '1.2.3', 'deployment.environment.name': 'staging',
      'zeus.team': 'registrar apps', 'service.namespace': 'zeus',
    });
    expect(config.tracesEndpoint).toBe('http://collector:4318/v1/traces');
    expect(config.protocol).toBe('http/json');
    expect(config.sampler).toBe('always_on');
    expect(config.samplerRatio).toBe(0.5);
    expect(config.metrics).toMatchObject({ host: '127.0.0.1', port: 9100 });
    expect(config.bsp.maxQueueSize).toBe(100);
    expect(config.instrumentations).toEqual(['http', 'undici', 'express']);
  });

  it('gives one warning per bad value, naming the variable, and falls back to the default', () => {
    const { config, warnings } = resolve({
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_TRACES_SAMPLER_ARG: '1.5',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_PROMETHEUS_PORT: 'ninety',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url',
      OTEL_BSP_SCHEDULE_DELAY: '-5',
      OTEL_SDK_DISABLED: 'yes please',
      OTEL_LOG_LEVEL: 'loud',
      OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,telepathy',
      ZEUS_STUDENT_ID_PATTERN: '([',
    });
    const names = [
      'OTEL_TRACES_SAMPLER=', 'OTEL_TRACES_SAMPLER_ARG=', 'OTEL_EXPORTER_OTLP_PROTOCOL=', 'OTEL_EXPORTER_PROMETHEUS_PORT=',
      'OTEL_EXPORTER_OTLP_ENDPOINT=', 'OTEL_BSP_SCHEDULE_DELAY=', 'OTEL_SDK_DISABLED=', 'OTEL_LOG_LEVEL=',
      'OTEL_NODE_ENABLED_INSTRUMENTATIONS names', 'ZEUS_STUDENT_ID_PATTERN=',
    ];
    for (const name of names) expect(warnings.filter((w) => w.startsWith(name)), name).toHaveLength(1);
    expect(warnings).toHaveLength(names.length);
    expect(config.sampler).toBe('parentbased_traceidratio');
    expect(config.samplerRatio).toBe(DEFAULT_SAMPLER_RATIO);
    expect(config.protocol).toBe('http/protobuf');
    expect(config.metrics?.port).toBe(9464);
    expect(config.tracesEndpoint).toBe('http://localhost:4318/v1/traces');
    expect(config.bsp.scheduleDelayMs).toBe(5000);
    expect(config.disabled).toBe(false);
    expect(config.instrumentations).toEqual(['http']);
    expect(config.redaction.studentIdPattern).toBeUndefined();
  });

  it('lets programmatic options override the environment', () => {
    const config = resolveConfig(
      { serviceName: 'grades', samplerRatio: 1, metrics: null, tracesEndpoint: null, team: 'faculty' },
      { OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER_ARG: '0.2' },
      () => {},
    );
    expect(config.serviceName).toBe('grades');
    expect(config.samplerRatio).toBe(1);
    expect(config.metrics).toBeUndefined();
    expect(config.tracesEndpoint).toBeUndefined();
    expect(config.resource['zeus.team']).toBe('faculty');
  });

  it('requires auth on /metrics when the bearer token file is set but missing, and warns', () => {
    const { config, warnings } = resolve({ ZEUS_METRICS_BEARER_TOKEN_FILE: '/nonexistent/token' });
    expect(config.metrics?.bearerToken).toBeUndefined();
    expect(config.metrics?.requireAuth).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('ZEUS_METRICS_BEARER_TOKEN_FILE');
    expect(warnings[0]).toContain('refused');
  });

  it('warns about an invalid student-ID pattern in options and falls back instead of throwing', () => {
    const warnings: string[] = [];
    const config = resolveConfig({ redaction: { studentIdPattern: '([' } }, {}, (m) => warnings.push(m));
    expect(config.redaction.studentIdPattern).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('redaction.studentIdPattern');
  });

  it('reads the redaction, trust and synthetic-key settings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zeus-config-'));
    writeFileSync(join(dir, 'key'), 'k3y\n');
    const { config, warnings } = resolve({
      ZEUS_STUDENT_ID_PATTERN: 'U\\d{6}', ZEUS_REDACT_QUERY_ALLOWLIST: 'course,term', ZEUS_CAPTURE_HEADERS: 'accept',
      ZEUS_REDACT_SAFE_FIELDS: 'courseName', OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '512', ZEUS_TRUST_UPSTREAM_TRACE: 'true',
      ZEUS_SYNTHETIC_KEY_FILE: join(dir, 'key'),
    });
    expect(warnings).toEqual([]);
    expect(config.redaction).toMatchObject({
      studentIdPattern: 'U\\d{6}', queryAllowlist: ['course', 'term'], captureHeaders: ['accept'], safeFields: ['courseName'], maxValueLength: 512,
    });
    expect(config.trustUpstreamTrace).toBe(true);
    expect(config.syntheticKey).toBe('k3y');
  });
});
