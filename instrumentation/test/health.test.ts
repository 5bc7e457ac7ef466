import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { health, type HealthOptions } from '../src/http/health.js';
import { signSyntheticMarker, verifySyntheticMarker } from '../src/http/synthetic-marker.js';
import { trafficSourceWith } from '../src/http/traffic-source.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(options: HealthOptions): Promise<string> {
  const middleware = health(options);
  server = createServer((req, res) => middleware(req, res, () => res.end('app')));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe('health middleware', () => {
  it('answers /healthz without running checks', async () => {
    let ran = false;
    const base = await serve({ checks: { db: () => (ran = true) } });
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(ran).toBe(false);
  });

  it('reports 200 from /readyz when every check passes', async () => {
    const base = await serve({ checks: { db: () => true, cache: async () => 'fine' } });
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(body.checks.db!.status).toBe('ok');
    expect(body.checks.cache!.status).toBe('ok');
  });

  it('reports 503 naming the failing and timed-out checks, logging the error text instead of answering with it', async () => {
    const logged: Array<[string, unknown]> = [];
    const base = await serve({
      timeoutMs: 100,
      onCheckFailure: (name, error) => logged.push([name, error]),
      checks: {
        db: () => { throw new Error('SQLITE_CANTOPEN: unable to open /var/lib/zeus/secret/zeus.db'); },
        upstream: () => { throw new Error('connect ECONNREFUSED 10.1.2.3:5432'); },
        api: () => new Promise(() => {}),
        flag: () => false,
        ok: () => undefined,
      },
    });
    const started = Date.now();
    const res = await fetch(`${base}/readyz`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(503);
    const text = await res.text();
    const body = JSON.parse(text) as { checks: Record<string, { status: string; error?: string }> };
    expect(body.checks.db).toMatchObject({ status: 'fail', error: 'failed' });
    expect(body.checks.upstream).toMatchObject({ status: 'fail', error: 'failed' });
    expect(body.checks.api).toMatchObject({ status: 'fail', error: 'timed out' });
    expect(body.checks.flag).toMatchObject({ status: 'fail', error: 'returned false' });
    expect(body.checks.ok!.status).toBe('ok');
    for (const internal of ['/var/lib', 'zeus.db', '10.1.2.3', '5432', 'SQLITE']) expect(text).not.toContain(internal);
    expect(logged.map(([name]) => name).sort()).toEqual(['api', 'db', 'flag', 'upstream']);
    expect(String(logged.find(([name]) => name === 'db')![1])).toContain('/var/lib/zeus/secret/zeus.db');
  });

  it('passes other requests to the app', async () => {
    const base = await serve({});
    expect(await (await fetch(`${base}/courses`)).text()).toBe('app');
    expect(await (await fetch(`${base}/healthz`, { method: 'POST' })).text()).toBe('app');
  });
});

describe('trafficSource', () => {
  const key = 'test-synthetic-key';
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const traceparent = `00-${traceId}-00f067aa0ba902b7-01`;

  it('counts a request as synthetic only when its marker is signed for its own trace id', () => {
    const marker = signSyntheticMarker(key, traceId);
    expect(trafficSourceWith({ headers: { traceparent, 'x-zeus-synthetic': marker } }, key)).toBe('synthetic');
    expect(trafficSourceWith({ headers: { traceparent, baggage: `a=b, zeus.synthetic=${marker};prop=1` } }, key)).toBe('synthetic');
    // a service that forwards an unsigned header beside the propagated, signed baggage entry
    expect(trafficSourceWith({ headers: { traceparent, 'x-zeus-synthetic': '1', baggage: `zeus.synthetic=${marker}` } }, key)).toBe('synthetic');
  });

  it('treats unsigned, forged, replayed, stale and keyless markers as user traffic', () => {
    const marker = signSyntheticMarker(key, traceId);
    const other = `00-${'1'.repeat(32)}-00f067aa0ba902b7-01`;
    const cases: Array<[Record<string, string>, string | undefined]> = [
      [{ traceparent, 'x-zeus-synthetic': '1' }, key],
      [{ traceparent, 'x-zeus-synthetic': 'true' }, key],
      [{ traceparent, baggage: 'zeus.synthetic=true' }, key],
      [{ traceparent, 'x-zeus-synthetic': signSyntheticMarker('another-key', traceId) }, key],
      [{ traceparent: other, 'x-zeus-synthetic': marker }, key],
      [{ 'x-zeus-synthetic': marker }, key],
      [{ traceparent, 'x-zeus-synthetic': signSyntheticMarker(key, traceId, Date.now() - 3600_000) }, key],
      [{ traceparent, 'x-zeus-synthetic': marker }, undefined],
      [{}, key],
    ];
    for (const [headers, withKey] of cases) expect(trafficSourceWith({ headers }, withKey), JSON.stringify(headers)).toBe('user');
    expect(trafficSourceWith(undefined, key)).toBe('user');
  });

  it('verifies markers within the allowed clock window only', () => {
    const now = Date.now();
    expect(verifySyntheticMarker(key, signSyntheticMarker(key, traceId, now - 60_000), traceId, now)).toBe(true);
    expect(verifySyntheticMarker(key, signSyntheticMarker(key, traceId, now + 3600_000), traceId, now)).toBe(false);
    expect(verifySyntheticMarker(key, 'v1.1.x', traceId, now)).toBe(false);
    expect(verifySyntheticMarker('', signSyntheticMarker('', traceId), traceId, now)).toBe(false);
  });
});
