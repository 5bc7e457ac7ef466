import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '../../test/support/index.js';
import { startApp, type RunningApp } from './support/app-process.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceiverMode } from './support/otlp-receiver.js';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<{
  '2xx': number; non2xx: number; errors: number; timeouts: number; requests: { total: number };
}>;

let app: RunningApp | undefined;
let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await app?.stop(2000);
  await receiver?.close();
  app = undefined;
  receiver = undefined;
});

async function metric(port: number, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const match = pattern.exec(text);
  if (!match) throw new Error(`no ${pattern} in metrics`);
  return Number(match[1]);
}

async function startAgainst(mode: ReceiverMode | 'refuse'): Promise<{ metricsPort: number }> {
  let endpoint: string;
  if (mode === 'refuse') {
    endpoint = `http://127.0.0.1:${await freePort()}`;
  } else {
    receiver = await startOtlpReceiver(mode);
    endpoint = receiver.url;
  }
  const metricsPort = await freePort();
  app = await startApp('app.mjs', {
    OTEL_SERVICE_NAME: 'safety',
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_TRACES_SAMPLER_ARG: '1',
    OTEL_BSP_SCHEDULE_DELAY: '100',
    OTEL_BSP_EXPORT_TIMEOUT: '1000',
    OTEL_BSP_MAX_QUEUE_SIZE: '1000',
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '200',
    OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
    ZEUS_LOG_LEVEL: 'silent',
  });
  return { metricsPort };
}

describe('when the OTLP endpoint misbehaves', () => {
  it('accepting and never answering: 10k requests succeed, memory and queue stay bounded, drops are counted', async () => {
    const { metricsPort } = await startAgainst('hang');
    const heapBefore = await metric(metricsPort, /^nodejs_heap_size_used_bytes ([\d.e+]+)/m);
    const result = await autocannon({ url: `${app!.base}/students/42`, connections: 20, amount: 10_000, timeout: 10 });
    expect(result['2xx']).toBe(10_000);
    expect(result.non2xx + result.errors + result.timeouts).toBe(0);
    const queue = await metric(metricsPort, /^zeus_telemetry_span_queue_size ([\d.]+)/m);
    expect(queue).toBeLessThanOrEqual(1000);
    const dropped = await waitFor('drops counted', async () => {
      const full = await metric(metricsPort, /^zeus_telemetry_spans_dropped_total\{reason="queue_full"\} (\d+)/m);
      const failed = await metric(metricsPort, /^zeus_telemetry_spans_dropped_total\{reason="export_failed"\} (\d+)/m);
      return full > 0 && failed > 0 ? full + failed : undefined;
    });
    // every span is exported, queued or counted as dropped: nothing vanishes silently
    expect(dropped).toBeGreaterThan(10_000 - 1000 - 200 * 3);
    expect(await metric(metricsPort, /^zeus_telemetry_export_failures_total\{signal="traces"\} (\d+)/m)).toBeGreaterThan(0);
    const heapAfter = await metric(metricsPort, /^nodejs_heap_size_used_bytes ([\d.e+]+)/m);
    expect(heapAfter - heapBefore).toBeLessThan(64 * 1024 * 1024);
    expect(receiver!.requests()).toBeGreaterThan(0);
    expect(app!.output()).not.toMatch(/UNHANDLED_REJECTION|UNCAUGHT_EXCEPTION/);
  });

  for (const mode of ['refuse', 'error'] as const) {
    it(`${mode === 'refuse' ? 'refusing connections' : 'answering 500'}: responses are unchanged and failures are counted`, async () => {
      const { metricsPort } = await startAgainst(mode);
      const ok = await autocannon({ url: `${app!.base}/students/42`, connections: 10, amount: 500, timeout: 10 });
      expect(ok['2xx']).toBe(500);
      const failing = await autocannon({ url: `${app!.base}/fail`, connections: 5, amount: 50, timeout: 10 });
      expect(failing.non2xx).toBe(50);
      await waitFor('export failures counted', async () =>
        (await metric(metricsPort, /^zeus_telemetry_export_failures_total\{signal="traces"\} (\d+)/m)) > 0, { timeoutMs: 20_000 });
      expect(app!.output()).not.toMatch(/UNHANDLED_REJECTION|UNCAUGHT_EXCEPTION/);
      expect((await fetch(`${app!.base}/healthz`)).status).toBe(200);
    });
  }
});
