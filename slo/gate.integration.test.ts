import { METRICS_BY_NAME } from '@zeus/instrumentation/catalog';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utcMsToLocal, ZEUS_CALENDAR, type AcademicCalendar } from '../calendar/index.js';
import { runSlo } from '../cli/commands/slo.js';
import { freePort, startTestPrometheus, waitFor, type TestPrometheus } from '../test/support/index.js';
import enrollmentAvailability from './enrollment-availability.slo.js';
import { FAST_TEST_PROFILE, objectiveAt, renderSlos } from './index.js';

/**
 * `slo report` and `slo gate` against a real Prometheus that evaluates the enrollment
 * availability rules rendered with the test profile (1 minute per hour: the 1h window is 60 s),
 * scraping a target whose good (201) and bad (503) enrollment API requests this test controls.
 */

const SLO = enrollmentAvailability.id;
/** Outside every freeze of the calendar (mid October, before the spring registration opens). */
const QUIET_DAY = '2026-10-14T15:00:00Z';
/** Fall 2026 finals week: a deployment freeze. */
const FINALS = '2026-12-15T15:00:00Z';

/**
 * The Zeus calendar with one enrollment window moved around the real present, so the objective
 * Prometheus computes from `time()` must be the enrollment-window one (99.95%).
 */
const DAY_MS = 86_400_000;
const local = (ms: number) => utcMsToLocal(ms, ZEUS_CALENDAR.timeZone);
const CALENDAR: AcademicCalendar = {
  ...ZEUS_CALENDAR,
  terms: [{ ...ZEUS_CALENDAR.terms[0]!, enrollment: { start: local(Date.now() - DAY_MS), end: local(Date.now() + DAY_MS) } }],
};

let prometheus: TestPrometheus | undefined;
let target: Server;
let dir: string;
let promUrl: string;
const rates = { good: 0, bad: 0 };
const counts = { good: 0, bad: 0 };
let ticker: NodeJS.Timeout;

