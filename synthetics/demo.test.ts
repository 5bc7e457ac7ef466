import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callFaultAdmin, openDatabase, startDemo, type DemoPorts, type FaultState, type RunningDemo } from '../demo/index.js';
import { freePort, requireTool, startProcess, startTestPrometheus, waitFor, type Started, type TestPrometheus } from '../test/support/index.js';
import { createBrowserHost, type BrowserHost } from './browser.js';
import { demoCredentials } from './defaults.js';
import { EVIDENCE_FILES } from './evidence.js';
import { createMasker } from './mask.js';
import { secretsOf } from './credentials.js';
import { createSyntheticsMetrics } from './metrics.js';
import { runJourney, type RunnerOptions } from './runner.js';
import { runSuite } from './run-suite.js';
import { startScheduler, type Scheduler } from './scheduler.js';
import { JOURNEYS, selectJourneys } from './suite.js';
import { PROBE_JOBS } from '../probes/index.js';
import { syntheticsDashboard } from './synthetics.dashboard.js';
import type { Journey, RunResult } from './types.js';

let demo: RunningDemo;
let host: BrowserHost;
let artifacts: string;
let dataDir: string;
let options: RunnerOptions;

/** Everything a journey could change: enrollments, waitlists, grades (values) and seat counts. */
function businessState(): string {
  const db = openDatabase(demo.dbPath!);
  try {
    return JSON.stringify({
      enrollments: db.prepare('SELECT student_id, section_id FROM enrollments ORDER BY 1, 2').all(),
      waitlists: db.prepare('SELECT student_id, section_id, position FROM waitlists ORDER BY 1, 2').all(),
      grades: db.prepare('SELECT student_id, section_id, grade FROM grades ORDER BY 1, 2').all(),
      seats: db.prepare('SELECT id, enrolled_count FROM sections ORDER BY 1').all(),
    });
  } finally {
    db.close();
  }
}

function journey(name: string): Journey {
  return selectJourneys([name]).selected[0]!;
}

async function fault(service: 'portal' | 'enrollment' | 'grades', faults: Partial<FaultState> | 'clear'): Promise<void> {
  await callFaultAdmin(demo.adminUrls[service], demo.adminToken, faults === 'clear' ? { kind: 'clear' } : { kind: 'set', faults });
}

async function expectEvidence(result: RunResult, files: string[]): Promise<void> {
  expect(result.evidenceDir, `${result.journey} wrote no evidence`).toBeDefined();
  expect((await readdir(result.evidenceDir!)).sort()).toEqual(expect.arrayContaining(files));
  const failure = JSON.parse(await readFile(join(result.evidenceDir!, EVIDENCE_FILES.failure), 'utf8'));
  expect(failure).toMatchObject({ failedStep: result.failure!.step, reason: result.failure!.reason, traceId: result.traceId });
}

async function metricsOf(results: RunResult[]): Promise<string> {
  const registry = new Registry();
  const metrics = createSyntheticsMetrics(registry);
  for (const result of results) metrics.record(result);
  return registry.metrics();
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'zeus-synthetics-demo-'));
  artifacts = join(dataDir, 'artifacts');
  const keys = ['portal', 'enrollment', 'grades', 'portalAdmin', 'enrollmentAdmin', 'gradesAdmin', 'portalMetrics', 'enrollmentMetrics', 'gradesMetrics'] as const;
  const ports = {} as DemoPorts;
  for (const key of keys) ports[key] = await freePort();
  demo = await startDemo({ dataDir, ports, readyTimeoutMs: 60_000 });
  host = createBrowserHost();
  // The browser is started once, before the suite, as the prober and `synthetics run` do.
  const launched = Date.now();
  await host.acquire();
  console.log(`Chromium launched in ${Date.now() - launched} ms`);
  const credentials = await demoCredentials();
  options = {
    browser: host,
    targets: { portal: demo.urls.portal, services: demo.urls },
    credentials,
    masker: createMasker(secretsOf(credentials)),
    location: 'test',
    artifactsDir: artifacts,
  };
});

