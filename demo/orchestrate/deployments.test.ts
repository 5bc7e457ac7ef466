// Rollout plumbing as processes: startDemo runs what deployments.json says (a canary beside the
// stable process, a stable restart at a new version), every process tells its version in
// target_info, and the portal splits an upstream's calls by the weight its admin API is given.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/index.js';
import { callUpstreamAdmin } from '../portal/upstream-client.js';
import { freeDemoPorts, portalLogin, sample } from '../testing/demo-ports.js';
import { DEFAULT_VERSION, readDeploymentStatus, writeDeployments } from './deployments.js';
import { startDemo, type RunningDemo } from './start-demo.js';

/** `service_version` of the target_info a metrics endpoint serves. */
async function versionAt(metricsAddress: string): Promise<string | undefined> {
  const text = await (await fetch(`http://${metricsAddress}/metrics`, { signal: AbortSignal.timeout(3_000) })).text();
  return /^target_info\{[^}]*service_version="([^"]+)"/m.exec(text)?.[1];
}

describe('deployments.json and the portal router', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zeus-deploy-'));
  let demo: RunningDemo;
  const status = () => readDeploymentStatus(demo.dataDir);

  beforeAll(async () => {
    demo = await startDemo({ dataDir, ports: await freeDemoPorts() });
  }, 120_000);
  afterAll(async () => {
    await demo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs every service at the package version until something is deployed, and says so in target_info', async () => {
    expect(status().enrollment?.stable?.version).toBe(DEFAULT_VERSION);
    expect(await versionAt(status().enrollment!.stable!.metricsAddress)).toBe(DEFAULT_VERSION);
    expect(status().enrollment?.canary).toBeUndefined();
  });

  it('starts a canary with its version and start-up faults, routes the weight to it exactly, then stops it', async () => {
    writeDeployments(dataDir, { enrollment: { stable: { version: DEFAULT_VERSION }, canary: { version: '2.0.0-rc1', faults: { latencyMs: 5 } } } });
    const canary = await waitFor('the canary in the status file', () => status().enrollment?.canary, { timeoutMs: 60_000, intervalMs: 200 });
    expect(canary.version).toBe('2.0.0-rc1');
    expect(await versionAt(canary.metricsAddress)).toBe('2.0.0-rc1');
    const canaryMetrics = await (await fetch(`http://${canary.metricsAddress}/metrics`)).text();
    expect(sample(canaryMetrics, 'zeus_fault_injection_active', { kind: 'latency' })).toBe(1);

    const admin = (action: Parameters<typeof callUpstreamAdmin>[2]) => callUpstreamAdmin(demo.adminUrls.portal, demo.adminToken, action);
    await expect(admin({ kind: 'set', service: 'enrollment', candidate: { url: 'http://10.0.0.5:8081', version: 'x' } })).rejects.toThrow(/loopback/);
    await expect(admin({ kind: 'set', service: 'enrollment', weight: 0.5 })).rejects.toThrow(/no candidate/);
    await admin({ kind: 'set', service: 'enrollment', candidate: { url: canary.url, version: canary.version }, weight: 0.25 });
    const cookie = (await portalLogin(demo.urls.portal, 'bob@zeus.test', 'bob-demo'))!;
    const before = (await admin({ kind: 'status' })).enrollment!;
    for (let i = 0; i < 40; i++) {
      const page = await fetch(`${demo.urls.portal}/search?q=101`, { headers: { cookie } });
      expect(page.status).toBe(200);
    }
    const after = (await admin({ kind: 'status' })).enrollment!;
    // 40 calls at 25%: exactly 10 went to the candidate (the split is deterministic).
    expect(after.routed.candidate - before.routed.candidate).toBe(10);
    expect(after.routed.stable - before.routed.stable).toBe(30);
    const portalMetrics = await (await fetch(demo.metricsUrls.portal)).text();
    expect(sample(portalMetrics, 'zeus_rollout_canary_weight_ratio', { upstream: 'enrollment', version: '2.0.0-rc1' })).toBe(0.25);
    await admin({ kind: 'event', service: 'enrollment', version: '2.0.0-rc1', event: 'rolled_back' });
    await admin({ kind: 'set', service: 'enrollment', candidate: null });
    const events = await (await fetch(demo.metricsUrls.portal)).text();
    expect(sample(events, 'zeus_rollout_events_total', { upstream: 'enrollment', event: 'rolled_back' })).toBe(1);

    writeDeployments(dataDir, { enrollment: { stable: { version: DEFAULT_VERSION } } });
    await waitFor('the canary gone', () => status().enrollment?.canary === undefined, { timeoutMs: 30_000, intervalMs: 200 });
    await waitFor('the canary process exited', () => {
      try {
        process.kill(canary.pid, 0);
        return false;
      } catch {
        return true;
      }
    }, { timeoutMs: 15_000 });
  }, 120_000);

  it('restarts the stable process in place at a new version (same ports)', async () => {
    const before = status().grades!.stable!;
    writeDeployments(dataDir, { grades: { stable: { version: '3.1.4' } } });
    const after = await waitFor('grades restarted at 3.1.4', () => status().grades?.stable?.version === '3.1.4' && status().grades!.stable, { timeoutMs: 60_000, intervalMs: 200 });
    expect(after.pid).not.toBe(before.pid);
    expect(after.metricsAddress).toBe(before.metricsAddress);
    expect(await versionAt(after.metricsAddress)).toBe('3.1.4');
    expect((await fetch(`${demo.urls.grades}/healthz`)).status).toBe(200);
  }, 90_000);

  it('refuses a bad deployments file and keeps what runs', async () => {
    expect(() => writeDeployments(dataDir, { portal: { stable: { version: '1' }, canary: { version: '2' } } })).toThrow(/portal cannot have a canary/);
    expect(() => writeDeployments(dataDir, { enrollment: { stable: { version: 'bad version' } } })).toThrow(/enrollment\.stable\.version/);
    expect(status().grades?.stable?.version).toBe('3.1.4');
  });
});
