import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry, type RegistryContentType } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/options.js';
import { logins } from '../src/catalog/index.js';
import { startMetricsEndpoint, type MetricsEndpoint } from '../src/metrics/endpoint.js';
import { createMetricRecorder } from '../src/metrics/recorder.js';
import { waitFor } from '../../test/support/index.js';

let endpoint: MetricsEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

async function serve(bearerToken?: string, requireAuth = false): Promise<string> {
  const registry = new Registry<RegistryContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  createMetricRecorder(registry).counter(logins).inc({ outcome: 'success', role: 'student', source: 'user' });
  endpoint = startMetricsEndpoint(registry, { host: '127.0.0.1', port: 0, bearerToken, requireAuth, warn: () => {} });
  await waitFor('metrics endpoint', () => endpoint!.server.listening);
  return `http://127.0.0.1:${endpoint.port()}`;
}

describe('metrics endpoint', () => {
  it('requires the bearer token read from the configured file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zeus-token-'));
    writeFileSync(join(dir, 'token'), 's3cret-token\n');
    const config = resolveConfig({}, { ZEUS_METRICS_BEARER_TOKEN_FILE: join(dir, 'token') }, () => {});
    expect(config.metrics?.bearerToken).toBe('s3cret-token');
    const base = await serve(config.metrics!.bearerToken);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer s3cret-token' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('zeus_logins_total{outcome="success",role="student",source="user"} 1');
  });

  for (const [what, content] of [['missing', undefined], ['empty', '  \n']] as const) {
    it(`refuses every scrape (401) when the bearer token file is set but ${what}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'zeus-token-'));
      const file = join(dir, 'token');
      if (content !== undefined) writeFileSync(file, content);
      const config = resolveConfig({}, { ZEUS_METRICS_BEARER_TOKEN_FILE: file }, () => {});
      const base = await serve(config.metrics!.bearerToken, config.metrics!.requireAuth);
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer ' } })).status).toBe(401);
      expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer undefined' } })).status).toBe(401);
    });
  }

  it('negotiates the format by Accept header and answers 404 elsewhere', async () => {
    const base = await serve();
    const text = await fetch(`${base}/metrics`, { headers: { accept: 'text/plain;version=0.0.4;q=0.5,*/*;q=0.1' } });
    expect(text.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const om = await fetch(`${base}/metrics`, { headers: { accept: 'application/openmetrics-text;version=1.0.0,text/plain;q=0.5' } });
    expect(om.headers.get('content-type')).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect((await om.text()).endsWith('# EOF\n')).toBe(true);
    expect((await fetch(`${base}/other`)).status).toBe(404);
  });

  it('warns instead of failing when the port is taken', async () => {
    const base = await serve();
    const warnings: string[] = [];
    const second = startMetricsEndpoint(new Registry(), {
      host: '127.0.0.1', port: Number(new URL(base).port), warn: (m) => warnings.push(m),
    });
    await waitFor('bind failure warning', () => warnings.length > 0);
    expect(warnings[0]).toContain('EADDRINUSE');
    await second.close();
  });
});
