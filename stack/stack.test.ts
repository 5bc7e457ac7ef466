import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver } from '../demo/testing/otlp-receiver.js';
import { prometheusClient } from '../promql/index.js';
import { requireTool, waitFor } from '../test/support/index.js';
import { freeStackPorts } from './testing/ports.js';
import { groupMembers, markedProcesses, startStack, TEST_TIMING, type RunningStack, type StackPorts } from './index.js';


const dirs: string[] = [];
const stacks: RunningStack[] = [];
afterAll(async () => {
  for (const stack of stacks) await stack.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('zeus-obs stack (test profile, free ports)', () => {
  it('brings every scrape target up within 60 s, then stops with no process left behind', async () => {
    requireTool('prometheus');
    requireTool('prometheus-alertmanager', 'alertmanager');
    requireTool('/usr/bin/chromium', 'chromium');
    requireTool('prometheus-node-exporter', 'node_exporter');
    requireTool('prometheus-blackbox-exporter', 'blackbox_exporter');
    const dataDir = mkdtempSync(join(tmpdir(), 'zeus-stack-'));
    dirs.push(dataDir);
    const lines: string[] = [];
    const t0 = Date.now();
    const stack = await startStack({ dataDir, ports: await freeStackPorts(), timing: TEST_TIMING, log: (l) => lines.push(l) });
    stacks.push(stack);

    const status = await waitFor('all targets up', async () => {
      const s = await stack.status();
      return s.allTargetsUp ? s : undefined;
    }, { timeoutMs: 60_000, intervalMs: 500 });
    const upAfterMs = Date.now() - t0;
    console.log(`stack test profile: all ${status.targets!.total} targets up ${(upAfterMs / 1000).toFixed(1)} s after start`);
    // 5 Zeus targets, Prometheus and Alertmanager, node_exporter, and 9 probes: http (3 services + the public URL), tcp (3), dns, tls.
    expect(status.targets!.total).toBe(17);
    expect(status.components.filter((c) => c.state !== 'running')).toEqual([]);
    const targets = await prometheusClient(stack.urls.prometheus).targets();
    const pools = (prefix: string) => targets.filter((t) => t.scrapePool.startsWith(prefix)).map((t) => `${t.scrapePool} ${t.labels.instance} ${t.health}`).sort();
    expect(pools('zeus-node')).toEqual([`zeus-node 127.0.0.1:${stack.options.ports.nodeExporter} up`]);
    expect(pools('zeus-probe-dns')).toEqual([`zeus-probe-dns 127.0.0.1:${stack.options.ports.resolver} up`]);
    expect(pools('zeus-probe-tls')).toEqual([`zeus-probe-tls localhost:${stack.options.ports.public} up`]);
    // Every probe passes on a healthy stack: the readiness bodies, the public name's A record, the local certificate.
    await waitFor('every blackbox probe passing', async () => {
      const failing = await prometheusClient(stack.urls.prometheus).vector('probe_success{job=~"zeus-probe-.*"} == 0');
      const all = await prometheusClient(stack.urls.prometheus).vector('probe_success{job=~"zeus-probe-.*"}');
      return all.length === 9 && failing.length === 0;
    }, { timeoutMs: 20_000, intervalMs: 500 });
    expect(lines.join('\n')).toMatch(/✓ prometheus ready/);

    // Watchdog proves rules load and evaluate; it fires at once.
    await waitFor('Watchdog firing', async () => (await stack.status()).firing?.some((a) => a.alertname === 'Watchdog'), { timeoutMs: 20_000, intervalMs: 500 });

    // The lifecycle API is off: a cross-site POST cannot stop Prometheus.
    const quit = await fetch(`${stack.urls.prometheus}/-/quit`, { method: 'POST' });
    expect(quit.status).toBe(403);
    expect((await fetch(`${stack.urls.prometheus}/-/ready`)).status).toBe(200);

    // Data directories are the owner's only, and so are the logs, the database and the backups.
    const mode = (path: string) => statSync(path).mode & 0o777;
    for (const dir of ['logs', 'demo', 'backups', 'prometheus', 'alertmanager']) expect(mode(join(dataDir, dir)), dir).toBe(0o700);
    const files = [
      ...readdirSync(join(dataDir, 'logs')).map((f) => join(dataDir, 'logs', f)),
      join(dataDir, 'demo', 'zeus.db'),
      ...readdirSync(join(dataDir, 'backups')).map((f) => join(dataDir, 'backups', f)),
    ];
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect(mode(file), file).toBe(0o600);

    const before = markedProcesses(stack.id);
    expect(before.length).toBeGreaterThanOrEqual(6);
    await stack.stop();
    expect(markedProcesses(stack.id)).toEqual([]);
    for (const pid of before) expect(groupMembers(pid), `process group ${pid}`).toEqual([]);
  }, 120_000);

  it('reports a missing Prometheus, Alertmanager, Chromium or exporter with how to get it, and runs the rest', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'zeus-stack-'));
    dirs.push(dataDir);
    const lines: string[] = [];
    const stack = await startStack({
      dataDir, ports: await freeStackPorts(), timing: TEST_TIMING, log: (l) => lines.push(l),
      tools: {
        prometheus: '/nonexistent/prometheus', alertmanager: '/nonexistent/alertmanager', chromium: '/nonexistent/chromium',
        nodeExporter: '/nonexistent/node_exporter', blackbox: '/nonexistent/blackbox_exporter',
      },
    });
    stacks.push(stack);
    try {
      const status = await stack.status();
      const byName = Object.fromEntries(status.components.map((c) => [c.name, c]));
      expect(byName.prometheus).toMatchObject({ state: 'missing', note: expect.stringContaining('apt-get install prometheus') });
      expect(byName.alertmanager).toMatchObject({ state: 'missing', note: expect.stringContaining('apt-get install prometheus-alertmanager') });
      expect(byName.synthetics).toMatchObject({ state: 'missing', note: expect.stringContaining('apt-get install chromium') });
      expect(byName['node-exporter']).toMatchObject({ state: 'missing', note: expect.stringContaining('apt-get install prometheus-node-exporter') });
      expect(byName['blackbox-exporter']).toMatchObject({ state: 'missing', note: expect.stringContaining('apt-get install prometheus-blackbox-exporter') });
      expect(byName.demo!.state).toBe('running');
      expect(byName.pager!.state).toBe('running');
      expect(lines.join('\n')).toMatch(/The rest of the stack still runs/);
      expect((await fetch(`${stack.urls.enrollment}/readyz`)).ok).toBe(true);
    } finally {
      await stack.stop();
    }
    expect(markedProcesses(stack.id)).toEqual([]);
  }, 90_000);

  it('--otlp-endpoint: every service sends its spans to the Collector at that URL', async () => {
    const collector = await startOtlpReceiver();
    const dataDir = mkdtempSync(join(tmpdir(), 'zeus-stack-'));
    dirs.push(dataDir);
    const lines: string[] = [];
    const stack = await startStack({
      dataDir, ports: await freeStackPorts(), timing: TEST_TIMING, log: (l) => lines.push(l), otlpEndpoint: collector.endpoint,
      // The test receiver decodes OTLP/HTTP JSON; always_on so one request is enough.
      env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_TRACES_SAMPLER: 'always_on', OTEL_BSP_SCHEDULE_DELAY: '200' },
      tools: { prometheus: '/nonexistent/prometheus', alertmanager: '/nonexistent/alertmanager', chromium: '/nonexistent/chromium' },
    });
    stacks.push(stack);
    try {
      expect(lines.join('\n')).toContain(`traces → ${collector.endpoint}`);
      // One request to each service (an unauthenticated grades call is refused, and still traced).
      expect((await fetch(`${stack.urls.portal}/login`)).ok).toBe(true);
      expect((await fetch(`${stack.urls.enrollment}/api/terms/current`)).ok).toBe(true);
      expect((await fetch(`${stack.urls.grades}/api/grades`)).status).toBe(401);
      await waitFor('spans from portal, enrollment and grades', () =>
        ['portal', 'enrollment', 'grades'].every((s) => collector.spans.some((span) => span.service === s)), { timeoutMs: 20_000, intervalMs: 200 });
    } finally {
      await stack.stop();
      await collector.close();
    }
  }, 90_000);
});
