import { mkdtempSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { runLoad } from './demo/index.js';
import { startStack, TEST_TIMING } from './stack/index.js';
import { freePortsFor } from './test/support/index.js';
import { prometheusClient } from './promql/index.js';
const keys = ['portal', 'enrollment', 'grades', 'portalMetrics', 'enrollmentMetrics', 'gradesMetrics', 'portalAdmin', 'enrollmentAdmin', 'gradesAdmin', 'exporter', 'synthetics', 'prometheus', 'alertmanager', 'pager'] as const;
const stack = await startStack({ dataDir: mkdtempSync(join(tmpdir(), 'zeus-lag-')), ports: await freePortsFor([...keys]), timing: TEST_TIMING, log: () => undefined });
for (;;) { if ((await stack.status()).allTargetsUp) break; await new Promise((r) => setTimeout(r, 500)); }
const p = prometheusClient(stack.urls.prometheus);
const load = Promise.all([
  runLoad({ target: stack.urls.portal, scenario: 'registration-opening', durationMs: 75_000, rate: 8, concurrency: 4, users: 20 }),
  runLoad({ target: stack.urls.portal, scenario: 'grade-deadline', durationMs: 75_000, rate: 2, concurrency: 2 }),
]);
const t0 = Date.now();
while (Date.now() - t0 < 75_000) {
  const v = async (q: string) => (await p.vector(q)).map((s) => `${s.labels.service}=${s.value.toFixed(3)}`).join(' ');
  console.log(((Date.now() - t0) / 1000).toFixed(0), 'load', loadavg()[0].toFixed(1), '| p99', await v('nodejs_eventloop_lag_p99_seconds'), '| med20s', await v('quantile_over_time(0.5, nodejs_eventloop_lag_p99_seconds[20s])'), '| scrape', await v('scrape_duration_seconds{job="zeus-services"}'), '| mean', await v('nodejs_eventloop_lag_mean_seconds'));
  await new Promise((r) => setTimeout(r, 3000));
}
await load; await stack.stop();
