// The running stack (test profile) under load and synthetics: quiet when healthy (no alert but
// Watchdog, pending included, for the equivalent of 15 production minutes), every /metrics passes
// promtool check metrics, every panel of every generated dashboard has data, and the fault drills
// chosen for CI page the right team within budget (enrollment-outage, brute-force-logins, the two
// alerting-pipeline drills) or page nobody (noise). One stack serves them all to keep CI short.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARDS } from '../generate/index.js';
import { runLoad } from '../demo/index.js';
import { formatDrillResult, runDrill, scenarioNamed, type DrillTargets } from '../drills/index.js';
import { prometheusClient } from '../promql/index.js';
import { requireTool, waitFor } from '../test/support/index.js';
import { freeStackPorts } from './testing/ports.js';
import { REPO_ROOT } from '../core/index.js';
import { emptyQueries } from '../dashboards/testing/live.js';
import { markedProcesses, startStack, TEST_TIMING, type RunningStack, type StackPorts } from './index.js';


/**
 * The stack's data volume: a memory file system of its own where there is one. The business
 * exporter forecasts that volume's free space (`ZeusDataVolumeFillingUp`), and on the machine's
 * disk the other test files write and delete gigabytes (PostgreSQL clusters, base backups, other
 * stacks) within the forecast's window: the volume of a healthy stack would really look like it
 * is filling. On /dev/shm only this stack writes.
 */
const VOLUME = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

