import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZEUS_CALENDAR, isCritical, phaseSpans } from '../calendar/index.js';
import { waitFor } from '../test/support/index.js';
import { createBrowserHost, type BrowserHost } from './browser.js';
import { defineJourney, step } from './define-journey.js';
import { intervalSecondsAt } from './frequency.js';
import { expectOk, urlOf } from './helpers.js';
import { createMasker } from './mask.js';
import { startScheduler } from './scheduler.js';

const opening = phaseSpans(ZEUS_CALENDAR).find((s) => s.phase === 'registration-opening')!;
const classes = phaseSpans(ZEUS_CALENDAR).find((s) => s.phase === 'classes')!;
const inOpening = opening.startMs + 60_000;
/** A day of classes a month in: no critical period. */
const quietDay = classes.startMs + 30 * 86_400_000;

let healthy = true;
let server: Server;
let base: string;
let host: BrowserHost;
let artifacts: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    response.writeHead(request.url === '/healthz' && healthy ? 200 : 503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  host = createBrowserHost();
  artifacts = await mkdtemp(join(tmpdir(), 'zeus-synthetics-scheduler-'));
});

afterAll(async () => {
  await host.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(artifacts, { recursive: true, force: true });
});

const probe = defineJourney({
  name: 'probe', description: 'health', team: 'sre-platform', service: 'synthetics', browser: false,
  intervalSeconds: 120, criticalIntervalSeconds: 1, timeoutMs: 5_000, stepTimeoutMs: 5_000,
  steps: [step('health', (ctx) => expectOk(ctx, urlOf(ctx.targets.portal, '/healthz'), 'health'))],
});

describe('journey frequency', () => {
  it('is raised during critical calendar periods', () => {
    expect(isCritical(ZEUS_CALENDAR, quietDay)).toBe(false);
    expect(intervalSecondsAt(probe, ZEUS_CALENDAR, inOpening)).toBe(1);
    expect(intervalSecondsAt(probe, ZEUS_CALENDAR, quietDay)).toBe(120);
    expect(intervalSecondsAt(probe, ZEUS_CALENDAR, quietDay, 5)).toBe(5);
  });
});

describe('startScheduler', () => {
  it('runs often in a critical period, serves metrics and evidence, and stops cleanly', async () => {
    const offset = inOpening - Date.now();
    const scheduler = await startScheduler({
      journeys: [probe], targets: { portal: base, services: {} }, credentials: {}, masker: createMasker([]),
      artifactsDir: artifacts, port: 0, retries: 0, browser: host, now: () => Date.now() + offset, location: 'lab-9',
      logger: { info: () => {}, warn: () => {} },
    });
    try {
      const runs = async () => Number(/zeus_synthetics_runs_total\{journey="probe",location="lab-9",result="success"\} (\d+)/.exec(await (await fetch(`${scheduler.url}/metrics`)).text())?.[1] ?? 0);
      await waitFor('three runs a second apart', async () => (await runs()) >= 3, { timeoutMs: 15_000 });
      expect((await fetch(`${scheduler.url}/readyz`)).status).toBe(200);
      healthy = false;
      await waitFor('a failed run', () => scheduler.lastResults().get('probe')?.success === false, { timeoutMs: 10_000 });
      const metrics = await (await fetch(`${scheduler.url}/metrics`)).text();
      expect(metrics).toContain('probe_success{journey="probe",location="lab-9"} 0');
      expect(metrics).toContain('probe_failure_reason{journey="probe",location="lab-9",reason="http_5xx"} 1');
      const failure = await fetch(`${scheduler.url}/evidence/probe/latest/failure.json`);
      expect(failure.status).toBe(200);
      expect(await failure.json()).toMatchObject({ journey: 'probe', failedStep: 'health', reason: 'http_5xx' });
      expect((await fetch(`${scheduler.url}/evidence/..%2F..%2Fetc/passwd`)).status).toBe(400);
    } finally {
      healthy = true;
      await scheduler.stop();
    }
    await expect(fetch(`${scheduler.url}/metrics`)).rejects.toThrow();
  });

  it('waits the normal interval outside critical periods', async () => {
    const offset = quietDay - Date.now();
    const scheduler = await startScheduler({
      journeys: [probe], targets: { portal: base, services: {} }, credentials: {}, masker: createMasker([]),
      artifactsDir: artifacts, port: 0, retries: 0, browser: host, now: () => Date.now() + offset,
      logger: { info: () => {}, warn: () => {} },
    });
    try {
      await waitFor('the first run', () => scheduler.lastResults().get('probe')?.success, { timeoutMs: 10_000 });
      const next = scheduler.nextRuns().get('probe')!;
      expect(next - (Date.now() + offset)).toBeGreaterThan(110_000);
    } finally {
      await scheduler.stop();
    }
  });
});
