// The rollout drills on their own test-profile stack under registration load: good-deploy first
// (a fresh stack, whose SLO gate allows it), then bad-deploy (20% errors). Not on the live-stack
// test's stack: its enrollment-outage and noise drills leave errors in the burn windows that
// would block the gate or page for reasons that are not the rollout's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZEUS_CALENDAR } from '../calendar/index.js';
import { SLOS } from '../generate/index.js';
import { duration, formatRollout } from '../rollouts/index.js';
import { markedProcesses, startStack, TEST_TIMING, type RunningStack, type StackPorts } from '../stack/index.js';
import { requireTool, waitFor } from '../test/support/index.js';
import { freeStackPorts } from '../stack/testing/ports.js';
import { formatDeployDrill, runDeployDrill, type DeployDrill } from './index.js';

/**
 * 25% first, 30 s steps: on two cores shared with other test files the load reaches ~15 enrollment
 * calls a second, and 10% of that in 20 s can stay under the 30-event minimum (an inconclusive
 * step rolls back). The production default is 10,25,50,100 with 5m steps.
 */
const STEPS = [25, 50, 100];

describe('the rollout drills on a test-profile stack', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zeus-deploy-drills-'));
  let stack: RunningStack | undefined;

  beforeAll(async () => {
    requireTool('prometheus');
    requireTool('prometheus-alertmanager', 'alertmanager');
    stack = await startStack({ dataDir, ports: await freeStackPorts(), timing: TEST_TIMING, log: () => undefined });
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
      drill: name, bad: 'errors', service: 'enrollment', steps: STEPS, stepDuration: '30s', timeScale: TEST_TIMING.timeScale,
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
    expect(result.rollout.steps.map((s) => s.weight)).toEqual([0.25, 0.5, 1]);
    expect(result.pages).toEqual([]);
    expect(result.integrity.checked).toBeGreaterThan(0);
    // The stable process now runs the candidate's version.
    expect((await stack!.status()).allTargetsUp).toBe(true);
  }, 300_000);

  it('bad-deploy: 20% errors are detected at the first step (25%) and rolled back, its share never exceeded, nobody paged, data intact', async () => {
    const { result, lines } = await drill('bad-deploy');
    expect(result.failures, lines.join('\n')).toEqual([]);
    expect(result.rollout.outcome).toBe('rolled_back');
    expect(result.rollout.steps).toHaveLength(1);
    const step = result.rollout.steps[0]!;
    expect(step.routed!.candidate).toBeLessThanOrEqual(Math.ceil(0.25 * step.routed!.total) + 1);
    expect(result.detectMs).toBeLessThanOrEqual(30_000 + 5_000);
    expect(result.candidateCallsAfter).toBe(0);
    expect(result.restoredMs).toBeDefined();
    expect(result.pages).toEqual([]);
  }, 300_000);
});
