import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inRecovery, postgresProgram, withClient, withPassword } from '../database/index.js';
import { portalLogin } from '../demo/testing/demo-ports.js';
import { prometheusClient } from '../promql/index.js';
import { adminQuery, requireTool, waitFor } from '../test/support/index.js';
import { freeStackPorts } from './testing/ports.js';
import { failover, markedProcesses, readPostgresState, startStack, TEST_TIMING, type RunningStack, type StackPorts } from './index.js';
import { DASHBOARDS } from '../generate/index.js';
import { stackRoles, stackUrl } from './postgres-state.js';
import { emptyQueries } from '../dashboards/testing/live.js';
import { THRESHOLDS } from '../alerts/index.js';


/** Enrolls alice in the first of the term's sections that takes her (a write through the whole stack); returns that section. */
async function enrollSomewhere(stack: RunningStack, skip: readonly string[] = []): Promise<string> {
  const { sections } = (await (await fetch(`${stack.urls.enrollment}/api/sections?limit=60`)).json()) as { sections: Array<{ id: string }> };
  for (const { id } of sections) {
    if (skip.includes(id)) continue;
    if ((await enroll(stack, id))?.includes('ok=')) return id;
  }
  throw new Error('no section took the enrollment');
}

/** Enrolls alice in a section through the portal; returns where the portal redirected. */
async function enroll(stack: RunningStack, section: string): Promise<string | null> {
  const cookie = await portalLogin(stack.urls.portal, 'alice@zeus.test', 'alice-demo');
  const response = await fetch(`${stack.urls.portal}/enroll`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(stack.urls.portal).origin, cookie: cookie! },
    body: `sectionId=${encodeURIComponent(section)}`,
  });
  return response.headers.get('location');
}

