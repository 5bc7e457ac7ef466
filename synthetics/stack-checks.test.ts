// The stack-checks journey reads Prometheus's targets through the shared Prometheus client over
// the run's request context: these runs use a stand-in stack to show how each way the targets
// API can fail is classified, and that the run's trace headers reach Prometheus.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrowserHost, type BrowserHost } from './browser.js';
import stackChecks from './journeys/stack-checks.journey.js';
import { createMasker } from './mask.js';
import { runJourney, type RunnerOptions } from './runner.js';

type TargetsMode = 'up' | 'down' | 'http-503' | 'reset' | 'slow';

const UP = { health: 'up', labels: { job: 'zeus-services' }, scrapePool: 'zeus-services', scrapeUrl: 'http://127.0.0.1:1/metrics', lastError: '' };

/** Prometheus, Alertmanager and the services in one stand-in; `mode` decides the targets API's answer. */
function standInStack() {
  const state: { mode: TargetsMode; targetsHeaders: IncomingHttpHeaders[] } = { mode: 'up', targetsHeaders: [] };
  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/api/v1/targets') {
      state.targetsHeaders.push(req.headers);
      if (state.mode === 'reset') return req.socket.destroy();
      if (state.mode === 'slow') return;
      if (state.mode === 'http-503') return res.writeHead(503).end('Service Unavailable');
      const down = { ...UP, health: 'down', lastError: 'connection refused' };
      return json(res, 200, { status: 'success', data: { activeTargets: state.mode === 'down' ? [UP, down] : [UP] } });
    }
    if (path === '/api/v2/alerts') return json(res, 200, [{ labels: { alertname: 'Watchdog' }, status: { state: 'active' } }]);
    res.writeHead(200).end('ok');
  });
  return { server, state };
}

let host: BrowserHost;
let stack: ReturnType<typeof standInStack>;
let base: string;
let artifacts: string;

beforeAll(async () => {
  host = createBrowserHost();
  stack = standInStack();
  await new Promise<void>((resolve) => stack.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(stack.server.address() as AddressInfo).port}`;
  artifacts = await mkdtemp(join(tmpdir(), 'zeus-stack-checks-'));
});

afterAll(async () => {
  await host?.close();
  stack.server.closeAllConnections();
  await new Promise((resolve) => stack.server.close(resolve));
  await rm(artifacts, { recursive: true, force: true });
});

function options(): RunnerOptions {
  return {
    browser: host,
    targets: { portal: base, services: { portal: base, enrollment: base, grades: base }, prometheus: base, alertmanager: base },
    credentials: {},
    masker: createMasker([]),
    location: 'test',
    artifactsDir: artifacts,
  };
}

async function runWith(mode: TargetsMode) {
  stack.state.mode = mode;
  return runJourney({ ...stackChecks, stepTimeoutMs: 1_500, timeoutMs: 6_000 }, options());
}

describe('the stack-checks journey reading Prometheus targets through the Prometheus client', () => {
  it('passes when every target is up, sending the run trace headers to Prometheus', async () => {
    const before = stack.state.targetsHeaders.length;
    const result = await runWith('up');
    expect(result.failure).toBeUndefined();
    expect(result.success).toBe(true);
    const [headers] = stack.state.targetsHeaders.slice(before);
    expect(headers?.traceparent).toMatch(new RegExp(`^00-${result.traceId}-[0-9a-f]{16}-01$`));
    expect(headers?.['x-zeus-synthetic']).toBe('1');
  });

  it('fails targets-up as an assertion naming the down target', async () => {
    const result = await runWith('down');
    expect(result.failure).toMatchObject({ step: 'targets-up', reason: 'assertion' });
    expect(result.failure?.message).toContain('1 of 2 target(s) down: zeus-services http://127.0.0.1:1/metrics (connection refused)');
  });

  it('fails with the status reason when the targets API answers 503', async () => {
    expect((await runWith('http-503')).failure).toMatchObject({ step: 'targets-up', reason: 'http_5xx' });
  });

  it('fails as navigation when Prometheus drops the connection', async () => {
    expect((await runWith('reset')).failure).toMatchObject({ step: 'targets-up', reason: 'navigation' });
  });

  it('fails as a timeout when Prometheus does not answer within the step budget', async () => {
    expect((await runWith('slow')).failure).toMatchObject({ step: 'targets-up', reason: 'timeout' });
  });
});
