// Capacity report and the filesystem forecasts against a real Prometheus holding six hours of
// fixture metrics (backfilled with promtool tsdb create-blocks-from openmetrics): three host
// filesystems filling at known rates, flat memory and a flat database volume.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phaseSpans, ZEUS_CALENDAR } from '../calendar/index.js';
import { runCapacity } from '../cli/commands/capacity.js';
import { REPO_ROOT } from '../core/index.js';
import { scaleRuleFile, TEST_TIMING } from '../stack/index.js';
import { freePort, requireTool, startTestPrometheus, waitFor, type TestPrometheus } from '../test/support/index.js';
import { capacityReport, formatCapacityReport } from './index.js';

const GiB = 1024 ** 3;
const HOUR_S = 3600;
const host = 'fixture-host:9100';
const nowS = Math.floor(Date.now() / 1000);
const registrationEndS = phaseSpans(ZEUS_CALENDAR).find((s) => s.phase === 'registration-opening' && s.endMs > nowS * 1000)!.endMs / 1000;

/** Mount points, their size, free bytes now, and how many hours until they are full at their rate. */
const FILESYSTEMS = [
  { mountpoint: '/var/log', size: 20 * GiB, free: 2 * GiB, fullInHours: 2 },
  { mountpoint: '/var/lib/zeus', size: 200 * GiB, free: 48 * GiB, fullInHours: 48 },
  { mountpoint: '/', size: 100 * GiB, free: 60 * GiB, fullInHours: 400 * 24 },
] as const;

/** Six hours of one sample a minute, ending 30 s ago, in OpenMetrics (seconds timestamps). */
function fixture(): string {
  const times = Array.from({ length: 360 }, (_, i) => nowS - 30 - (359 - i) * 60);
  const lines: string[] = [];
  const family = (name: string, series: { labels: string; value: (t: number) => number }[]) => {
    lines.push(`# TYPE ${name} gauge`);
    for (const s of series) for (const t of times) lines.push(`${name}{${s.labels}} ${s.value(t)} ${t}`);
  };
  const fs = (mountpoint: string) => `job="zeus-node",instance="${host}",device="/dev/vd${mountpoint.length}",fstype="ext4",mountpoint="${mountpoint}"`;
  family('node_filesystem_avail_bytes', FILESYSTEMS.map((f) => ({ labels: fs(f.mountpoint), value: (t) => Math.round(f.free + (f.free / (f.fullInHours * HOUR_S)) * (nowS - t)) })));
  family('node_filesystem_size_bytes', FILESYSTEMS.map((f) => ({ labels: fs(f.mountpoint), value: () => f.size })));
  family('node_filesystem_readonly', FILESYSTEMS.map((f) => ({ labels: fs(f.mountpoint), value: () => 0 })));
  family('node_memory_MemTotal_bytes', [{ labels: `job="zeus-node",instance="${host}"`, value: () => 16 * GiB }]);
  family('node_memory_MemAvailable_bytes', [{ labels: `job="zeus-node",instance="${host}"`, value: () => 9 * GiB }]);
  const volume = 'job="zeus-exporters",instance="business-exporter:9470",service="business-exporter"';
  family('zeus_data_volume_size_bytes', [{ labels: volume, value: () => 64 * GiB }]);
  family('zeus_data_volume_available_bytes', [{ labels: volume, value: () => 40 * GiB }]);
  return `${lines.join('\n')}\n# EOF\n`;
}

