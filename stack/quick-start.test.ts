// The README's quick start, as a new operator runs it: `npm start` (here with the test profile
// and a scratch data dir), then, in another terminal, exactly the `npx zeus-obs` commands of the
// README's quick-start block (read from README.md, so the two cannot drift apart). The page must
// reach the local receiver, and the load must run its whole duration despite the fault. Uses the
// default ports, like the README's commands.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../core/index.js';
import { notifications, type Notification } from '../drills/index.js';
import { requireTool, startProcess, waitFor, type Started } from '../test/support/index.js';
import { DEFAULT_PORTS, TEST_TIMING } from './index.js';

const CLI = join(REPO_ROOT, 'bin', 'zeus-obs.mjs');

/** The `npx zeus-obs ...` commands of the README's quick-start section, comments removed, in order. */
function quickStartCommands(): string[][] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((block) => block[1]!.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('npx zeus-obs '))
    .map((line) => line.split(/\s+/).slice(2));
}

const children: Started[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'zeus-quick-start-'));
afterAll(async () => {
  for (const child of children.reverse()) await child.stop(20_000);
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

function zeus(args: readonly string[]): Started {
  const child = startProcess(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, FORCE_COLOR: '0' } });
  children.push(child);
  return child;
}

/** The exit code of a command, once it has exited (polled: 0 is a result, not a falsy "not yet"). */
async function exitCode(child: Started, timeoutMs: number): Promise<number | null> {
  const done = await waitFor('the command to exit', () => (child.child.exitCode !== null || child.child.signalCode !== null ? { code: child.child.exitCode } : undefined), { timeoutMs, intervalMs: 200 });
  return done.code;
}

describe('README quick start (test profile)', () => {
  it('fault, load, and the enrollment page arrives at the local receiver while the load keeps running', async () => {
    requireTool('prometheus');
    requireTool('prometheus-alertmanager', 'alertmanager');
    requireTool('/usr/bin/chromium', 'chromium');
    const commands = quickStartCommands();
    expect(commands.map((c) => c.slice(0, 2).join(' '))).toEqual(['fault enrollment', 'load --scenario', 'fault enrollment']);
    const [fault, load, clear] = commands as [string[], string[], string[]];

    const stack = zeus(['stack', '--profile', 'test', '--data-dir', dataDir]);
    const started = await waitFor('all targets up', () =>
      stack.child.exitCode !== null ? 'exited' : stack.output().includes('all targets up') && 'up', { timeoutMs: 150_000, intervalMs: 500 }).catch((error: Error) => {
      throw new Error(`${error.message}\n${stack.output().slice(-3000)}`);
    });
    // It uses the default ports, as the README does: a stack already running there stops it, naming them.
    expect(started, stack.output()).toBe('up');
    const pager = `http://127.0.0.1:${DEFAULT_PORTS.pager}`;
    const before = (await notifications(pager)).length;

    const faulted = zeus(fault);
    expect(await exitCode(faulted, 20_000), faulted.output()).toBe(0);
    const t0 = Date.now();
    const loading = zeus(load);
    const page = await waitFor('the enrollment page at the receiver', async () => (await notifications(pager)).slice(before).find((n: Notification) =>
      n.action === 'trigger' && n.alertname === 'SLOBurnRatePage' && n.summary.includes('enrollment-availability')), { timeoutMs: 60_000, intervalMs: 250 });
    const pageMs = page.at - t0;
    console.log(`quick start: page after ${(pageMs / 1000).toFixed(1)} s on the test profile (≈ ${(pageMs / TEST_TIMING.timeScale / 60_000).toFixed(1)} min at production settings): ${page.team} [${page.severity}] ${page.summary}`);
    expect(page).toMatchObject({ team: 'registrar-platform', severity: 'critical' });
    // The npm start terminal prints it, runbook link included.
    await waitFor('the page printed', () => /🔔 PAGE registrar-platform \[critical\].*enrollment-availability/.test(stack.output()), { timeoutMs: 10_000 });
    expect(stack.output()).toMatch(/runbook: http:\/\/127\.0\.0\.1:9094\/runbooks\/alerts\/runbooks\/SLOBurnRatePage\.md/);

    // The load does not give up on the faulted service: it runs the README's 60 s, counting errors.
    const code = await exitCode(loading, 90_000);
    const output = loading.output();
    expect(output).toMatch(/searching again on each enroll step/);
    const seconds = Number(/requests in ([\d.]+) s/.exec(output)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(59);
    expect(code).toBe(1); // more than 5% errors: the fault, reported
    expect(Date.now() - t0).toBeGreaterThanOrEqual(59_000);

    const cleared = zeus(clear);
    expect(await exitCode(cleared, 20_000), cleared.output()).toBe(0);
  }, 240_000);
});
