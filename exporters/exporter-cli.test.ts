import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startProcess, waitFor, type Started } from '../test/support/index.js';
import { createFixtureDatabase } from './testing/fixture-db.js';
import { parseExposition } from './testing/exposition.js';
import { scratchDir } from './testing/harness.js';

const CLI = new URL('../bin/zeus-obs.mjs', import.meta.url).pathname;

describe('npx zeus-obs exporter business', () => {
  const dir = scratchDir();
  const dbPath = join(dir.path, 'zeus.db');
  let exporter: Started;
  let url: string;

  beforeAll(async () => {
    createFixtureDatabase(dbPath);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    exporter = startProcess(process.execPath, [CLI, 'exporter', 'business', '--db', dbPath, '--port', String(port), '--backup-dir', join(dir.path, 'b')]);
    await waitFor('the exporter to serve successful collectors', async () => {
      const text = await (await fetch(`${url}/metrics`)).text();
      return /zeus_exporter_collector_success\{collector="grades"\} 1/.test(text);
    }, { timeoutMs: 20_000 });
  });
  afterAll(async () => {
    await exporter?.stop();
    dir.remove();
  });

  it('serves /metrics in the Prometheus text format with its content type', async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    expect(text).toContain('# HELP zeus_seats_capacity Seats offered in open sections.');
    expect(text).toContain('# TYPE zeus_seats_capacity gauge');
    const series = parseExposition(text);
    expect(series.get('zeus_exporter_collector_success{collector="seats"}')).toBe(1);
    expect([...series.keys()].filter((k) => k.startsWith('zeus_seats_fill_ratio{')).length).toBeGreaterThan(5);
  });

  it('has a landing page linking to /metrics and 404s elsewhere', async () => {
    const landing = await fetch(`${url}/`);
    expect(landing.status).toBe(200);
    expect(landing.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await landing.text()).toContain('<a href="/metrics">Metrics</a>');
    expect((await fetch(`${url}/nope`)).status).toBe(404);
  });

  it('stays up when the database disappears, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const missing = startProcess(process.execPath, [CLI, 'exporter', 'business', '--db', join(dir.path, 'gone.db'), '--port', String(port)]);
    try {
      const text = await waitFor('the failing exporter to answer', async () => {
        const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        return /zeus_exporter_collector_success\{collector="seats"\} 0/.test(body) && missing.output().includes('collector seats failed') ? body : false;
      }, { timeoutMs: 20_000 });
      expect(text).not.toContain('zeus_seats_capacity{');
      const line = missing.output().split('\n').find((l) => l.includes('collector seats failed'))!;
      expect(JSON.parse(line)).toMatchObject({ level: 50, collector: 'seats', msg: `collector seats failed: database file not found: ${join(dir.path, 'gone.db')}` });
    } finally {
      expect(await missing.stop()).toBe(0);
    }
  });
});
