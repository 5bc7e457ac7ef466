// The rollout drills on their own rollout-profile stack (×5, stack/options.ts ROLLOUT_TIMING)
// under registration load: good-deploy first (a fresh stack, whose SLO gate allows it), then
// bad-deploy (20% errors). Not on the live-stack test's stack: its enrollment-outage and noise
// drills leave errors in the burn windows that would block the gate or page for reasons that
// are not the rollout's. Not on the ×15 profile: there a bad version's unscalable exposure (the
// warm-up, 30 requests a side) weighs 15 times more in the burn windows than in production.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZEUS_CALENDAR } from '../calendar/index.js';
import { SLOS } from '../generate/index.js';
import { duration, formatRollout } from '../rollouts/index.js';
import { markedProcesses, ROLLOUT_TIMING, startStack, type RunningStack } from '../stack/index.js';
import { requireTool, waitFor } from '../test/support/index.js';
import { freeStackPorts } from '../stack/testing/ports.js';
import { formatDeployDrill, runDeployDrill, type DeployDrill } from './index.js';

/**
 * The production weights, 30 s steps (production 5m) and a 20 s warm-up (production 1m): the
 * first look counts the warm-up's calls for errors, so even at ~15 enrollment calls a second (two
 * cores shared with other test files) 10% of them reach the 30-event minimum by then.
 */
const STEPS = [10, 25, 50, 100];
const WARM_UP_S = 20;

describe('the rollout drills on a test-profile stack', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zeus-deploy-drills-'));
  let stack: RunningStack | undefined;

  beforeAll(async () => {
    requireTool('prometheus');
    requireTool('prometheus-alertmanager', 'alertmanager');
    stack = await startStack({ dataDir, ports: await freeStackPorts(), timing: ROLLOUT_TIMING, log: () => undefined });
    await waitFor('all targets up', async () => (await stack!.status()).allTargetsUp, { timeoutMs: 60_000, intervalMs: 500 });
  }, 120_000);

  afterAll(async () => {
    const id = stack?.id;
    await stack?.stop();
    if (id) expect(markedProcesses(id)).toEqual([]);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const drill = async (name: DeployDrill) => {
    const { urls } = stack!;
    const lines: string[] = [];
    const result = await runDeployDrill({
      drill: name, bad: 'errors', service: 'enrollment', steps: STEPS, stepDuration: '30s', warmUp: `${WARM_UP_S}s`, timeScale: ROLLOUT_TIMING.timeScale,
      loadRate: 40, concurrency: 8, slos: SLOS, calendar: ZEUS_CALENDAR, portal: urls.portal, pager: urls.pager, dbPath: stack!.dbPath,
      targets: { prometheus: urls.prometheus, portalAdmin: urls.admin.portal, adminToken: stack!.adminToken, demoDataDir: join(dataDir, 'demo'), alertmanager: urls.alertmanager },
      log: (line) => lines.push(line),
    });
    console.log(formatDeployDrill(result, formatRollout, duration));
    return { result, lines };
  };

  it('good-deploy: a healthy candidate is promoted through every step, nobody is paged, the enrollments are intact', async () => {
    const { result, lines } = await drill('good-deploy');
    expect(result.failures, lines.join('\n')).toEqual([]);
    expect(result.rollout.outcome).toBe('promoted');
    expect(result.rollout.steps.map((s) => s.weight)).toEqual([0.1, 0.25, 0.5, 1]);
    expect(result.pages).toEqual([]);
    expect(result.integrity.checked).toBeGreaterThan(0);
    // The stable process now runs the candidate's version.
    expect((await stack!.status()).allTargetsUp).toBe(true);
  }, 300_000);

  it('bad-deploy: 20% errors are detected at the first step (10%) and rolled back, its share never exceeded, nobody paged, data intact', async () => {
    const { result, lines } = await drill('bad-deploy');
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
  }, 300_000);
});
