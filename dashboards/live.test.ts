// Integration: the reference services and the business exporter under load, scraped by a real
// Prometheus every second; every query of every non-event-only panel of the overview, service,
// enrollment and grades dashboards must return at least one series.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callFaultAdmin, runLoad, startDemo, type DemoPorts, type RunningDemo } from '../demo/index.js';
import { APP_SERVICES, SERVICES } from '../ownership/index.js';
import { freePort, freePortsFor, startProcess, waitFor, type Started } from '../test/support/index.js';
import { DASHBOARDS } from '../generate/index.js';
import { DRILL_ANNOTATION_EXPR, TRACE_ID_FIELD } from './index.js';
import { emptyQueries, startPrometheus, waitForTargetsUp, type LivePrometheus, type ScrapeTarget } from './testing/live.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHECKED = ['zeus-overview', 'zeus-service', 'zeus-enrollment', 'zeus-grades'];

const specs = () => DASHBOARDS.map((entry) => entry.define());

async function freeDemoPorts(): Promise<DemoPorts> {
  const keys = ['portal', 'enrollment', 'grades', 'portalAdmin', 'enrollmentAdmin', 'gradesAdmin', 'portalMetrics', 'enrollmentMetrics', 'gradesMetrics'] as const;
  return freePortsFor(keys);
}

describe('dashboards against a real Prometheus scraping the demo under load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zeus-dashboards-live-'));
  let demo: RunningDemo | undefined;
  let exporter: Started | undefined;
  let prometheus: LivePrometheus | undefined;

  beforeAll(async () => {
    demo = await startDemo({ dataDir: join(dir, 'demo'), seed: 'small', ports: await freeDemoPorts(), readyTimeoutMs: 60_000 });
    const exporterPort = await freePort();
    exporter = startProcess(process.execPath, ['bin/zeus-obs.mjs', 'exporter', 'business', '--db', demo.dbPath!, '--port', String(exporterPort), '--backup-dir', join(dir, 'backups')], { cwd: ROOT });
    await waitFor('the business exporter', async () => (await fetch(`http://127.0.0.1:${exporterPort}/metrics`)).ok, { timeoutMs: 30_000 });
    const targets: ScrapeTarget[] = [
      ...APP_SERVICES.map((service) => ({ job: SERVICES[service].job, service, address: new URL(demo!.metricsUrls[service]).host })),
      { job: SERVICES['business-exporter'].job, service: 'business-exporter', address: `127.0.0.1:${exporterPort}` },
    ];
    prometheus = await startPrometheus(join(dir, 'prometheus'), targets);
    await waitForTargetsUp(prometheus, targets.length);
    // Real users enrolling and faculty submitting grades.
    await Promise.all([
      runLoad({ target: demo.urls.portal, scenario: 'registration-opening', durationMs: 8_000, concurrency: 8 }),
      runLoad({ target: demo.urls.portal, scenario: 'grade-deadline', durationMs: 8_000, concurrency: 4 }),
    ]);
    const loadEnded = Date.now() / 1000;
    await waitFor('two scrapes of every target after the load', async () => {
      const [oldest] = await prometheus!.client.vector('min(timestamp(up))');
      return (oldest?.value ?? 0) > loadEnded + 1;
    }, { timeoutMs: 15_000, intervalMs: 250 });
  }, 150_000);

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
    await demo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every non-event-only panel query returns at least one series', async () => {
    const substitutions = {
      rateInterval: '30s',
      range: '5m',
      interval: '5s',
      // The service dashboard is checked for all three services at once: each panel must show
      // data for at least one of them (only the portal calls other services, for example).
      variables: { service: APP_SERVICES.join('|'), instance: '.*', term: '.*' },
    };
    const checked = specs().filter((spec) => CHECKED.includes(spec.uid));
    expect(checked.map((s) => s.uid).sort()).toEqual([...CHECKED].sort());
    const empty = (await Promise.all(checked.map((spec) => emptyQueries(prometheus!.client, spec, substitutions)))).flat();
    expect(empty.map((e) => `${e.dashboard} › ${e.panel}: ${e.expr}`)).toEqual([]);
  }, 60_000);

  it('latency panels with exemplars get trace ids to link to Tempo', async () => {
    const service = specs().find((spec) => spec.uid === 'zeus-service')!;
    const latency = service.rows.flatMap((row) => row.panels).find((panel) => panel.queries.some((q) => q.exemplar))!;
    const selector = /rate\((\w+\{[^}]*\})\[/.exec(latency.queries[0]!.expr)![1]!.replace('$service', 'enrollment').replace('$instance', '.*');
    const end = new Date();
    const exemplars = await prometheus!.client.exemplars(selector, { start: new Date(end.getTime() - 300_000), end });
    const traceIds = exemplars.flatMap((series) => series.exemplars.map((e) => e.labels[TRACE_ID_FIELD]));
    expect(traceIds.length, `no exemplars for ${selector}`).toBeGreaterThan(0);
    expect(traceIds[0]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('the fault-drill annotation marks an injected fault', async () => {
    expect(await prometheus!.client.vector(DRILL_ANNOTATION_EXPR)).toEqual([]);
    await callFaultAdmin(demo!.adminUrls.grades, demo!.adminToken, { kind: 'set', faults: { latencyMs: 5 } });
    try {
      const series = await waitFor('the drill annotation to show the fault', async () => {
        const result = await prometheus!.client.vector(DRILL_ANNOTATION_EXPR);
        return result.length > 0 && result;
      }, { timeoutMs: 15_000, intervalMs: 250 });
      expect(series.map((s) => s.labels)).toEqual([{ service: 'grades', kind: 'latency' }]);
    } finally {
      await callFaultAdmin(demo!.adminUrls.grades, demo!.adminToken, { kind: 'clear' });
    }
  });
});