afterAll(async () => {
  await host?.close();
  await demo?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('journeys against the demo', () => {
  it('every journey passes, the suite within 20 s in one browser, and no enrollment or grade is left behind', async () => {
    const before = businessState();
    const started = Date.now();
    const results = await runSuite(JOURNEYS, options, 2);
    const wall = Date.now() - started;
    console.log(`suite of ${results.length} journeys: ${wall} ms wall (browser already started)`, results.map((r) => `${r.journey} ${r.durationMs} [${r.steps.map((s) => s.durationMs).join(" ")}]`).join("; "));
    const ran = results.filter((r) => r.skipped === undefined);
    expect(results.find((r) => r.journey === 'stack-checks')?.skipped).toContain('--prometheus');
    for (const result of ran) expect(result.failure, `${result.journey}: ${JSON.stringify(result.failure)}`).toBeUndefined();
    expect(ran.map((r) => r.journey)).toEqual(['student-enrollment', 'student-grades', 'faculty-grades', 'registrar-report', 'api-checks']);
    expect(wall).toBeLessThan(20_000);
    expect(businessState()).toBe(before);
    // The run's trace id reached the enrollment service through the portal, tagged synthetic.
    const enrollment = results.find((r) => r.journey === 'student-enrollment')!;
    const log = await readFile(join(dataDir, 'logs', 'enrollment.log'), 'utf8');
    const line = log.split('\n').find((l) => l.includes(enrollment.traceId) && l.includes('enrollment attempt'));
    expect(line, 'no enrollment log line with the run trace id').toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ trace_id: enrollment.traceId, source: 'synthetic', outcome: 'enrolled' });
    // The registrar report is read by the least-privilege synthetic auditor, never by a registrar login.
    const portalMetrics = await (await fetch(demo.metricsUrls.portal)).text();
    expect(portalMetrics).toMatch(/zeus_logins_total\{[^}]*outcome="success"[^}]*role="auditor"[^}]*source="synthetic"[^}]*\} [1-9]/);
    expect(portalMetrics).not.toMatch(/zeus_logins_total\{[^}]*role="registrar"/);
  });

  it('enrollment error rate 1: enrollment fails at search and the API check at section-search, both http_5xx', async () => {
    const before = businessState();
    await fault('enrollment', { errorRate: 1 });
    let results: RunResult[];
    try {
      results = [await runJourney(journey('student-enrollment'), options), await runJourney(journey('api-checks'), options)];
    } finally {
      await fault('enrollment', 'clear');
    }
    const [enrollment, api] = results;
    expect(enrollment!.failure).toMatchObject({ step: 'search', reason: 'http_5xx' });
    expect(enrollment!.steps.map((s) => `${s.name}:${s.status}`)).toEqual(['login:passed', 'search:failed', 'enroll:skipped', 'verify-schedule:skipped', 'drop:passed']);
    expect(api!.failure).toMatchObject({ step: 'section-search', reason: 'http_5xx' });
    await expectEvidence(enrollment!, [EVIDENCE_FILES.failure, EVIDENCE_FILES.screenshot, EVIDENCE_FILES.trace, EVIDENCE_FILES.log]);
    await expectEvidence(api!, [EVIDENCE_FILES.failure, EVIDENCE_FILES.log]);
    const text = await metricsOf(results);
    expect(text).toContain('probe_success{journey="student-enrollment",location="test"} 0');
    expect(text).toContain('probe_failure_reason{journey="student-enrollment",location="test",reason="http_5xx"} 1');
    expect(text).toContain('probe_step_success{journey="student-enrollment",location="test",step="search"} 0');
    expect(text).toContain('probe_step_success{journey="student-enrollment",location="test",step="login"} 1');
    expect(text).toContain('probe_failure_reason{journey="api-checks",location="test",reason="http_5xx"} 1');
    expect(businessState()).toBe(before);
  });

  it('grades latency beyond the step timeout: student grades times out at view-grades', async () => {
    const view = journey('student-grades').steps.find((s) => s.name === 'view-grades')!;
    await fault('grades', { latencyMs: (view.timeoutMs ?? journey('student-grades').stepTimeoutMs) + 3_000 });
    let result: RunResult;
    try {
      result = await runJourney(journey('student-grades'), options);
    } finally {
      await fault('grades', 'clear');
    }
    expect(result.failure).toMatchObject({ step: 'view-grades', reason: 'timeout' });
    await expectEvidence(result, [EVIDENCE_FILES.failure, EVIDENCE_FILES.screenshot, EVIDENCE_FILES.trace, EVIDENCE_FILES.log]);
    const text = await metricsOf([result]);
    expect(text).toContain('probe_failure_reason{journey="student-grades",location="test",reason="timeout"} 1');
    expect(text).toContain('probe_step_success{journey="student-grades",location="test",step="view-grades"} 0');
  });

  it('portal down: browser journeys fail at login with navigation, and pass again once it is back', async () => {
    await fault('portal', { down: true });
    let results: RunResult[];
    try {
      results = [await runJourney(journey('student-enrollment'), options), await runJourney(journey('registrar-report'), options)];
    } finally {
      await fault('portal', 'clear');
    }
    for (const result of results) {
      expect(result.failure).toMatchObject({ step: 'login', reason: 'navigation' });
      await expectEvidence(result, [EVIDENCE_FILES.failure, EVIDENCE_FILES.trace, EVIDENCE_FILES.log]);
    }
    const text = await metricsOf(results);
    expect(text).toContain('probe_failure_reason{journey="student-enrollment",location="test",reason="navigation"} 1');
    expect(text).toContain('probe_failure_reason{journey="registrar-report",location="test",reason="navigation"} 1');
    await waitFor('the portal to listen again', async () => (await fetch(`${demo.urls.portal}/healthz`)).ok, { timeoutMs: 10_000 });
    expect((await runJourney(journey('student-enrollment'), options)).success).toBe(true);
  });
});

