import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/index.js';
import { startApp, type RunningApp } from './support/app-process.js';
import { startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver.js';

/**
 * A burst of 500 requests whose path is a 16 KB string built to make backtracking email
 * matchers quadratic (about 200 ms each on the old matcher): in the instrumented app every
 * request is sampled, logged with redaction and exported in one 500-span batch, while /healthz
 * is polled. What delays a concurrent /healthz is the event loop being held: its delay
 * (monitorEventLoopDelay, p99) may exceed a baseline app's by less than 50 ms. The baseline
 * (telemetry off, plain pino) takes the same burst at the same time, so that what the load of
 * this shared machine does to both cancels out. /healthz latencies are printed for context; they
 * also include queueing behind the burst's own requests, which no blocking causes.
 */
const BURST = 500;
const PATH = `/students/${'a'.repeat(16 * 1024)}@`;
const COMMON = { NODE_OPTIONS: '--max-http-header-size=65536', OTEL_METRICS_EXPORTER: 'none' };

let instrumented: RunningApp;
let baseline: RunningApp;
let receiver: OtlpReceiver;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  instrumented = await startApp('app.mjs', {
    ...COMMON,
    OTEL_SERVICE_NAME: 'burst',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_TRACES_SAMPLER_ARG: '1',
    // one batch of all 500 spans: the export the old matcher stalled on
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: String(BURST),
    OTEL_BSP_SCHEDULE_DELAY: '60000',
  });
  baseline = await startApp('app.mjs', { ...COMMON, OTEL_SDK_DISABLED: 'true', FIXTURE_PLAIN_LOGGER: '1' });
});

afterAll(async () => {
  await instrumented?.stop(2000);
  await baseline?.stop(2000);
  await receiver?.close();
});

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]!;
}

async function loopDelayP99Ms(app: RunningApp): Promise<number> {
  return ((await (await fetch(`${app.base}/eventloop`)).json()) as { p99Ms: number }).p99Ms;
}

interface BurstResult {
  healthzP99Ms: number;
  loopDelayP99Ms: number;
  polls: number;
}

/** One burst (10 connections) at `app` while /healthz is polled, until `settled` holds. */
async function burst(app: RunningApp, settled: () => boolean): Promise<BurstResult> {
  await loopDelayP99Ms(app); // resets the delay histogram
  const healthz: number[] = [];
  let bursting = true;
  const poller = (async () => {
    while (bursting) {
      const started = performance.now();
      await (await fetch(`${app.base}/healthz`)).arrayBuffer();
      healthz.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  let sent = 0;
  const statuses: number[] = [];
  await Promise.all(Array.from({ length: 10 }, async () => {
    while (sent < BURST) {
      sent++;
      const response = await fetch(`${app.base}${PATH}`);
      await response.arrayBuffer();
      statuses.push(response.status);
    }
  }));
  await waitFor('the burst settled', settled, { timeoutMs: 30_000 });
  bursting = false;
  await poller;
  expect(statuses.filter((s) => s === 200)).toHaveLength(BURST);
  return { healthzP99Ms: p99(healthz), loopDelayP99Ms: await loopDelayP99Ms(app), polls: healthz.length };
}

const show = (r: BurstResult) => `/healthz p99 ${r.healthzP99Ms.toFixed(1)} ms (${r.polls} polls), event-loop delay p99 ${r.loopDelayP99Ms.toFixed(1)} ms`;

describe('a burst of adversarial requests', () => {
  it(`${BURST} requests with a 16 KB adversarial path delay a concurrent /healthz by less than 50 ms at p99`, async () => {
    // A round in which this shared machine starved one app more than the other is repeated (at
    // most three rounds); the old matcher added ~200 ms per request, so no round could pass.
    const excess = (a: BurstResult, b: BurstResult) => a.loopDelayP99Ms - b.loopDelayP99Ms;
    let best: { withTelemetry: BurstResult; without: BurstResult } | undefined;
    for (let round = 0; round < 3; round++) {
      const exportedBefore = receiver.spans.length;
      const [withTelemetry, without] = await Promise.all([
        // the 500th span fills the batch: its export (with redaction) runs before the burst counts as settled
        burst(instrumented, () => receiver.spans.length - exportedBefore >= BURST),
        burst(baseline, () => true),
      ]);
      console.log(`burst round ${round}: instrumented ${show(withTelemetry)}; baseline ${show(without)}`);
      if (!best || excess(withTelemetry, without) < excess(best.withTelemetry, best.without)) best = { withTelemetry, without };
      if (excess(withTelemetry, without) < 50) break;
    }
    const { withTelemetry, without } = best!;
    expect(withTelemetry.polls).toBeGreaterThan(10);
    expect(withTelemetry.loopDelayP99Ms - without.loopDelayP99Ms).toBeLessThan(50);
    const exported = receiver.spans.find((s) => s.resource['service.name'] === 'burst')!;
    expect(String(exported.attributes['url.path']).length).toBeLessThanOrEqual(2048 + 20);
  }, 120_000);
});