describe('the running stack under load (test profile)', () => {
  const dataDir = mkdtempSync(join(VOLUME, 'zeus-live-stack-'));
  let stack: RunningStack | undefined;
  let targets: DrillTargets;

  beforeAll(async () => {
    requireTool('prometheus');
    requireTool('prometheus-alertmanager', 'alertmanager');
    requireTool('/usr/bin/chromium', 'chromium');
    requireTool('prometheus-node-exporter', 'node_exporter');
    requireTool('prometheus-blackbox-exporter', 'blackbox_exporter');
    stack = await startStack({ dataDir, ports: await freeStackPorts(), timing: TEST_TIMING, log: () => undefined });
    await waitFor('all targets up', async () => (await stack!.status()).allTargetsUp, { timeoutMs: 60_000, intervalMs: 500 });
    // the shared key of the signed synthetic marker, private to the stack's user
    expect(statSync(join(dataDir, 'synthetic.key')).mode & 0o777).toBe(0o600);
    const { urls } = stack;
    targets = {
      prometheus: urls.prometheus, alertmanager: urls.alertmanager, pager: urls.pager, portal: urls.portal,
      admin: urls.admin, adminToken: stack.adminToken, dbPath: stack.dbPath, backupDir: stack.backupDir, alertmanagerPidFile: stack.alertmanagerPidFile,
    };
  }, 120_000);

  afterAll(async () => {
    const id = stack?.id;
    await stack?.stop();
    if (id) expect(markedProcesses(id)).toEqual([]);
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('is quiet when healthy: 60 s at x15 (15 production minutes) of normal load and synthetics raise no alert but Watchdog, pending included', async () => {
    const prometheus = prometheusClient(stack!.urls.prometheus);
    const load = (ms: number) => Promise.all([
      // The seed's 200 students (the load's default), not a handful: 20 students have filled
      // their schedules within a minute, and the enrollments that stop then are a real
      // throughput collapse (ZeusEnrollmentThroughputCollapsed goes pending), not a healthy stack.
      runLoad({ target: stack!.urls.portal, scenario: 'registration-opening', durationMs: ms, rate: 8, concurrency: 4 }),
      runLoad({ target: stack!.urls.portal, scenario: 'grade-deadline', durationMs: ms, rate: 2, concurrency: 2 }),
    ]);
    // Warm-up: traffic flows, and every synthetic journey has run once (its first result is scraped).
    const warmUp = load(15_000);
    await waitFor('a first result of every journey', async () => (await prometheus.vector('probe_success')).length >= 5, { timeoutMs: 90_000, intervalMs: 1_000 });
    await warmUp;
    const windowMs = 60_000;
    const seen = new Set<string>();
    // Host alerts (node_exporter's: CPU saturated, filesystem filling) describe the machine the
    // test runs on, which the parallel test suite saturates and writes to by design; they are
    // left out here and tested on their own (probes/, capacity/). Everything about the stack counts.
    const watched = `alertname!="Watchdog", service!="node-exporter"`;
    const running = load(windowMs);
    const t0 = Date.now();
    while (Date.now() - t0 < windowMs) {
      for (const a of await prometheus.vector(`ALERTS{${watched}}`)) seen.add(`${a.labels.alertname} ${a.labels.alertstate} ${a.labels.service ?? ''} ${a.labels.instance ?? ''}`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const reports = await running;
    // And whatever was pending or firing between two polls: ALERTS is a series Prometheus records.
    for (const a of await prometheus.vector(`max_over_time(ALERTS{${watched}}[${Math.round((Date.now() - t0) / 1000)}s])`)) {
      seen.add(`${a.labels.alertname} ${a.labels.alertstate} ${a.labels.service ?? ''} ${a.labels.instance ?? ''}`);
    }
    expect(reports.reduce((n, r) => n + r.requests, 0)).toBeGreaterThan(300);
    expect((await prometheus.vector('ALERTS{alertname="Watchdog"}')).length).toBe(1);
    expect([...seen].sort()).toEqual([]);
  }, 200_000);

  it('every /metrics of the stack passes promtool check metrics: the services, the exporter and the prober', async () => {
    const promtool = requireTool('promtool');
    const urls = stack!.urls;
    const endpoints = [`${urls.metrics.portal}/metrics`, `${urls.metrics.enrollment}/metrics`, `${urls.metrics.grades}/metrics`, `${urls.exporter}/metrics`, `${urls.synthetics}/metrics`];
    for (const url of endpoints) {
      // The Prometheus text format, which promtool parses (OpenMetrics is negotiated by Prometheus itself).
      const response = await fetch(url, { headers: { accept: 'text/plain;version=0.0.4' } });
      expect(response.status, url).toBe(200);
      const text = await response.text();
      expect(text.length, url).toBeGreaterThan(1_000);
      const check = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(`${check.stdout}${check.stderr}`.trim(), url).toBe('');
      expect(check.status, url).toBe(0);
    }
  }, 60_000);

  it('every panel of every generated dashboard returns data (event-only panels excepted)', async () => {
    // Students enrolling and faculty submitting grades, while the synthetics scheduler runs its journeys.
    await Promise.all([
      runLoad({ target: stack!.urls.portal, scenario: 'registration-opening', durationMs: 10_000, concurrency: 4, users: 20 }),
      runLoad({ target: stack!.urls.portal, scenario: 'grade-deadline', durationMs: 10_000, concurrency: 2 }),
    ]);
    // This stack runs on SQLite: the PostgreSQL dashboard is checked by stack/postgres-stack.test.ts, on a stack with PostgreSQL and its replica.
    const specs = DASHBOARDS.map((entry) => entry.define()).filter((spec) => spec.uid !== 'zeus-postgres');
    expect(specs.length).toBeGreaterThanOrEqual(6);
    // Synthetic journeys run on their own schedule; wait until their first results are scraped.
    await waitFor('synthetic journey results', async () => {
      return (await prometheusClient(stack!.urls.prometheus).vector('probe_success')).length > 0;
    }, { timeoutMs: 60_000, intervalMs: 1_000 });
    // Recording rules over long (scaled) windows fill in a few evaluations after the load: poll
    // until every panel has data, and report the panels still empty at the deadline.
    const emptyNow = async () => (await Promise.all(specs.map((spec) =>
      emptyQueries(prometheusClient(stack!.urls.prometheus, { timeoutMs: 10_000 }), spec, { rateInterval: '30s', range: '5m', interval: '5s' })))).flat()
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

  // After noise: its errors stay in the 1h burn window after it resolves, so a blip right after it
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

  it('drill pagerduty-key-refused: with the sre-platform key refused, the delivery-failure alert reaches sre-platform by its ticket webhook', async () => {
    const lines: string[] = [];
    const result = await runDrill(scenarioNamed('pagerduty-key-refused')!, {
      targets, timeScale: TEST_TIMING.timeScale, repoRoot: REPO_ROOT, logDir: join(dataDir, 'drills'), log: (l) => lines.push(l),
    });
    console.log(formatDrillResult(result, TEST_TIMING.timeScale));
    expect(result.failures, lines.join('\n')).toEqual([]);
    expect(result.page).toMatchObject({ team: 'sre-platform', severity: 'critical', alertname: 'AlertmanagerFailedToSendAlerts' });
    // PagerDuty answered 400 for the refused key, as it does for a deleted one.
    const events = (await (await fetch(`${stack!.urls.pager}/events`)).json()) as Array<{ status: number; errors: string[] }>;
    expect(events.some((e) => e.status === 400 && e.errors.includes('Invalid routing key'))).toBe(true);
  }, 150_000);

  // Last: it stops Alertmanager (and resumes it).
  it('drill alerting-pipeline-down: with Alertmanager stopped, the dead man\'s switch pages sre-platform within the scaled 3 minutes, and resolves', async () => {
    const lines: string[] = [];
    const result = await runDrill(scenarioNamed('alerting-pipeline-down')!, {
      targets, timeScale: TEST_TIMING.timeScale, repoRoot: REPO_ROOT, logDir: join(dataDir, 'drills'), log: (l) => lines.push(l),
    });
    console.log(formatDrillResult(result, TEST_TIMING.timeScale));
    expect(result.failures, lines.join('\n')).toEqual([]);
    expect(result.page).toMatchObject({ team: 'sre-platform', severity: 'critical', alertname: 'DeadMansSwitch' });
    // Not before the timeout: the silence the incident quotes (since the last heartbeat the
    // receiver heard, which under load may be longer ago than one repeat interval) is at least
    // 3 minutes scaled (whole seconds, so 1 s of rounding).
    const silence = /no Watchdog heartbeat for (\d+)m(\d+)s/.exec(result.page!.summary);
    expect(silence, result.page!.summary).not.toBeNull();
    expect((Number(silence![1]) * 60 + Number(silence![2])) * 1000).toBeGreaterThanOrEqual((3 * 60_000 * TEST_TIMING.timeScale) - 1_000);
    expect(result.resolveMs).toBeLessThanOrEqual(result.allowed.resolveMs);
    const incidents = (await (await fetch(`${stack!.urls.pager}/incidents`)).json()) as Array<{ dedupKey: string; status: string }>;
    expect(incidents.find((i) => i.dedupKey === 'zeus-dead-mans-switch')?.status).toBe('resolved');
  }, 120_000);
});