describe('zeus-obs synthetics run', () => {
  const cli = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const started = startProcess(process.execPath, ['bin/zeus-obs.mjs', 'synthetics', 'run', ...args], {
        cwd: join(import.meta.dirname, '..'),
        env: { ...process.env, ...env },
      });
      started.child.once('exit', (code) => setTimeout(() => resolve({ code, out: started.output() }), 50));
    });
  const targets = () => ['--target', demo.urls.portal, '--enrollment', demo.urls.enrollment, '--grades', demo.urls.grades, '--artifacts', artifacts];

  it('exits 0 with a per-step table when the named journeys pass, 1 when one cannot run, 2 on a usage error', async () => {
    const ok = await cli([...targets(), '--journey', 'api-checks', '--journey', 'student-grades', '--location', 'cli']);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/student-grades\s+view-grades\s+ok/);
    expect(ok.out).toMatch(/api-checks\s+= journey\s+PASS\s+\S+\s+trace_id=[0-9a-f]{32}/);
    expect(ok.out).toContain('"location":"cli"');
    expect(ok.out).not.toContain('synthetic-demo');
    const wrongPassword = await cli([...targets(), '--journey', 'student-grades'], { ZEUS_SYNTHETIC_STUDENT_EMAIL: 'synthetic.student@zeus.test', ZEUS_SYNTHETIC_STUDENT_PASSWORD: 'wrong-password-123' });
    expect(wrongPassword.code).toBe(1);
    expect(wrongPassword.out).toMatch(/student-grades\s+login\s+FAIL auth/);
    expect(wrongPassword.out).not.toContain('wrong-password-123');
    expect((await cli([...targets(), '--journey', 'stack-checks'])).code).toBe(1);
    expect((await cli(['--journey', 'no-such-journey'])).code).toBe(2);
  });
});

