// Head sampling across the demo: the portal is the edge and decides; the enrollment and grades
// APIs are internal and follow its decision, so every sampled portal request that called an API
// has that API's spans in the same trace (none lost to a second, independent coin toss).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/index.js';
import { freeDemoPorts, portalLogin } from '../testing/demo-ports.js';
import { startOtlpReceiver } from '../testing/otlp-receiver.js';
import { startDemo, type RunningDemo } from './start-demo.js';

const SEARCHES = 30;

describe('sampling across the demo services at a 50% ratio', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zeus-sampling-'));
  let demo: RunningDemo;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    demo = await startDemo({
      dataDir,
      ports: await freeDemoPorts(),
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.5',
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
    });
  });
  afterAll(async () => {
    await demo?.stop();
    await receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the enrollment API spans of every sampled portal search, and no orphan API trace', async () => {
    const cookie = (await portalLogin(demo.urls.portal, 'alice@zeus.test', 'alice-demo'))!;
    for (let i = 0; i < SEARCHES; i += 1) {
      const response = await fetch(`${demo.urls.portal}/search?q=CS`, { headers: { cookie } });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    const portalSearches = () => receiver.spans.filter((s) => s.service === 'portal' && s.kind === 2 && String(s.attributes['http.route'] ?? s.name).includes('/search'));
    // A fair coin over 30 searches: both outcomes occur (the ratio is really applied).
    const sampled = await waitFor('sampled portal searches exported', () => (portalSearches().length > 0 ? portalSearches() : undefined), { timeoutMs: 15_000 });
    // Spans arrive in per-service batches, so poll until both directions hold: every sampled
    // search has its API spans, and every API trace belongs to a sampled search (an orphan,
    // sampled by the API on its own, never satisfies this and the wait fails).
    const apiServerTraces = () => new Set(receiver.spans.filter((s) => s.service === 'enrollment' && s.kind === 2 && String(s.attributes['http.route'] ?? s.name).includes('/api/sections')).map((s) => s.traceId));
    const orphans = () => {
      const portalTraces = new Set(portalSearches().map((s) => s.traceId));
      return [...apiServerTraces()].filter((t) => !portalTraces.has(t));
    };
    await waitFor('API spans of the sampled searches, and no orphan API trace', () => {
      const traces = new Set(receiver.spans.filter((s) => s.service === 'enrollment').map((s) => s.traceId));
      return portalSearches().every((s) => traces.has(s.traceId)) && orphans().length === 0 ? true : undefined;
    }, { timeoutMs: 15_000 }).catch((error: Error) => {
      throw new Error(`${error.message}; orphan API traces: ${orphans().join(', ') || 'none'}`);
    });
    expect(sampled.length).toBeLessThan(SEARCHES);
    expect(portalSearches().length).toBeLessThan(SEARCHES);
  });
});
