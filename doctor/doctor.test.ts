// `zeus-obs doctor` against real processes on loopback: fixture apps started the right and the
// wrong ways, OTLP receivers that accept, refuse or are absent, a port held by another server.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../instrumentation/test/support/app-process.js';
import { startOtlpReceiver, type OtlpReceiver } from '../instrumentation/test/support/otlp-receiver.js';
import { freePort } from '../test/support/index.js';
import { nodeVersionVerdict, runDoctor, type CheckId, type CheckResult, type DoctorOptions } from './index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TESTING = fileURLToPath(new URL('./testing/', import.meta.url));
const run = promisify(execFile);

let receiver: OtlpReceiver;
let failing: OtlpReceiver;
let healthy: RunningApp;
let healthyMetrics: string;
const started: RunningApp[] = [];
const servers: Server[] = [];
let scratch: string;

function project(name: string, apis: Record<string, string>, manifest: object = { name, type: 'module' }): string {
  const dir = join(scratch, name);
  for (const [path, version] of Object.entries(apis)) {
    mkdirSync(join(dir, path), { recursive: true });
    writeFileSync(join(dir, path, 'package.json'), JSON.stringify({ name: '@opentelemetry/api', version }));
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  return dir;
}

async function metricsApp(file: string, env: Record<string, string>, options: { cwd?: string; register?: boolean; preload?: '--import' | '--require' } = {}) {
  const port = await freePort();
  const app = await startApp(file, { OTEL_EXPORTER_PROMETHEUS_PORT: String(port), ...env }, options);
  started.push(app);
  return { app, metricsUrl: `http://127.0.0.1:${port}/metrics` };
}

function check(results: CheckResult[], id: CheckId): CheckResult {
  return results.find((r) => r.id === id)!;
}

function doctor(options: Partial<DoctorOptions>): Promise<CheckResult[]> {
  return runDoctor({ dir: join(scratch, 'one-api'), env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, waitMs: 5000, ...options });
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'zeus-doctor-'));
  project('one-api', { 'node_modules/@opentelemetry/api': '1.9.1' });
  receiver = await startOtlpReceiver();
  failing = await startOtlpReceiver('error');
  ({ app: healthy, metricsUrl: healthyMetrics } = await metricsApp('app.mjs', {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_TRACES_SAMPLER_ARG: '1', OTEL_BSP_SCHEDULE_DELAY: '100',
  }));
}, 60_000);