describe('the schedule daemon scraped by a real Prometheus', () => {
  let prometheus: TestPrometheus | undefined;
  let alertmanager: Started | undefined;
  let scheduler: Scheduler | undefined;

  afterAll(async () => {
    await scheduler?.stop();
    await prometheus?.stop();
    await alertmanager?.stop();
  });

  const query = (expr: string) => prometheus!.client.vector(expr);

  it('exposes blackbox-style metrics that Prometheus scrapes, stack checks included, and a fault shows up', async () => {
    const amBin = requireTool('prometheus-alertmanager', 'alertmanager');
    const dir = join(dataDir, 'stack');
    const [amPort, proberPort] = [await freePort(), await freePort()];
    await rm(dir, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
    await writeFile(join(dir, 'am.yml'), 'route:\n  receiver: none\nreceivers:\n  - name: none\n');
    const metricsTargets = Object.values(demo.metricsUrls).map((u) => new URL(u).host);
    alertmanager = startProcess(amBin, [
      `--config.file=${join(dir, 'am.yml')}`, `--storage.path=${join(dir, 'am-data')}`,
      `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address=',
    ]);
    prometheus = await startTestPrometheus(join(dir, 'prometheus'), {
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: [join(dir, 'prometheus', 'rules.yml')],
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
        scrape_configs: [
          { job_name: 'zeus-synthetics', static_configs: [{ targets: [`127.0.0.1:${proberPort}`], labels: { service: 'synthetics' } }] },
          { job_name: 'zeus-services', static_configs: [{ targets: metricsTargets }] },
        ],
      },
      files: { 'rules.yml': 'groups:\n  - name: meta\n    rules:\n      - alert: Watchdog\n        expr: vector(1)\n' },
      args: ['--rules.alert.resend-delay=1s'],
    });
    const promUrl = prometheus.url;
    const amUrl = `http://127.0.0.1:${amPort}`;
    await waitFor('Alertmanager ready', async () => (await fetch(`${amUrl}/-/ready`)).ok, { timeoutMs: 30_000 });

    scheduler = await startScheduler({
      journeys: [journey('api-checks'), journey('stack-checks'), journey('student-grades')],
      targets: { ...options.targets, prometheus: promUrl, alertmanager: amUrl },
      credentials: options.credentials,
      masker: options.masker,
      location: 'lab-1',
      artifactsDir: join(dir, 'artifacts'),
      port: proberPort,
      intervalSeconds: 2,
      retries: 0,
      browser: host,
      logger: { info: () => {}, warn: () => {} },
    });
    expect(scheduler.url).toBe(`http://127.0.0.1:${proberPort}`);

    // Stack checks pass once Prometheus scraped every target and the Watchdog reached Alertmanager.
    await waitFor(
      'probe_success of every journey at 1 in Prometheus',
      async () => {
        const rows = await query('probe_success{job="zeus-synthetics",location="lab-1"} == 1');
        return rows.length === 3 && rows;
      },
      { timeoutMs: 45_000, intervalMs: 500 },
    ).catch((error: Error) => {
      const last = [...scheduler!.lastResults().values()].map((r) => `${r.journey}: ${r.success ? 'ok' : JSON.stringify(r.failure)}`);
      throw new Error(`${error.message}; last runs: ${last.join('; ')}`);
    });
    const steps = await query('probe_step_success{journey="stack-checks"}');
    expect(steps.map((r) => r.labels.step).sort()).toEqual(
      ['alertmanager-ready', 'enrollment-ready', 'grades-ready', 'portal-ready', 'prometheus-ready', 'targets-up', 'watchdog-firing'],
    );
    expect(steps.every((r) => r.value === 1)).toBe(true);
    expect((await query('sum(zeus_synthetics_runs_total{result="success"}) > 0')).length).toBe(1);

    // Every journey query of the synthetics dashboard has data once the prober is scraped. The
    // blackbox_exporter queries beside them need blackbox_exporter, which this test does not run:
    // stack/live-stack.test.ts checks them on a stack that does.
    const blackboxJobs = Object.values(PROBE_JOBS);
    const exprs = syntheticsDashboard()
      .rows.flatMap((row) => row.panels)
      .filter((panel) => !panel.eventOnly)
      .flatMap((panel) => panel.queries)
      .filter((q) => !blackboxJobs.some((job) => q.expr.includes(job)))
      .map((q) => q.expr.replaceAll('$journey', '.*').replaceAll('$location', '.*').replaceAll('$__range', '2m').replaceAll('$__rate_interval', '30s'));
    expect(exprs.length).toBeGreaterThan(5);
    await waitFor(
      'every synthetics dashboard query to return data',
      async () => {
        for (const expr of exprs) if ((await query(expr)).length === 0) throw new Error(`no data for ${expr}`);
        return true;
      },
      { timeoutMs: 20_000, intervalMs: 1_000 },
    );

    // A fault turns into a failure reason Prometheus can alert on.
    await fault('enrollment', { errorRate: 1 });
    try {
      await waitFor(
        'probe_failure_reason http_5xx of api-checks in Prometheus',
        async () => (await query('probe_failure_reason{journey="api-checks",reason="http_5xx"} == 1')).length === 1,
        { timeoutMs: 20_000, intervalMs: 500 },
      );
    } finally {
      await fault('enrollment', 'clear');
    }
    const evidence = await fetch(`${scheduler.url}/evidence/api-checks/latest/failure.json`);
    expect(evidence.status).toBe(200);
    expect(await evidence.json()).toMatchObject({ journey: 'api-checks', reason: 'http_5xx', failedStep: 'section-search' });
  });
});