async function gate(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runSlo(['gate', '--prometheus', promUrl, '--slo', SLO, ...args], { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`) });
  return { code, out, err };
}

async function value(expr: string): Promise<number | undefined> {
  const samples = await prometheus!.client.vector(expr);
  return samples[0]?.value;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zeus-slo-gate-'));
  ticker = setInterval(() => {
    counts.good += rates.good / 10;
    counts.bad += rates.bad / 10;
  }, 100);
  target = createServer((req, res) => {
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(
      '# TYPE http_server_request_duration_seconds_count counter\n' +
        `http_server_request_duration_seconds_count{http_request_method="POST",http_route="/api/enrollments",http_response_status_code="201",error_type=""} ${Math.floor(counts.good)}\n` +
        `http_server_request_duration_seconds_count{http_request_method="POST",http_route="/api/enrollments",http_response_status_code="503",error_type="503"} ${Math.floor(counts.bad)}\n`,
    );
  });
  const targetPort = await freePort();
  await new Promise<void>((resolve) => target.listen(targetPort, '127.0.0.1', resolve));

  const render = renderSlos([enrollmentAvailability], METRICS_BY_NAME, { profile: FAST_TEST_PROFILE, calendar: CALENDAR });
  expect(render.problems).toEqual([]);
  const rules = render.artifacts.find((a) => a.path.startsWith('prometheus/rules/'))!;
  prometheus = await startTestPrometheus(dir, {
    config: {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [join(dir, 'slo.yml')],
      scrape_configs: [{ job_name: 'zeus-services', static_configs: [{ targets: [`127.0.0.1:${targetPort}`], labels: { service: 'enrollment' } }] }],
    },
    files: { 'slo.yml': rules.content },
  });
  promUrl = prometheus.url;
});

afterAll(async () => {
  clearInterval(ticker);
  await prometheus?.stop();
  await new Promise((resolve) => target?.close(resolve));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('slo gate and slo report against a real Prometheus', () => {
  it('allows a deployment while the SLO is healthy, and reports it ok', async () => {
    rates.good = 50;
    await waitFor('a period error ratio of 0', async () => (await value(`slo:sli_error:ratio_rate30d{slo="${SLO}"}`)) === 0, { timeoutMs: 40_000 });
    const result = await gate('--now', QUIET_DAY);
    expect(result.out).toContain('ALLOW');
    expect(result.code).toBe(0);

    let out = '';
    expect(await runSlo(['report', '--prometheus', promUrl, '--json', '--now', QUIET_DAY], { out: (l) => (out += l), err: () => {} })).toBe(0);
    const report = JSON.parse(out) as { slos: { id: string; state: string; budgetRemaining: number; sli: number }[] };
    expect(report.slos.find((s) => s.id === SLO)).toMatchObject({ state: 'ok', budgetRemaining: 1, sli: 1 });
    // Other SLOs have no metrics in this Prometheus: reported as no data, never NaN.
    expect(report.slos.find((s) => s.id === 'grades-availability')).toMatchObject({ state: 'no-data' });
  });

  it('follows the calendar: Prometheus applies the enrollment-window objective while time() is in the window', async () => {
    const recorded = await waitFor('the objective', () => value(`slo:objective:ratio{slo="${SLO}"}`));
    expect(objectiveAt(enrollmentAvailability, CALENDAR, Date.now()).objective).toBe(0.9995);
    expect(recorded).toBe(0.9995);
  });

  it('blocks during a freeze window, and allows with --override, which is logged', async () => {
    const blocked = await gate('--now', FINALS);
    expect(blocked.code).toBe(1);
    expect(blocked.out).toMatch(/BLOCK[\s\S]*deployment freeze in force: Fall 2026 finals/);

    const overridden = await gate('--now', FINALS, '--override', 'hotfix INC-42');
    expect(overridden.code).toBe(0);
    expect(overridden.err).toMatch(/OVERRIDE at 2026-12-15T15:00:00.000Z .* of freeze Fall 2026 finals: "hotfix INC-42"/);
  });

  it('blocks on a page-level burn once the fast burn starts', async () => {
    rates.good = 0;
    rates.bad = 50;
    const result = await waitFor(
      'the gate to block on the burn',
      async () => {
        const r = await gate('--now', QUIET_DAY);
        return r.code === 1 ? r : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(result.out).toMatch(/BLOCK[\s\S]*enrollment-availability: page-level burn, over 14.4× the budget rate over both 1h and 5m/);
    // The rendered page alert itself fires in Prometheus, with the routing labels.
    const alert = await waitFor(
      'SLOBurnRatePage to fire',
      async () => (await prometheus!.client.vector(`ALERTS{alertname="SLOBurnRatePage", alertstate="firing", slo="${SLO}", burn_window="1h"}`))[0],
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    expect(alert.labels).toMatchObject({ severity: 'critical', team: 'registrar-platform', service: 'enrollment' });
    let text = '';
    await runSlo(['report', '--prometheus', promUrl, '--slo', SLO, '--now', QUIET_DAY], { out: (l) => (text += l), err: () => {} });
    expect(text).toMatch(/enrollment-availability\s+\d+d\s+99\.9\d%.*(page|exhausted)/);
  });

  it('exits 2 with a clear message when Prometheus cannot be reached', async () => {
    const closed = await freePort();
    let err = '';
    const code = await runSlo(['gate', '--prometheus', `http://127.0.0.1:${closed}`], { out: () => {}, err: (l) => (err += l) });
    expect(code).toBe(2);
    expect(err).toContain(`Prometheus at http://127.0.0.1:${closed} cannot be reached`);
  });

  it('exits 2, deciding nothing, when Prometheus refuses the status query', async () => {
    let err = '';
    const refusing = async () => new Response(JSON.stringify({ status: 'error', errorType: 'execution', error: 'query timed out in expression evaluation' }), { status: 503 });
    const code = await runSlo(['gate', '--prometheus', promUrl], { out: () => {}, err: (l) => (err += l) }, { fetchFn: refusing });
    expect(code).toBe(2);
    expect(err).toContain(`Prometheus at ${promUrl} refused the query`);
    expect(err).toContain('execution: query timed out in expression evaluation. Nothing was decided');
  });

  it('is wired into the zeus-obs CLI: the real binary exits 2 when Prometheus is unreachable', async () => {
    const closed = await freePort();
    const bin = fileURLToPath(new URL('../bin/zeus-obs.mjs', import.meta.url));
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [bin, 'slo', 'gate', '--prometheus', `http://127.0.0.1:${closed}`], (error, _stdout, stderr) =>
        resolve({ code: error ? (error as { code?: number }).code ?? null : 0, stderr }),
      );
      child.stdin?.end();
    });
    expect(stderr).toContain('cannot be reached');
    expect(code).toBe(2);
  });
});
