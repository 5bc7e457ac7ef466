import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/index.js';
import { signSyntheticMarker } from '../src/http/synthetic-marker.js';
import { startApp, type RunningApp } from './support/app-process.js';
import { startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver.js';

const KEY = 'trust-test-key-0123456789';
let dir: string;
let receiver: OtlpReceiver;
const apps: RunningApp[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zeus-trust-'));
  writeFileSync(join(dir, 'synthetic.key'), `${KEY}\n`, { mode: 0o600 });
  receiver = await startOtlpReceiver();
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop(2000);
});
afterAll(async () => {
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An app that keeps no trace of its own choosing (ratio 0): only a trusted sampled flag can make it record. */
async function app(name: string, extra: Record<string, string> = {}): Promise<RunningApp> {
  const started = await startApp('app.mjs', {
    OTEL_SERVICE_NAME: name,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_TRACES_SAMPLER_ARG: '0',
    OTEL_BSP_SCHEDULE_DELAY: '50',
    ZEUS_SYNTHETIC_KEY_FILE: join(dir, 'synthetic.key'),
    ZEUS_LOG_LEVEL: 'silent',
    ...extra,
  });
  apps.push(started);
  return started;
}

const traceId = (n: number) => `${String(n).padStart(4, '0')}${'ab'.repeat(14)}`;
const traceparent = (id: string) => `00-${id}-00f067aa0ba902b7-01`;

describe('trace context from clients', () => {
  it('ignores a client\'s sampled flag and drops its baggage, but honours an authenticated probe', async () => {
    const inside = await app('inside', { ZEUS_TRUST_UPSTREAM_TRACE: 'true' });
    const front = await app('front', { DOWNSTREAM: inside.base });

    const attacker = traceId(1);
    const forged = await (await fetch(`${front.base}/forward`, {
      headers: { traceparent: traceparent(attacker), baggage: 'zeus.synthetic=true,user.email=alice%40zeus.edu', 'x-zeus-synthetic': '1' },
    })).json() as { source: string; downstream: { headers: Record<string, string>; source: string } };
    expect(forged.source).toBe('user');
    expect(forged.downstream.source).toBe('user');
    expect(forged.downstream.headers.baggage).toBeUndefined();
    // the client's trace id is kept for correlation, but the sampling decision is ours (drop)
    expect(forged.downstream.headers.traceparent).toMatch(new RegExp(`^00-${attacker}-[0-9a-f]{16}-00$`));

    const probe = traceId(2);
    const signed = await (await fetch(`${front.base}/forward`, {
      headers: { traceparent: traceparent(probe), 'x-zeus-synthetic': signSyntheticMarker(KEY, probe), baggage: 'journey=student-enrollment' },
    })).json() as typeof forged;
    expect(signed.source).toBe('synthetic');
    expect(signed.downstream.source).toBe('synthetic');
    expect(signed.downstream.headers.baggage).toContain('journey=student-enrollment');
    expect(signed.downstream.headers.traceparent).toMatch(new RegExp(`^00-${probe}-[0-9a-f]{16}-01$`));

    // once the probe's spans (from both services) have arrived, the forged request's would have too
    await waitFor('probe spans from both services', () => {
      const services = new Set(receiver.spans.filter((s) => s.traceId === probe).map((s) => s.resource['service.name']));
      return services.has('front') && services.has('inside');
    });
    expect(receiver.spans.filter((s) => s.traceId === attacker)).toEqual([]);
  });

  it('with ZEUS_TRUST_UPSTREAM_TRACE=true, honours the sampled flag and forwards baggage, minus an unsigned synthetic mark', async () => {
    const inside = await app('inside-2');
    const trusted = await app('trusted', { ZEUS_TRUST_UPSTREAM_TRACE: 'true', DOWNSTREAM: inside.base });
    const id = traceId(3);
    const out = await (await fetch(`${trusted.base}/forward`, {
      headers: { traceparent: traceparent(id), baggage: 'zeus.synthetic=true,tenant=zeus' },
    })).json() as { source: string; downstream: { headers: Record<string, string> } };
    expect(out.source).toBe('user');
    expect(out.downstream.headers.baggage).toBe('tenant=zeus');
    await waitFor('trusted span', () => receiver.spans.find((s) => s.traceId === id && s.resource['service.name'] === 'trusted'));
  });
});
