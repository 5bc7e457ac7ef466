// A load scenario keeps running while a service is faulted: the README's quick start injects an
// enrollment error rate of 1 and then starts registration-opening load.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callFaultAdmin } from '../faults/client.js';
import { startDemo, type RunningDemo } from '../orchestrate/start-demo.js';
import { freeDemoPorts } from '../testing/demo-ports.js';
import { runLoad } from './run-load.js';

describe('registration-opening load against a faulted enrollment service', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zeus-faulted-load-'));
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo({ dataDir, seed: 'small', ports: await freeDemoPorts(), readyTimeoutMs: 60_000 });
  }, 90_000);
  afterAll(async () => {
    await demo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts the failing searches and enrollments as errors, keeps going, and enrolls once the fault clears', async () => {
    await callFaultAdmin(demo.adminUrls.enrollment, demo.adminToken, { kind: 'set', faults: { errorRate: 1 } });
    const notes: string[] = [];
    const load = runLoad({ target: demo.urls.portal, scenario: 'registration-opening', durationMs: 6_000, concurrency: 4, users: 20, onNote: (n) => notes.push(n) });
    // Half-way through, enrollment recovers: the scenario finds sections again and enrolls.
    await new Promise((r) => setTimeout(r, 3_500));
    await callFaultAdmin(demo.adminUrls.enrollment, demo.adminToken, { kind: 'clear' });
    const report = await load;
    expect(notes).toEqual([expect.stringContaining('found no 100-level sections')]);
    expect(report.notes).toEqual(notes);
    const byEndpoint = Object.fromEntries(report.endpoints.map((e) => [e.endpoint, e]));
    expect(byEndpoint['GET /search']!.errorRate).toBeGreaterThan(0.2); // the faulted half
    expect(byEndpoint['GET /search']!.errorRate).toBeLessThan(1); // and the healthy half
    expect(byEndpoint['POST /enroll']?.requests ?? 0).toBeGreaterThan(0); // enrollments resumed
    expect(report.requests).toBeGreaterThan(30);
  }, 60_000);
});
