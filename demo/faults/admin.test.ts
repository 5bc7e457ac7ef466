import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnFreePort } from '../testing/harness.js';
import { createMemoryLog } from '../testing/memory-log.js';
import { createAdminApp, DEFAULT_ADMIN_TOKEN } from './admin.js';
import { FaultController } from './controller.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'zeus-obs.mjs');
const TOKEN = 'an-admin-token-from-a-file-0123456789';

describe('the admin API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zeus-admin-'));
  const log = createMemoryLog();
  const faults = new FaultController();
  let admin: Awaited<ReturnType<typeof listenOnFreePort>>;
  beforeAll(async () => {
    // Clearing `down` re-listens; when the port was taken meanwhile, that fails with the address in the message.
    faults.onChange((state) => {
      if (state.latencyMs === 4_242) throw new Error('listen EADDRINUSE: address already in use 127.0.0.1:8081 (/srv/zeus/data)');
    });
    admin = await listenOnFreePort(createAdminApp({ service: 'enrollment', faults, token: TOKEN, logger: log }));
  });
  afterAll(async () => {
    await admin?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const put = (body: string) =>
    fetch(`${admin.url}/admin/faults`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body });

  it('answers internal errors without their text (addresses, paths) and logs them instead', async () => {
    const response = await put('{"latencyMs":4242}');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toMatch(/127\.0\.0\.1|8081|EADDRINUSE|\/srv/);
    expect(JSON.parse(text)).toEqual({ error: 'internal error (see the service log)', code: 'internal' });
    const logged = log.entries.find((e) => e.message === 'admin request failed');
    expect(String((logged?.object.err as Error | undefined)?.message)).toContain('127.0.0.1:8081');
    await faults.clear();
  });

  it('keeps clear messages for client mistakes', async () => {
    expect(await (await put('{"latencyMs":')).json()).toEqual({ error: 'malformed JSON body', code: 'bad_request' });
    expect(await (await put('{"errorRate":3}')).json()).toMatchObject({ code: 'invalid_fault', error: expect.stringContaining('errorRate') });
  });

  it('refuses an empty token at construction, so an empty token file can never mean "no auth"', () => {
    expect(() => createAdminApp({ service: 'x', faults: new FaultController(), token: '' })).toThrow(/must not be empty/);
  });

  it('zeus-obs fault --token-file reads the token from a file; the public default token warns and is refused here', async () => {
    const run = promisify(execFile);
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    const env = { ...process.env, ZEUS_ADMIN_TOKEN: '', ZEUS_ADMIN_TOKEN_FILE: '' };
    const ok = await run(process.execPath, [CLI, 'fault', 'enrollment', '--db-slow-ms', '7', '--admin-url', admin.url, '--token-file', tokenFile], { cwd: ROOT, env });
    expect(ok.stdout).toContain('enrollment: db slow 7 ms');
    expect(ok.stderr).not.toContain('warning');
    expect(faults.state.dbSlowMs).toBe(7);
    const viaEnv = await run(process.execPath, [CLI, 'fault', 'enrollment', '--clear', '--admin-url', admin.url], { cwd: ROOT, env: { ...env, ZEUS_ADMIN_TOKEN_FILE: tokenFile } });
    expect(viaEnv.stdout).toContain('enrollment: no faults');
    const refused = await run(process.execPath, [CLI, 'fault', 'enrollment', '--admin-url', admin.url], { cwd: ROOT, env }).then(
      () => undefined, (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toContain(`warning: the admin token is the public default '${DEFAULT_ADMIN_TOKEN}'`);
    expect(refused?.stderr).toContain('answered 401');
    const missing = await run(process.execPath, [CLI, 'fault', 'enrollment', '--admin-url', admin.url, '--token-file', join(dir, 'nope')], { cwd: ROOT, env }).then(
      () => undefined, (error: { code: number; stderr: string }) => error,
    );
    expect(missing?.stderr).toMatch(/cannot read .*nope \(ENOENT\)/);
  }, 60_000);
});
