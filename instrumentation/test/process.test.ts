import { afterEach, describe, expect, it } from 'vitest';
import { startProcess, waitFor } from '../../test/support/index.js';
import { FIXTURES, startApp, type RunningApp } from './support/app-process.js';
import { startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver.js';

let app: RunningApp | undefined;
let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await app?.stop(2000);
  await receiver?.close();
  app = undefined;
  receiver = undefined;
});

function exited(running: RunningApp): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (running.child.exitCode !== null || running.child.signalCode !== null) {
      resolve({ code: running.child.exitCode, signal: running.child.signalCode });
      return;
    }
    running.child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

async function tracedApp(extra: Record<string, string> = {}): Promise<RunningApp> {
  receiver = await startOtlpReceiver();
  return startApp('app.mjs', {
    OTEL_SERVICE_NAME: 'grades',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_TRACES_SAMPLER_ARG: '1',
    // long enough that only the shutdown flush can deliver the spans
    OTEL_BSP_SCHEDULE_DELAY: '60000',
    ...extra,
  });
}

describe('shutdown', () => {
  it('on SIGTERM without an app handler, flushes pending spans and then ends as Node would', async () => {
    app = await tracedApp();
    expect((await fetch(`${app.base}/students/7`)).status).toBe(200);
    const done = exited(app);
    app.child.kill('SIGTERM');
    const { signal } = await done;
    expect(signal).toBe('SIGTERM');
    expect(receiver!.spans.some((s) => s.name === 'GET /students/:id')).toBe(true);
  });

  it('on SIGTERM with an app handler, flushes and lets the app decide how to exit', async () => {
    app = await tracedApp({ APP_HANDLES_SIGTERM: '1' });
    expect((await fetch(`${app.base}/students/8`)).status).toBe(200);
    const done = exited(app);
    app.child.kill('SIGTERM');
    const { code } = await done;
    expect(code).toBe(7);
    expect(app.output()).toContain('APP_SIGTERM_HANDLER');
    await waitFor('flushed span', () => receiver!.spans.some((s) => s.name === 'GET /students/:id'), { timeoutMs: 2000 });
  });

  it('when the app calls process.exit during the flush, exits at once with its code (never returning) and still delivers the spans', async () => {
    app = await tracedApp({ APP_EXITS_AT_ONCE: '1' });
    expect((await fetch(`${app.base}/students/10`)).status).toBe(200);
    const done = exited(app);
    app.child.kill('SIGTERM');
    const { code } = await done;
    expect(code).toBe(9);
    expect(app.output()).toContain('APP_EXITING');
    expect(app.output()).not.toContain('AFTER_EXIT');
    expect(app.output()).not.toContain('process.exit returned');
    await waitFor('span exported before the exit', () => receiver!.spans.some((s) => s.name === 'GET /students/:id'), { timeoutMs: 2000 });
  });

  it('bounds the flush when the endpoint never answers', async () => {
    receiver = await startOtlpReceiver('hang');
    app = await startApp('app.mjs', {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_TRACES_SAMPLER_ARG: '1',
      OTEL_BSP_SCHEDULE_DELAY: '60000',
      ZEUS_SHUTDOWN_TIMEOUT_MS: '1000',
    });
    await fetch(`${app.base}/students/9`);
    const started = Date.now();
    const done = exited(app);
    app.child.kill('SIGTERM');
    expect((await done).signal).toBe('SIGTERM');
    expect(Date.now() - started).toBeLessThan(4000);
  });
});

describe('start-up', () => {
  it('warns once about a bad environment value, naming it, and the app still serves', async () => {
    app = await startApp('app.mjs', {
      OTEL_TRACES_SAMPLER: 'mostly',
      OTEL_EXPORTER_PROMETHEUS_PORT: 'abc',
      OTEL_TRACES_EXPORTER: 'none',
      ZEUS_LOG_LEVEL: 'silent',
    });
    expect((await fetch(`${app.base}/students/1`)).status).toBe(200);
    const output = app.output();
    expect(output.match(/OTEL_TRACES_SAMPLER="mostly"/g)).toHaveLength(1);
    expect(output.match(/OTEL_EXPORTER_PROMETHEUS_PORT="abc"/g)).toHaveLength(1);
  });

  it('names modules that were loaded before telemetry could patch them', async () => {
    const started = startProcess(process.execPath, ['late-start.mjs'], {
      cwd: FIXTURES,
      env: { PATH: process.env.PATH ?? '', OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,express,pino' },
    });
    await waitFor('start', () => started.output().includes('STARTED') && started.child.exitCode !== null, { timeoutMs: 20_000 });
    expect(started.output()).toMatch(/modules loaded before instrumentation could patch them: express, pino/);
  });

  it('instruments CommonJS apps started with --import, exporting http/protobuf by default', async () => {
    receiver = await startOtlpReceiver();
    app = await startApp('app.cjs', {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_TRACES_SAMPLER_ARG: '1',
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    expect((await fetch(`${app.base}/courses/CS101`)).status).toBe(200);
    // protobuf carries strings as raw UTF-8, so the span name is visible in the body
    await waitFor('cjs span', () => receiver!.bodies.some((b) => b.includes('GET /courses/:code')));
    expect(receiver!.contentTypes()).toContain('application/x-protobuf');
    expect(app.output()).not.toContain('loaded before instrumentation');
  });

  it('instruments CommonJS apps started with --require, with correlated logs', async () => {
    receiver = await startOtlpReceiver();
    app = await startApp('app.cjs', {
      OTEL_SERVICE_NAME: 'catalogue',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_TRACES_SAMPLER_ARG: '1',
      OTEL_BSP_SCHEDULE_DELAY: '50',
    }, { preload: '--require' });
    expect((await fetch(`${app.base}/courses/CS101`)).status).toBe(200);
    const span = await waitFor('cjs span', () => receiver!.spans.find((s) => s.name === 'GET /courses/:code'));
    expect(span.resource['service.name']).toBe('catalogue');
    const line = app.output().split('\n').find((l) => l.includes('course read'));
    expect(JSON.parse(line!)).toMatchObject({ trace_id: span.traceId, span_id: span.spanId });
    expect(app.output()).not.toMatch(/loaded before instrumentation|did not start/);
  });
});
