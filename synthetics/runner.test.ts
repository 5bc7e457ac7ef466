import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test/support/index.js';
import { createBrowserHost, type BrowserHost } from './browser.js';
import { cleanupStep, defineJourney, step } from './define-journey.js';
import { EVIDENCE_FILES } from './evidence.js';
import { check } from './failure.js';
import { expectVisible, open } from './helpers.js';
import { createMasker } from './mask.js';
import { createSyntheticsMetrics } from './metrics.js';
import { runJourney, type RunnerOptions } from './runner.js';
import type { Journey } from './types.js';
import { readZip } from './zip-mask.js';

const PASSWORD = 'hunter2-Secret pass&';
/** Credentials the masker does not know: only header masking keeps them out of trace.zip. */
const SESSION = 'sess-4f1c9e2a7b';
const BEARER = 'bearer-8d3a61c0';

/** A tiny site: a login form, slow, failing and flaky pages; it records every request's headers. */
function site() {
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  let flaky = 0;
  const cleaned: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    seen.push({ path: url.pathname, headers: request.headers });
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const html = (status: number, content: string, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'text/html', ...headers });
        response.end(`<!doctype html><title>t</title>${content}`);
      };
      if (url.pathname === '/login' && request.method === 'GET')
        html(200, `<form method="post" action="/login"><input name="email"><input type="password" name="password"><button>Sign in</button></form>`);
      else if (url.pathname === '/login')
        html(200, `<h1 id="welcome">Welcome</h1><script>console.log('typed ' + ${JSON.stringify(new URLSearchParams(body).get('password'))})</script>`, {
          'set-cookie': `zeus_session=${SESSION}; HttpOnly; Path=/`,
        });
      else if (url.pathname === '/api') html(200, 'ok');
      else if (url.pathname === '/ok') html(200, '<h1 id="ok">fine</h1>');
      else if (url.pathname === '/boom') html(500, '<h1>Internal error</h1>');
      else if (url.pathname === '/slow') setTimeout(() => html(200, '<h1 id="ok">slow</h1>'), 6_000);
      else if (url.pathname === '/flaky') html(flaky++ === 0 ? 503 : 200, '<h1 id="ok">flaky</h1>');
      else if (url.pathname === '/cleanup') {
        cleaned.push(String(request.headers.traceparent));
        html(200, '<h1 id="ok">cleaned</h1>');
      } else html(404, 'no');
    });
  });
  return { server, seen, cleaned, reset: () => (flaky = 0) };
}

let host: BrowserHost;
let web: ReturnType<typeof site>;
let base: string;
let artifacts: string;

