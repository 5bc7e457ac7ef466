import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startProcess, waitFor, type Started } from '../../test/support/index.js';
import { freeDemoPorts } from '../testing/demo-ports.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'zeus-obs.mjs');
const run = promisify(execFile);

describe('zeus-obs demo and zeus-obs fault', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zeus-demo-cli-'));
  let demo: Started | undefined;
  afterAll(async () => {
    await demo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts the three services, prints URLs and accounts, injects a fault, and stops cleanly on SIGTERM', async () => {
    const ports = await freeDemoPorts();
    demo = startProcess(process.execPath, [
      CLI, 'demo', '--data-dir', dataDir,
      '--portal-port', String(ports.portal), '--enrollment-port', String(ports.enrollment), '--grades-port', String(ports.grades),
      '--portal-admin-port', String(ports.portalAdmin), '--enrollment-admin-port', String(ports.enrollmentAdmin), '--grades-admin-port', String(ports.gradesAdmin),
      '--portal-metrics-port', String(ports.portalMetrics), '--enrollment-metrics-port', String(ports.enrollmentMetrics), '--grades-metrics-port', String(ports.gradesMetrics),
    ], { cwd: ROOT });
    await waitFor('the demo to print its URLs', () => demo!.output().includes('Press Ctrl-C'), { timeoutMs: 45_000 });
    expect(demo.output()).toContain(`http://127.0.0.1:${ports.portal}`);
    expect(demo.output()).toContain('alice@zeus.test');

    const admin = ['--admin-url', `http://127.0.0.1:${ports.enrollmentAdmin}`];
    const set = await run(process.execPath, [CLI, 'fault', 'enrollment', '--error-rate', '1', ...admin], { cwd: ROOT });
    expect(set.stdout).toContain('enrollment: error rate 1');
    expect((await fetch(`http://127.0.0.1:${ports.enrollment}/api/sections`)).status).toBe(503);
    const cleared = await run(process.execPath, [CLI, 'fault', 'enrollment', '--clear', ...admin], { cwd: ROOT });
    expect(cleared.stdout).toContain('enrollment: no faults');
    expect((await fetch(`http://127.0.0.1:${ports.enrollment}/api/sections`)).status).toBe(200);

    expect(await demo.stop(15_000)).toBe(0);
    expect(demo.output()).toContain('zeus-obs demo: stopped.');
    for (const port of [ports.portal, ports.enrollment, ports.grades]) {
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    }
  });
});
