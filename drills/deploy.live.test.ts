// The rollout drills under registration load on rollout-profile stacks (×1/5, stack/options.ts
// ROLLOUT_TIMING), not on the ×1/15 profile: there a bad version's unscalable exposure (the
// warm-up, 30 requests a side) weighs 15 times more in the burn windows than in production.
// Not on the live-stack test's stack either: its outage and noise drills leave errors in the
// burn windows that would block the gate or page for reasons that are not the rollout's.
//
// Two stacks, one after the other, because each drill must find open seats (its data-integrity
// check is only worth something over enrollments acknowledged during the drill, and the small
// seed's popular sections fill within minutes of registration load) and the 20% errors must
// come last on theirs (on a young stack they exhaust the availability budget, and the SLO gate
// then rightly blocks any further rollout):
// - a fresh stack: good-deploy;
// - a fresh stack with a few minutes of history: bad-deploy with +800 ms, then with 20% errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZEUS_CALENDAR } from '../calendar/index.js';
import { runLoad } from '../demo/index.js';
import { SLOS } from '../generate/index.js';
import { duration, formatRollout } from '../rollouts/index.js';
import { markedProcesses, ROLLOUT_TIMING, startStack, type RunningStack } from '../stack/index.js';
import { freeStackPorts } from '../stack/testing/ports.js';
import { requireTool, waitFor } from '../test/support/index.js';
import { formatDeployDrill, runDeployDrill, type DeployDrill } from './index.js';

/**
 * The production weights, 30 s steps (production 5m) and a 20 s warm-up (production 1m): the
 * first look counts the warm-up's calls for errors, so even at ~15 enrollment calls a second (two
 * cores shared with other test files) 10% of them reach the 30-event minimum by then.
 */
const STEPS = [10, 25, 50, 100];
const WARM_UP_S = 20;
/**
 * Browsing (schedules and grades, no enrollment) before the bad-deploy drills: the burn windows
 * then hold a few minutes of history, as a production Prometheus holds hours. Without it the
 * errors drill's half minute is most of a young stack's 6m (production 30m) window and pages.
 */
const HISTORY_MS = 90_000;

/** A rollout-profile stack for the tests of one describe block, stopped (every process) after them. */
function rolloutStack(name: string) {
  const dataDir = mkdtempSync(join(tmpdir(), `zeus-deploy-${name}-`));
  const handle: { stack?: RunningStack; dataDir: string } = { dataDir };
  beforeAll(async () => {
    requireTool('prometheus');
    requireTool('prometheus-alertmanager', 'alertmanager');
    handle.stack = await startStack({ dataDir, ports: await freeStackPorts(), timing: ROLLOUT_TIMING, log: () => undefined });
    await waitFor('all targets up', async () => (await handle.stack!.status()).allTargetsUp, { timeoutMs: 60_000, intervalMs: 500 });
  }, 120_000);
  afterAll(async () => {
    const id = handle.stack?.id;
    await handle.stack?.stop();
    if (id) expect(markedProcesses(id)).toEqual([]);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);
  return handle;
}

async function drill(on: ReturnType<typeof rolloutStack>, name: DeployDrill, bad: 'errors' | 'latency' = 'errors') {
  const stack = on.stack!;
  const { urls } = stack;
  const lines: string[] = [];
  const result = await runDeployDrill({
    drill: name, bad, service: 'enrollment', steps: STEPS, stepDuration: '30s', warmUp: `${WARM_UP_S}s`, timeScale: ROLLOUT_TIMING.timeScale,
    loadRate: 40, concurrency: 8, slos: SLOS, calendar: ZEUS_CALENDAR, portal: urls.portal, pager: urls.pager, dbPath: stack.dbPath,
    targets: { prometheus: urls.prometheus, portalAdmin: urls.admin.portal, adminToken: stack.adminToken, demoDataDir: join(on.dataDir, 'demo'), alertmanager: urls.alertmanager },
    log: (line) => lines.push(line),
  });
  console.log(formatDeployDrill(result, formatRollout, duration));
  return { result, lines };
}

describe('good-deploy on a rollout-profile stack (x1/5)', () => {
  const on = rolloutStack('good');

  it('promotes a healthy candidate through every step, pages nobody, and the enrollments are intact', async () => {
    const { result, lines } = await drill(on, 'good-deploy');
    expect(result.failures, lines.join('\n')).toEqual([]);
    expect(result.rollout.outcome).toBe('promoted');
    expect(result.rollout.steps.map((s) => s.weight)).toEqual([0.1, 0.25, 0.5, 1]);
    expect(result.pages).toEqual([]);
    expect(result.integrity.checked).toBeGreaterThan(0);
    // The stable process now runs the candidate's version.
    expect((await on.stack!.status()).allTargetsUp).toBe(true);
  }, 300_000);
});

describe('bad-deploy on a rollout-profile stack (x1/5) with a few minutes of history', () => {
  const on = rolloutStack('bad');

  beforeAll(async () => {
    const report = await runLoad({ target: on.stack!.urls.portal, scenario: 'finals-week', durationMs: HISTORY_MS, rate: 40, concurrency: 8 });
    expect(report.requests).toBeGreaterThan(0);
  }, HISTORY_MS + 30_000);

  it('+800 ms: detected by the latency checks at the first step (10%) and rolled back, nobody paged, data intact', async () => {
    const { result, lines } = await drill(on, 'bad-deploy', 'latency');
    expect(result.failures, lines.join('\n')).toEqual([]);
    expect(result.rollout.outcome).toBe('rolled_back');
    expect(result.rollout.steps).toHaveLength(1);
    expect(result.rollout.reason).toMatch(/latency-p9[59]/);
    expect(result.rollout.reason).not.toMatch(/error-ratio/);
    expect(result.detectMs).toBeLessThanOrEqual((WARM_UP_S + 30 + 5) * 1000);
    expect(result.candidateCallsAfter).toBe(0);
    expect(result.pages).toEqual([]);
    expect(result.integrity.checked).toBeGreaterThan(0);
  }, 300_000);

  it('20% errors: detected at the first step (10%) and rolled back, its share never exceeded, nobody paged, data intact', async () => {
    const { result, lines } = await drill(on, 'bad-deploy');
    expect(result.failures, lines.join('\n')).toEqual([]);
    expect(result.rollout.outcome).toBe('rolled_back');
    expect(result.rollout.steps).toHaveLength(1);
    const step = result.rollout.steps[0]!;
    expect(step.routed!.candidate).toBeLessThanOrEqual(Math.ceil(0.1 * step.routed!.total) + 1);
    // Detected within the first step after the warm-up (time to detect counts from the warm-up's first call).
    expect(result.detectMs).toBeLessThanOrEqual((WARM_UP_S + 30 + 5) * 1000);
    expect(result.rollout.warmUp!.routed!.candidate).toBeLessThanOrEqual(Math.ceil(0.1 * result.rollout.warmUp!.routed!.total) + 1);
    expect(result.candidateCallsAfter).toBe(0);
    expect(result.restoredMs).toBeDefined();
    expect(result.pages).toEqual([]);
    expect(result.integrity.checked).toBeGreaterThan(0);
  }, 300_000);
});