describe('zeus-obs stack --database postgres --replica (test profile, free ports)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zeus-stack-pg-'));
  const lines: string[] = [];
  let stack: RunningStack;
  const admin = (port: number, database = 'zeus') => withPassword(stackUrl(port, stackRoles(dataDir).admin.user, database), stackRoles(dataDir).admin.password);
  /** Sections alice is already in (enrolled or waitlisted), on the current primary. */
  const enrolledSections = async () => {
    const state = readPostgresState(dataDir)!;
    return (await adminQuery<{ id: string }>(admin(state.ports[state.primary]!),
      "SELECT e.section_id AS id FROM enrollments e JOIN students s ON s.id = e.student_id WHERE s.email = 'alice@zeus.test'")).map((r) => r.id);
  };
  const query = (expr: string) => prometheusClient(stack.urls.prometheus, { timeoutMs: 5_000 }).vector(expr);
  /** When the failover test began (the fence stops region-a at once). */
  let failedOverAt = 0;

  beforeAll(async () => {
    requireTool('prometheus');
    requireTool('prometheus-alertmanager', 'alertmanager');
    requireTool('prometheus-postgres-exporter');
    postgresProgram('initdb');
    stack = await startStack({
      dataDir, ports: await freeStackPorts(), timing: TEST_TIMING, synthetics: false,
      database: 'postgres', replica: true, log: (l) => lines.push(l),
    });
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs its own primary and streaming replica as the unprivileged user, seeded, and every target comes up', async () => {
    const state = readPostgresState(dataDir)!;
    expect(state).toMatchObject({ primary: 'region-a', standby: 'region-b', serving: 'region-a' });
    // The exporter starts after the first backup is written and verified (a scratch restore): allow for a busy machine.
    const status = await waitFor('all targets up', async () => {
      const s = await stack.status();
      return s.allTargetsUp ? s : undefined;
    }, { timeoutMs: 90_000, intervalMs: 500 });
    expect(status.components.filter((c) => c.state !== 'running' && c.name !== 'synthetics')).toEqual([]);
    expect(status.components.map((c) => c.name)).toEqual(expect.arrayContaining(['postgres-region-a', 'postgres-region-b', 'postgres-exporter-region-a', 'postgres-exporter-region-b']));
    const [counts] = await adminQuery<{ students: number }>(admin(state.ports['region-a']!), 'SELECT COUNT(*)::int AS students FROM students');
    expect(counts!.students).toBeGreaterThan(10);
    expect(await inRecovery(admin(state.ports['region-b']!))).toBe(true);
    // The first backup: a base backup with the WAL archive, restored and verified, before the exporter starts.
    expect(lines.join('\n')).toMatch(/✓ backup written and verified/);
    expect((await query('zeus_backup_restore_verify_success{job="zeus-exporters"} == 1')).length).toBe(1);
    const pid = Number(readFileSync(join(dataDir, 'postgres', 'region-a', 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const uid = Number(/Uid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
    if (process.getuid?.() === 0) expect(uid).not.toBe(0);
    // The services use the app role, the exporters the read-only role; no superuser connection stays open.
    const users = await adminQuery<{ usename: string; application_name: string }>(admin(state.ports['region-a']!, 'postgres'),
      "SELECT DISTINCT usename, application_name FROM pg_stat_activity WHERE datname = 'zeus' AND pid <> pg_backend_pid() ORDER BY 1, 2");
    expect(new Set(users.map((u) => u.usename))).toEqual(new Set(['zeus_app', 'zeus_readonly']));
  }, 120_000);

  it('Prometheus scrapes prometheus-postgres-exporter for both regions: connections, max_connections and the replica\'s lag', async () => {
    await waitFor('pg_up from both regions', async () => (await query('pg_up{job="zeus-postgres"} == 1')).length === 2, { timeoutMs: 30_000, intervalMs: 500 });
    const lag = await waitFor('replication slot lag on the primary', async () => {
      const series = await query('pg_replication_slots_pg_wal_lsn_diff{job="zeus-postgres",region="region-a"}');
      return series.length === 1 ? series[0] : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    expect(lag.labels.slot_name).toBe('zeus_replica');
    expect((await query('pg_replication_slots_active{region="region-a"} == 1')).length).toBe(1);
    expect((await query('pg_settings_max_connections{region="region-a"}'))[0]!.value).toBe(100);
    expect((await query('sum by (region) (pg_stat_database_numbackends{datname="zeus"})')).length).toBe(2);
  });

  it('every panel of the PostgreSQL dashboard returns data (none is event-only)', async () => {
    const spec = DASHBOARDS.map((entry) => entry.define()).find((d) => d.uid === 'zeus-postgres')!;
    expect(spec.rows.flatMap((r) => r.panels).filter((p) => p.eventOnly)).toEqual([]);
    await enrollSomewhere(stack); // some writes: commits, WAL for the slot to confirm
    const emptyNow = () => emptyQueries(prometheusClient(stack.urls.prometheus, { timeoutMs: 10_000 }), spec, { rateInterval: '30s', range: '5m', interval: '5s' });
    let empty = await emptyNow();
    const deadline = Date.now() + 30_000;
    while (empty.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      empty = await emptyNow();
    }
    expect(empty.map((e) => `${e.panel}: ${e.expr}`)).toEqual([]);
  }, 60_000);

  it('dr failover: fences region-a, promotes region-b, repoints the services, and writes land on the new primary', async () => {
    const first = await enrollSomewhere(stack, await enrolledSections());
    const before = readPostgresState(dataDir)!;
    failedOverAt = Date.now();
    const result = await failover(dataDir, { timeoutMs: 120_000 });
    expect(result).toMatchObject({ from: 'region-a', to: 'region-b', fenced: true });
    console.log(`dr failover: writes accepted after ${result.promotedMs} ms, services repointed after ${result.servingMs} ms`);
    expect(result.servingMs).toBeGreaterThanOrEqual(result.promotedMs);
    expect(readPostgresState(dataDir)).toMatchObject({ primary: 'region-b', serving: 'region-b' });
    expect(readPostgresState(dataDir)!.standby).toBeUndefined();
    const newPrimary = admin(before.ports['region-b']!);
    expect(await inRecovery(newPrimary)).toBe(false);
    // The write made before the failover was replicated; a new one goes to region-b.
    const enrolled = async () => (await adminQuery<{ n: number }>(newPrimary, "SELECT COUNT(*)::int AS n FROM enrollments e JOIN students s ON s.id = e.student_id WHERE s.email = 'alice@zeus.test'"))[0]!.n;
    const n0 = await enrolled();
    await waitFor('enrollment ready on region-b', async () => (await fetch(`${stack.urls.enrollment}/readyz`).catch(() => undefined))?.ok, { timeoutMs: 30_000, intervalMs: 300 });
    await enrollSomewhere(stack, [first, ...(await enrolledSections())]);
    expect(await enrolled()).toBe(n0 + 1);
    await withClient(newPrimary, (c) => c.query('SELECT 1'));
  }, 180_000);

  it('after the failover, only the new primary is scraped (pg_up 1), and the planned fence raises no PostgreSQL down alert', async () => {
    expect(failedOverAt).toBeGreaterThan(0);
    // The fenced region's exporter is stopped and leaves service discovery: one target, region-b's.
    const targets = await waitFor('one zeus-postgres target, region-b', async () => {
      const series = await query('up{job="zeus-postgres"}');
      return series.length === 1 ? series : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    expect(targets[0]).toMatchObject({ labels: { region: 'region-b' }, value: 1 });
    expect(await query('pg_up{job="zeus-postgres"}')).toMatchObject([{ labels: { region: 'region-b' }, value: 1 }]);
    const status = await stack.status();
    expect(status.components.find((c) => c.name === 'postgres-exporter-region-a')).toMatchObject({ state: 'disabled', note: expect.stringMatching(/failover/) });
    expect(status.components.find((c) => c.name === 'postgres-exporter-region-b')!.state).toBe('running');
    // An exporter left on the stopped server reports pg_up 0 (ZeusPostgresDown pages); at the
    // test profile's 1 s scrape timeout its scrape times out first (up 0: ZeusPostgresExporterDown).
    // Watch both until the longer time-scaled `for:` has passed since the fence, with a margin.
    const forMs = Math.max(THRESHOLDS.postgres.serverDownMinutes, THRESHOLDS.postgres.exporterDownMinutes) * 60_000 * TEST_TIMING.timeScale;
    const until = failedOverAt + forMs + 10_000;
    const fired = async () => {
      const window = `${Math.ceil((Date.now() - failedOverAt) / 1000) + 5}s`;
      return (await query(`max_over_time(ALERTS{alertname=~"ZeusPostgresDown|ZeusPostgresExporterDown", alertstate="firing"}[${window}])`)).map((a) => a.labels);
    };
    while (Date.now() < until) {
      expect(await fired()).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(await fired()).toEqual([]);
    expect(await query('pg_up{job="zeus-postgres"}')).toMatchObject([{ labels: { region: 'region-b' }, value: 1 }]);
  }, 90_000);

  it('stops both clusters and every exporter with the stack', async () => {
    const state = readPostgresState(dataDir)!;
    await stack.stop();
    expect(markedProcesses(stack.id)).toEqual([]);
    for (const region of ['region-a', 'region-b'] as const) {
      const pidFile = join(dataDir, 'postgres', region, 'data', 'postmaster.pid');
      expect(() => readFileSync(pidFile), `${region} still running on ${state.ports[region]}`).toThrow();
    }
  }, 60_000);
});