describe('capacity planning over six hours of fixture metrics (real Prometheus)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zeus-capacity-'));
  let prometheus: TestPrometheus;

  beforeAll(async () => {
    const promtool = requireTool('/usr/bin/promtool', 'promtool');
    writeFileSync(join(dir, 'fixture.om'), fixture());
    mkdirSync(join(dir, 'data'), { recursive: true });
    const backfill = spawnSync(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'fixture.om'), join(dir, 'data')], { encoding: 'utf8' });
    expect(backfill.status, backfill.stdout + backfill.stderr).toBe(0);
    const rules = readFileSync(join(REPO_ROOT, 'generated', 'production', 'prometheus', 'rules', 'hosts.yml'), 'utf8');
    prometheus = await startTestPrometheus(dir, {
      config: { global: { evaluation_interval: TEST_TIMING.evaluationInterval }, rule_files: [join(dir, 'hosts.yml')], scrape_configs: [] },
      // Test profile: windows and for: at 1/15, so the 10-minute page holds after 40 s.
      files: { 'hosts.yml': scaleRuleFile(rules, TEST_TIMING.timeScale, 4_000) },
    });
  }, 90_000);

  afterAll(async () => {
    await prometheus?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints use, growth, exhaustion date and headroom per resource, and exits 1 when one runs out before registration ends', async () => {
    const out: string[] = [];
    const code = await runCapacity(['report', '--prometheus', prometheus.url, '--lookback', '6h'], { out: (l) => out.push(l), err: (l) => out.push(l) });
    const text = out.join('\n');
    const json: string[] = [];
    await runCapacity(['report', '--prometheus', prometheus.url, '--lookback', '6h', '--json'], { out: (l) => json.push(l), err: () => undefined });
    const report = JSON.parse(json.join('\n')) as { rows: { kind: string; name: string; exhaustionMs?: number; usedBytes: number; growthPerDay: number; failsBeforeRegistration: boolean }[] };
    const row = (kind: string, name: string) => report.rows.find((r) => r.kind === kind && r.name === name)!;
    for (const f of FILESYSTEMS) {
      const r = row('filesystem', `${host} ${f.mountpoint}`);
      // The newest sample is 30 s old: free is higher by half a minute of growth.
      expect(Math.abs(r.usedBytes - (f.size - f.free)), f.mountpoint).toBeLessThan((f.free / (f.fullInHours * HOUR_S)) * 120);
      expect(r.growthPerDay / ((f.free / (f.fullInHours * HOUR_S)) * 86_400), f.mountpoint).toBeCloseTo(1, 2);
      const expectedS = nowS + f.fullInHours * HOUR_S;
      expect(Math.abs(r.exhaustionMs! / 1000 - expectedS), f.mountpoint).toBeLessThan(f.fullInHours * HOUR_S * 0.01 + 120);
      expect(r.failsBeforeRegistration, f.mountpoint).toBe(expectedS < registrationEndS);
    }
    expect(row('memory', host).exhaustionMs).toBeUndefined();
    expect(row('database volume', 'business-exporter:9470').usedBytes).toBe(24 * GiB);
    expect(code).toBe(1);
    expect(text).toMatch(/^RESOURCE\s+NAME\s+USED\s+GROWTH\s+EXHAUSTED\s+HEADROOM NEEDED\s+STATUS$/m);
    expect(text).toMatch(/filesystem\s+fixture-host:9100 \/var\/log\s+18\.0 GiB of 20\.0 GiB \(90\.0%\)\s+\+24\.0 GiB\/day/);
    expect(text).toMatch(/memory\s+fixture-host:9100\s+7\.0 GiB of 16\.0 GiB \(43\.8%\)\s+flat\s+never \(not growing\)/);
    expect(text).toMatch(/^FAIL: .*filesystem fixture-host:9100 \/var\/log.* run\(s\) out before the next registration opening ends/m);
  }, 30_000);

  it('pages for the filesystem that fills within hours, and only that one', async () => {
    const alerts = await waitFor('the 4-hour forecast to page', async () => {
      const found = (await prometheus.client.alerts()).filter((a) => a.labels.alertname === 'ZeusHostFilesystemFillingUp');
      return found.some((a) => a.labels.severity === 'critical' && a.state === 'firing') ? found : undefined;
    }, { timeoutMs: 75_000, intervalMs: 500 });
    const by = (severity: string) => alerts.filter((a) => a.labels.severity === severity).map((a) => a.labels.mountpoint).sort();
    expect(by('critical')).toEqual(['/var/log']);
    // The 4-day ticket holds for /var/log and /var/lib/zeus (its for: is 4 minutes at test scale); / fills in 400 days.
    expect(by('warning')).toEqual(['/var/lib/zeus', '/var/log']);
  }, 90_000);

  it('exits 2 when Prometheus cannot be reached, judging nothing', async () => {
    const err: string[] = [];
    const code = await runCapacity(['report', '--prometheus', `http://127.0.0.1:${await freePort()}`], { out: () => undefined, err: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/cannot be reached.*Nothing was judged/);
  });
});

describe('capacityReport (pure)', () => {
  const nowMs = Date.parse('2026-12-01T00:00:00Z');
  const opening = phaseSpans(ZEUS_CALENDAR).find((s) => s.phase === 'registration-opening' && s.endMs > nowMs)!;
  const sample = (freeSlopePerSecond: number) => ({ kind: 'filesystem', name: 'h /', capacityBytes: 100 * GiB, freeBytes: 10 * GiB, freeSlopePerSecond });

  it('passes when the resource outlasts the next registration opening, and says how much headroom the next critical period takes', () => {
    const days = (opening.endMs - nowMs) / 86_400_000;
    const slow = -(10 * GiB) / ((days + 30) * 86_400);
    const report = capacityReport([sample(slow)], ZEUS_CALENDAR, nowMs);
    expect(report.failing).toBe(false);
    expect(report.nextRegistration?.name).toBe(opening.name);
    expect(report.rows[0]!.headroomNeededBytes).toBeCloseTo(-slow * ((report.nextCritical!.endMs - nowMs) / 1000), 0);
    expect(formatCapacityReport(report)).toMatch(/^OK: nothing runs out before the next registration opening ends/m);
  });

  it('fails when it runs out first, and never forecasts exhaustion for a shrinking use', () => {
    const days = (opening.endMs - nowMs) / 86_400_000;
    expect(capacityReport([sample(-(10 * GiB) / ((days / 2) * 86_400))], ZEUS_CALENDAR, nowMs).failing).toBe(true);
    const shrinking = capacityReport([sample(1000)], ZEUS_CALENDAR, nowMs);
    expect(shrinking.failing).toBe(false);
    expect(shrinking.rows[0]!.exhaustionMs).toBeUndefined();
    expect(shrinking.rows[0]!.headroomNeededBytes).toBe(0);
  });
});