afterAll(async () => {
  for (const app of started) await app.stop(2000);
  for (const server of servers) server.close();
  await receiver?.close();
  await failing?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('zeus-obs doctor', () => {
  it('passes every check for an app started right, exporting to a working endpoint', async () => {
    const results = await doctor({ appUrl: `${healthy.base}/students/1`, metricsUrl: healthyMetrics });
    expect(results.map((r) => `${r.id} ${r.status}`)).toEqual([
      'node-version pass', 'otel-api pass', 'esm-import pass', 'loader-order pass', 'otlp-endpoint pass', 'metrics-port pass', 'telemetry-flow pass',
    ]);
    expect(check(results, 'node-version').detail).toContain(process.versions.node);
  });

  it('fails loader-order and esm-import for an ES module app that starts telemetry after its imports', async () => {
    const { metricsUrl } = await metricsApp('late-app.mjs', { OTEL_TRACES_EXPORTER: 'none' }, { cwd: TESTING, register: false });
    const results = await doctor({ metricsUrl });
    expect(check(results, 'loader-order')).toMatchObject({ status: 'fail', fix: expect.stringContaining('--import @zeus/instrumentation/register') });
    expect(check(results, 'esm-import').status).toBe('fail');
  });

  it('fails esm-import for an ES module app started with --require, whose loader order is fine', async () => {
    const { metricsUrl } = await metricsApp('app.mjs', { OTEL_TRACES_EXPORTER: 'none' }, { preload: '--require' });
    const results = await doctor({ metricsUrl });
    expect(check(results, 'esm-import')).toMatchObject({ status: 'fail', detail: expect.stringContaining('without the loader hook') });
    expect(check(results, 'loader-order').status).toBe('pass');
  });

  it('reads esm-import from package.json before the app runs', async () => {
    const plain = project('esm-plain', {}, { type: 'module', scripts: { start: 'node server.js' } });
    const right = project('esm-right', {}, { type: 'module', scripts: { start: 'node --import @zeus/instrumentation/register server.js' } });
    expect(check(await doctor({ dir: plain }), 'esm-import').status).toBe('fail');
    expect(check(await doctor({ dir: right }), 'esm-import').status).toBe('pass');
  });

  it('fails otel-api when two copies of @opentelemetry/api are installed', async () => {
    const dir = project('two-apis', { 'node_modules/@opentelemetry/api': '1.9.1', 'node_modules/some-sdk/node_modules/@opentelemetry/api': '1.4.0' });
    const result = check(await doctor({ dir }), 'otel-api');
    expect(result).toMatchObject({ status: 'fail', fix: expect.stringContaining('npm dedupe') });
    expect(result.detail).toContain('1.4.0');
  });

  it('fails otlp-endpoint when the endpoint is unreachable or refuses exports', async () => {
    const closed = await freePort();
    const unreachable = check(await doctor({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closed}` } }), 'otlp-endpoint');
    expect(unreachable).toMatchObject({ status: 'fail', detail: expect.stringContaining('ECONNREFUSED') });
    const refusing = check(await doctor({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: failing.url } }), 'otlp-endpoint');
    expect(refusing).toMatchObject({ status: 'fail', detail: expect.stringContaining('HTTP 500') });
    expect(failing.requestsSeen().some((r) => r.path === '/v1/traces')).toBe(true);
  });

  it('fails metrics-port when another process holds the port, before and after start', async () => {
    const other = createServer((_req, res) => res.end('hello from another process\n'));
    servers.push(other);
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as { port: number }).port;
    const taken = check(await doctor({ metricsUrl: `http://127.0.0.1:${port}/metrics` }), 'metrics-port');
    expect(taken).toMatchObject({ status: 'fail', detail: expect.stringContaining('another process') });
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1', OTEL_EXPORTER_PROMETHEUS_PORT: String(port) };
    expect(check(await doctor({ env }), 'metrics-port')).toMatchObject({ status: 'fail', detail: expect.stringContaining('EADDRINUSE') });
    const free = await freePort();
    expect(check(await doctor({ env: { ...env, OTEL_EXPORTER_PROMETHEUS_PORT: String(free) } }), 'metrics-port').status).toBe('pass');
    const nothing = check(await doctor({ metricsUrl: `http://127.0.0.1:${free}/metrics` }), 'metrics-port');
    expect(nothing).toMatchObject({ status: 'fail', detail: expect.stringContaining('nothing answers') });
  });

  it('fails node-version for a runtime outside 20.6+, 22 and 24, as the app reports it', async () => {
    expect(['24.22.3', '22.23.5', '20.20.2', '20.6.0'].map((v) => nodeVersionVerdict(v).status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(['18.20.4', '20.5.1', '21.7.3', '23.11.0', '25.1.0'].map((v) => nodeVersionVerdict(v).status)).toEqual(['fail', 'fail', 'fail', 'fail', 'fail']);
    const old = createServer((_req, res) => res.end('target_info{process_runtime_version="21.7.3",service_name="legacy"} 1\nzeus_telemetry_span_queue_size 0\n'));
    servers.push(old);
    await new Promise<void>((resolve) => old.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(old.address() as { port: number }).port}/metrics`;
    expect(check(await doctor({ metricsUrl: url }), 'node-version')).toMatchObject({ status: 'fail', detail: expect.stringContaining('21.7.3') });
  });

  it('fails telemetry-flow when no span gets out within the wait', async () => {
    const closed = await freePort();
    const { app, metricsUrl } = await metricsApp('app.mjs', {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closed}`, OTEL_TRACES_SAMPLER_ARG: '1', OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    const result = check(await doctor({ appUrl: `${app.base}/students/1`, metricsUrl, waitMs: 3000 }), 'telemetry-flow');
    // the request is counted (metrics flow) but its span never leaves
    expect(result).toMatchObject({ status: 'fail', detail: 'within 3 s: no span exported' });
  });

  it('prints one line per check and exits 1 on a failure, 0 when none failed', async () => {
    const closed = await freePort();
    const env = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closed}` };
    const failed = await run(process.execPath, ['bin/zeus-obs.mjs', 'doctor', '--dir', join(scratch, 'one-api')], { cwd: ROOT, env }).catch((e: { code: number; stdout: string }) => e);
    expect((failed as { code?: number }).code).toBe(1);
    const lines = (failed as { stdout: string }).stdout.split('\n').filter((l) => /^(PASS|FAIL|SKIP) /.test(l));
    expect(lines.map((l) => l.split(/\s+/)[1])).toEqual(['node-version', 'otel-api', 'esm-import', 'loader-order', 'otlp-endpoint', 'metrics-port', 'telemetry-flow']);
    expect(lines.find((l) => l.includes('otlp-endpoint'))).toMatch(/^FAIL .*\(fix: /);
    const ok = await run(process.execPath, ['bin/zeus-obs.mjs', 'doctor', '--dir', join(scratch, 'one-api'), '--app-url', `${healthy.base}/students/2`, '--metrics-url', healthyMetrics], {
      cwd: ROOT, env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
    });
    expect(ok.stdout).toContain('no check failed');
  });
});
