// The running stack (test profile) under load and synthetics: every panel of every generated
// dashboard has data, and the fault drills chosen for CI page the right team within budget
// (enrollment-outage, brute-force-logins) or page nobody (noise). One stack serves them all to keep CI short.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARDS } from '../generate/index.js';
import { runLoad } from '../demo/index.js';
import { formatDrillResult, runDrill, scenarioNamed, type DrillTargets } from '../drills/index.js';
import { prometheusClient } from '../promql/index.js';
import { freePortsFor, requireTool, waitFor } from '../test/support/index.js';
import { REPO_ROOT } from '../core/index.js';
import { emptyPanels } from './testing/dashboard-check.js';
import { markedProcesses, startStack, TEST_TIMING, type RunningStack, type StackPorts } from './index.js';

async function freePorts(): Promise<StackPorts> {
  const keys: Array<keyof StackPorts> = ['portal', 'enrollment', 'grades', 'portalMetrics', 'enrollmentMetrics', 'gradesMetrics',
    'portalAdmin', 'enrollmentAdmin', 'gradesAdmin', 'exporter', 'synthetics', 'prometheus', 'alertmanager', 'pager'];
  return freePortsFor(keys);
}

describe('the running stack under load (test profile)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zeus-live-stack-'));
  let stack: RunningStack | undefined;
  let targets: DrillTargets;

  beforeAll(async () => {
    requireTool('prometheus');
    requireTool('prometheus-alertmanager', 'alertmanager');
    requireTool('/usr/bin/chromium', 'chromium');
    stack = await startStack({ dataDir, ports: await freePorts(), timing: TEST_TIMING, log: () => undefined });
    await waitFor('all targets up', async () => (await stack!.status()).allTargetsUp, { timeoutMs: 60_000, intervalMs: 500 });
    // the shared key of the signed synthetic marker, private to the stack's user
    expect(statSync(join(dataDir, 'synthetic.key')).mode & 0o777).toBe(0o600);
    const { urls } = stack;
    targets = {
      prometheus: urls.prometheus, alertmanager: urls.alertmanager, pager: urls.pager, portal: urls.portal,
      admin: urls.admin, adminToken: stack.adminToken, dbPath: stack.dbPath, backupDir: stack.backupDir,
    };
  }, 120_000);

  afterAll(async () => {
    const id = stack?.id;
    await stack?.stop();
    if (id) expect(markedProcesses(id)).toEqual([]);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('every panel of every generated dashboard returns data (event-only panels excepted)', async () => {
    // Students enrolling and faculty submitting grades, while the synthetics scheduler runs its journeys.
    await Promise.all([
      runLoad({ target: stack!.urls.portal, scenario: 'registration-opening', durationMs: 10_000, concurrency: 4, users: 20 }),
      runLoad({ target: stack!.urls.portal, scenario: 'grade-deadline', durationMs: 10_000, concurrency: 2 }),
    ]);
    const specs = DASHBOARDS.map((entry) => entry.define());
    expect(specs.length).toBeGreaterThanOrEqual(6);
    // Synthetic journeys run on their own schedule; wait until their first results are scraped.
    await waitFor('synthetic journey results', async () => {
      return (await prometheusClient(stack!.urls.prometheus).vector('probe_success')).length > 0;
    }, { timeoutMs: 60_000, intervalMs: 1_000 });
    // Recording rules over long (scaled) windows fill in a few evaluations after the load: poll
    // until every panel has data, and report the panels still empty at the deadline.
    const emptyNow = async () => (await Promise.all(specs.map((spec) =>
      emptyPanels(stack!.urls.prometheus, spec, { rateInterval: '30s', range: '5m', interval: '5s' })))).flat()
      .map((e) => `${e.dashboard} › ${e.panel}: ${e.expr}`);
    let empty = await emptyNow();
    const deadline = Date.now() + 45_000;
    while (empty.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      empty = await emptyNow();
    }
    expect(empty).toEqual([]);
  }, 200_000);

  it('drill brute-force-logins: pages security, critical, within the scaled budget, and resolves', async () => {
    const lines: string[] = [];
    const result = await runDrill(scenarioNamed('brute-force-logins')!, {
      targets, timeScale: TEST_TIMING.timeScale, repoRoot: REPO_ROOT, logDir: join(dataDir, 'drills'), log: (l) => lines.push(l),
    });
    console.log(formatDrillResult(result, TEST_TIMING.timeScale));
    expect(result.failures, lines.join('\n')).toEqual([]);
    expect(result.page).toMatchObject({ team: 'security', severity: 'critical', alertname: 'ZeusLoginFailuresSpiking' });
    expect(result.detectMs).toBeLessThanOrEqual(result.allowed.detectMs);
    expect(result.pageMs).toBeLessThanOrEqual(result.allowed.pageMs);
    expect(result.resolveMs).toBeLessThanOrEqual(result.allowed.resolveMs);
  }, 150_000);

  it('drill noise: blips under normal load page nobody', async () => {
    const lines: string[] = [];
    const result = await runDrill(scenarioNamed('noise')!, {
      targets, timeScale: TEST_TIMING.timeScale, repoRoot: REPO_ROOT, logDir: join(dataDir, 'drills'), log: (l) => lines.push(l),
    });
    console.log(formatDrillResult(result, TEST_TIMING.timeScale));
    expect(result.failures, lines.join('\n')).toEqual([]);
    expect(result.otherPages).toEqual([]);
  }, 120_000);

  // Last: its errors stay in the 1h burn window after it resolves, so a blip right after it
  // would rightly page again; noise is checked on a healthy stack first.
  it('drill enrollment-outage: a hard enrollment outage pages registrar-platform, critical, within the scaled 2-minute budget', async () => {
    const lines: string[] = [];
    const result = await runDrill(scenarioNamed('enrollment-outage')!, {
      targets, timeScale: TEST_TIMING.timeScale, repoRoot: REPO_ROOT, logDir: join(dataDir, 'drills'), log: (l) => lines.push(l),
    });
    console.log(formatDrillResult(result, TEST_TIMING.timeScale));
    expect(result.failures, lines.join('\n')).toEqual([]);
    expect(result.page).toMatchObject({ team: 'registrar-platform', severity: 'critical', alertname: 'SLOBurnRatePage' });
    expect(result.pageMs).toBeLessThanOrEqual(result.allowed.pageMs);
    expect(result.resolveMs).toBeLessThanOrEqual(result.allowed.resolveMs);
  }, 240_000);
});