beforeAll(async () => {
  host = createBrowserHost();
  web = site();
  await new Promise<void>((resolve) => web.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(web.server.address() as AddressInfo).port}`;
  artifacts = await mkdtemp(join(tmpdir(), 'zeus-synthetics-runner-'));
});

afterAll(async () => {
  await host?.close();
  web.server.closeAllConnections();
  await new Promise((resolve) => web.server.close(resolve));
  if (!process.env.KEEP) await rm(artifacts, { recursive: true, force: true }); else console.log("ARTIFACTS", artifacts);
});

function options(overrides: Partial<RunnerOptions> = {}): RunnerOptions {
  return {
    browser: host,
    targets: { portal: base, services: {} },
    credentials: { student: { email: 'probe@zeus.test', password: PASSWORD } },
    masker: createMasker([PASSWORD]),
    location: 'test',
    artifactsDir: artifacts,
    ...overrides,
  };
}

const login = step('login', async (ctx) => {
  await open(ctx, '/login');
  const { email, password } = ctx.credential('student');
  await ctx.page.fill('input[name=email]', email);
  await ctx.page.fill('input[name=password]', password);
  await ctx.page.click('button');
  await expectVisible(ctx, ctx.page.locator('#welcome'), 'the welcome banner');
});

function journey(name: string, steps: Journey['steps'], extra: Partial<Journey> = {}): Journey {
  return defineJourney({ name, description: name, team: 'sre-platform', service: 'synthetics', stepTimeoutMs: 4_000, timeoutMs: 8_000, steps, ...extra });
}

async function evidenceFiles(dir: string | undefined): Promise<string[]> {
  expect(dir).toBeDefined();
  return (await readdir(dir!)).sort();
}

describe('runJourney', () => {
  it('passes a journey and sends one traceparent and the synthetic header on every request', async () => {
    const before = web.seen.length;
    const result = await runJourney(journey('happy', [login, step('home', (ctx) => open(ctx, '/ok').then(() => undefined))]), options());
    expect(result.success).toBe(true);
    expect(result.steps.map((s) => [s.name, s.status])).toEqual([['login', 'passed'], ['home', 'passed']]);
    expect(result.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(result.evidenceDir).toBeUndefined();
    const requests = web.seen.slice(before).filter((r) => r.path !== '/favicon.ico');
    expect(requests.map((r) => r.path)).toEqual(['/login', '/login', '/ok']);
    for (const { headers } of requests) {
      expect(headers.traceparent).toMatch(new RegExp(`^00-${result.traceId}-[0-9a-f]{16}-01$`));
      expect(headers['x-zeus-synthetic']).toBe('1');
    }
  });

  it('classifies a missing element as an assertion and writes masked evidence, session cookies and Authorization included', async () => {
    const result = await runJourney(
      journey('assertion', [login, step('missing', async (ctx) => {
        await ctx.page.setExtraHTTPHeaders({ authorization: `Bearer ${BEARER}` });
        await open(ctx, '/ok');
        await expectVisible(ctx, ctx.page.locator('#absent'), 'an element that is not there', 300);
      })]),
      options(),
    );
    expect(result.success).toBe(false);
    expect(result.failure).toMatchObject({ step: 'missing', reason: 'assertion' });
    expect(await evidenceFiles(result.evidenceDir)).toEqual(
      [EVIDENCE_FILES.log, EVIDENCE_FILES.failure, EVIDENCE_FILES.screenshot, EVIDENCE_FILES.trace].sort(),
    );
    const failure = JSON.parse(await readFile(join(result.evidenceDir!, EVIDENCE_FILES.failure), 'utf8'));
    expect(failure).toMatchObject({ failedStep: 'missing', reason: 'assertion', traceId: result.traceId });
    const log = await readFile(join(result.evidenceDir!, EVIDENCE_FILES.log), 'utf8');
    expect(log).toContain('console.log: typed ********');
    expect(log).not.toContain('hunter2');
    const trace = readZip(await readFile(join(result.evidenceDir!, EVIDENCE_FILES.trace)));
    expect(trace.some((e) => e.name === 'trace.trace')).toBe(true);
    const text = trace.map((e) => e.data.toString('latin1')).join('\n');
    expect(text).toContain('********');
    expect(text).not.toContain('hunter2');
    const network = trace.find((e) => e.name.endsWith('.network'))?.data.toString() ?? '';
    // The network entries hold the requests that carried them, with the values blanked.
    expect(network).toMatch(/"name":"[Ss]et-[Cc]ookie","value":"\*{8}"/);
    expect(network).toMatch(/"name":"[Cc]ookie","value":"\*{8}"/);
    expect(network).toMatch(/"name":"[Aa]uthorization","value":"\*{8}"/);
    expect(text).not.toContain(SESSION);
    expect(text).not.toContain(BEARER);
    expect((await stat(result.evidenceDir!)).mode & 0o777).toBe(0o700);
    for (const file of await evidenceFiles(result.evidenceDir)) expect((await stat(join(result.evidenceDir!, file))).mode & 0o777, file).toBe(0o600);
    const png = await readFile(join(result.evidenceDir!, EVIDENCE_FILES.screenshot));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('classifies an error page as http_5xx and a refused connection as navigation', async () => {
    const error = await runJourney(journey('server-error', [step('boom', (ctx) => open(ctx, '/boom').then(() => undefined))]), options());
    expect(error.failure).toMatchObject({ step: 'boom', reason: 'http_5xx' });
    const closedPort = await freePort();
    const down = await runJourney(
      journey('down', [login]),
      options({ targets: { portal: `http://127.0.0.1:${closedPort}`, services: {} } }),
    );
    expect(down.failure).toMatchObject({ step: 'login', reason: 'navigation' });
    expect(down.failure!.message).toContain('ERR_CONNECTION_REFUSED');
  });

  it('times a slow step out at its own budget and still runs cleanup', async () => {
    const started = Date.now();
    const result = await runJourney(
      journey('slow-step', [
        login,
        step('slow', (ctx) => open(ctx, '/slow').then(() => undefined), { timeoutMs: 1_000 }),
        step('never', async () => {}),
        cleanupStep('cleanup', (ctx) => open(ctx, '/cleanup').then(() => undefined)),
      ]),
      options(),
    );
    expect(Date.now() - started).toBeLessThan(5_500);
    expect(result.failure).toMatchObject({ step: 'slow', reason: 'timeout' });
    expect(result.steps.map((s) => s.status)).toEqual(['passed', 'failed', 'skipped', 'passed']);
    expect(web.cleaned).toContain(`00-${result.traceId}-${result.attempts[0]!.spanId}-01`);
  });

  it('flushes evidence when the overall timeout hits mid-step', async () => {
    const result = await runJourney(
      journey('overall', [step('warm', (ctx) => open(ctx, '/ok').then(() => undefined)), step('hang', (ctx) => open(ctx, '/slow').then(() => undefined))], {
        timeoutMs: 2_500,
        stepTimeoutMs: 2_500,
      }),
      options(),
    );
    expect(result.failure).toMatchObject({ step: 'hang', reason: 'timeout' });
    expect(result.failure!.message).toContain('overall');
    expect(await evidenceFiles(result.evidenceDir)).toEqual(expect.arrayContaining([EVIDENCE_FILES.trace, EVIDENCE_FILES.screenshot, EVIDENCE_FILES.log]));
    expect(result.durationMs).toBeLessThan(4_500);
  });

  it('retries with backoff under the same trace id and passes when the second attempt does', async () => {
    web.reset();
    const started = Date.now();
    const result = await runJourney(journey('flaky', [step('flaky', (ctx) => open(ctx, '/flaky').then(() => undefined))]), options({ retries: 2, backoffMs: 300 }));
    expect(result.success).toBe(true);
    expect(result.attempts.map((a) => a.success)).toEqual([false, true]);
    expect(result.attempts[0]!.failure?.reason).toBe('http_5xx');
    expect(result.attempts[0]!.evidenceDir).toBeDefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(new Set(result.attempts.map((a) => a.spanId)).size).toBe(2);
  });

  it('reports a crashed page as browser_crash and relaunches a disconnected browser', async () => {
    const crash = await runJourney(
      journey('crash', [step('crash', async (ctx) => {
        await ctx.page.goto('chrome://crash').catch(() => {});
        await ctx.page.waitForTimeout(5_000);
      })]),
      options(),
    );
    expect(crash.failure?.reason).toBe('browser_crash');
    const launches = host.launches;
    const killed = await runJourney(
      journey('killed', [step('kill', async () => {
        await (await host.acquire()).close();
        await new Promise((resolve) => setTimeout(resolve, 5_000));
      })]),
      options(),
    );
    expect(killed.failure?.reason).toBe('browser_crash');
    const after = await runJourney(journey('after', [login]), options());
    expect(after.success).toBe(true);
    expect(host.launches).toBe(launches + 1);
  });

  it('keeps only the newest evidence sets', async () => {
    const failing = journey('retention', [step('fail', async () => check(false, 'always fails'))], { browser: false });
    for (let i = 0; i < 4; i++) await runJourney(failing, options({ keepEvidence: 2 }));
    expect((await readdir(join(artifacts, 'retention'))).length).toBe(2);
  });

  it('records catalogue metrics from results', async () => {
    const registry = new Registry();
    const metrics = createSyntheticsMetrics(registry);
    metrics.declare('retention', 'test');
    const result = await runJourney(journey('retention', [step('fail', async () => check(false, 'always fails'))], { browser: false }), options());
    metrics.record(result);
    const text = await registry.metrics();
    expect(text).toContain('probe_success{journey="retention",location="test"} 0');
    expect(text).toContain('probe_failure_reason{journey="retention",location="test",reason="assertion"} 1');
    expect(text).toContain('probe_failure_reason{journey="retention",location="test",reason="timeout"} 0');
    expect(text).toContain('probe_step_success{journey="retention",location="test",step="fail"} 0');
    expect(text).toContain('zeus_synthetics_runs_total{journey="retention",location="test",result="failure"} 1');
    expect(text).toContain('zeus_synthetics_runs_total{journey="retention",location="test",result="success"} 0');
    expect(text).toMatch(/probe_last_run_timestamp_seconds\{journey="retention",location="test"\} \d+/);
  });
});
