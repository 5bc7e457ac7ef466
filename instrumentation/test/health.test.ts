import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { health, type HealthOptions } from '../src/http/health.js';
import { trafficSource } from '../src/http/traffic-source.js';

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

  it('reports 503 naming the failing and timed-out checks', async () => {
    const base = await serve({
      timeoutMs: 100,
      checks: {
        db: () => { throw new Error('database is locked'); },
        api: () => new Promise(() => {}),
        flag: () => false,
        ok: () => undefined,
      },
    });
    const started = Date.now();
    const res = await fetch(`${base}/readyz`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { checks: Record<string, { status: string; error?: string }> };
    expect(body.checks.db).toMatchObject({ status: 'fail', error: 'database is locked' });
    expect(body.checks.api).toMatchObject({ status: 'fail', error: 'timed out after 100 ms' });
    expect(body.checks.flag!.status).toBe('fail');
    expect(body.checks.ok!.status).toBe('ok');
  });

  it('passes other requests to the app', async () => {
    const base = await serve({});
    expect(await (await fetch(`${base}/courses`)).text()).toBe('app');
    expect(await (await fetch(`${base}/healthz`, { method: 'POST' })).text()).toBe('app');
  });
});

describe('trafficSource', () => {
  it('marks requests with a truthy x-zeus-synthetic header or zeus.synthetic baggage as synthetic', () => {
    expect(trafficSource({ headers: { 'x-zeus-synthetic': '1' } })).toBe('synthetic');
    expect(trafficSource({ headers: { 'x-zeus-synthetic': 'true' } })).toBe('synthetic');
    expect(trafficSource({ headers: { baggage: 'a=b, zeus.synthetic=true;prop=1' } })).toBe('synthetic');
  });

  it('treats everything else as user traffic', () => {
    expect(trafficSource({ headers: {} })).toBe('user');
    expect(trafficSource({ headers: { 'x-zeus-synthetic': '0' } })).toBe('user');
    expect(trafficSource({ headers: { baggage: 'zeus.synthetic=false' } })).toBe('user');
    expect(trafficSource({ headers: { baggage: 'not.zeus.synthetic=true' } })).toBe('user');
    expect(trafficSource()).toBe('user');
  });
});
