import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ADMIN_TOKEN, isLoopbackHost, readSecret, resolveAdminToken } from './secrets.js';
import { readServiceSettings } from './service-process.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'zeus-secrets-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
};
const DEFAULTS = { port: 8081, adminPort: 8181 };
const GOOD = 'a-random-session-secret-from-a-file';

describe('service secrets', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses the public default admin token and the Compose session secret unless bound to loopback', () => {
    const base = { ZEUS_DB_PATH: '/tmp/x.db', ZEUS_SESSION_SECRET: GOOD };
    expect(() => readServiceSettings({ ...base, ZEUS_BIND_HOST: '0.0.0.0' }, DEFAULTS)).toThrow(
      /ZEUS_ADMIN_TOKEN is a publicly known default and ZEUS_BIND_HOST=0\.0\.0\.0 is not loopback.*ZEUS_ADMIN_TOKEN_FILE/,
    );
    expect(() => readServiceSettings({ ...base, ZEUS_ADMIN_TOKEN: 'change-me-later', ZEUS_BIND_HOST: '10.1.2.3' }, DEFAULTS)).toThrow(/ZEUS_ADMIN_TOKEN is a publicly known default/);
    expect(() =>
      readServiceSettings({ ...base, ZEUS_SESSION_SECRET: 'change-me-zeus-compose-session-secret', ZEUS_ADMIN_TOKEN: 'x'.repeat(32), ZEUS_BIND_HOST: '::' }, DEFAULTS),
    ).toThrow(/ZEUS_SESSION_SECRET is a publicly known default/);
    // On loopback the defaults are allowed (the laptop demo), and flagged for the warning.
    const local = readServiceSettings({ ...base, ZEUS_BIND_HOST: '127.0.0.1' }, DEFAULTS);
    expect(local).toMatchObject({ adminToken: DEFAULT_ADMIN_TOKEN, adminTokenIsDefault: true, port: 8081, adminPort: 8181 });
    const exposed = readServiceSettings({ ...base, ZEUS_BIND_HOST: '0.0.0.0', ZEUS_ADMIN_TOKEN_FILE: file('token', 'a-real-admin-token-0123456789\n') }, DEFAULTS);
    expect(exposed).toMatchObject({ adminToken: 'a-real-admin-token-0123456789', adminTokenIsDefault: false });
  });

  it('reads secrets from <NAME>_FILE first, and fails closed on an unreadable or empty file', () => {
    expect(readSecret({ S_FILE: file('s', ` ${GOOD}\n`), S: 'ignored' }, 'S')).toEqual({ value: GOOD, from: 'file' });
    expect(readSecret({ S: 'from-env' }, 'S')).toEqual({ value: 'from-env', from: 'env' });
    expect(readSecret({}, 'S', 'fallback')).toEqual({ value: 'fallback', from: 'default' });
    expect(() => readSecret({ S_FILE: join(dir, 'missing') }, 'S', 'fallback')).toThrow(/S_FILE: cannot read .*missing \(ENOENT\)/);
    expect(() => readSecret({ S_FILE: file('empty', '\n') }, 'S', 'fallback')).toThrow(/S_FILE: .*empty is empty/);
    expect(() => readSecret({}, 'ZEUS_SESSION_SECRET')).toThrow(/ZEUS_SESSION_SECRET is required: set ZEUS_SESSION_SECRET_FILE/);
  });

  it('resolves a client admin token: --token-file, --token, ZEUS_ADMIN_TOKEN_FILE, ZEUS_ADMIN_TOKEN, then the flagged default', () => {
    const tokenFile = file('client-token', 'token-from-file-0123456789\n');
    expect(resolveAdminToken({ ZEUS_ADMIN_TOKEN: 'env' }, { tokenFile })).toEqual({ token: 'token-from-file-0123456789', isDefault: false });
    expect(resolveAdminToken({ ZEUS_ADMIN_TOKEN: 'env' }, { token: 'flag' })).toEqual({ token: 'flag', isDefault: false });
    expect(resolveAdminToken({ ZEUS_ADMIN_TOKEN_FILE: tokenFile, ZEUS_ADMIN_TOKEN: 'env' })).toEqual({ token: 'token-from-file-0123456789', isDefault: false });
    expect(resolveAdminToken({ ZEUS_ADMIN_TOKEN: 'env' })).toEqual({ token: 'env', isDefault: false });
    expect(resolveAdminToken({})).toEqual({ token: DEFAULT_ADMIN_TOKEN, isDefault: true });
    expect(() => resolveAdminToken({}, { tokenFile: join(dir, 'nope') })).toThrow(/cannot read/);
  });

  it('knows loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.3.2.1', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '192.0.2.1', 'portal', '128.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('a service process bound beyond loopback with the default admin token exits 1 with the reason, before listening', async () => {
    const run = promisify(execFile);
    const failure = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'demo', 'enrollment', 'main.ts')], {
      cwd: ROOT,
      // 192.0.2.1 (TEST-NET-1) is never a local address: nothing could listen there even if the check were missing.
      env: { ...process.env, ZEUS_DB_PATH: join(dir, 'never.db'), ZEUS_BIND_HOST: '192.0.2.1', ZEUS_SESSION_SECRET: GOOD, ZEUS_ADMIN_TOKEN: '', ZEUS_ADMIN_TOKEN_FILE: '' },
      timeout: 60_000,
    }).then(() => undefined, (error: { code: number; stderr: string }) => error);
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('enrollment: ZEUS_ADMIN_TOKEN is a publicly known default and ZEUS_BIND_HOST=192.0.2.1 is not loopback');
    expect(failure?.stderr).not.toMatch(/\n\s+at /);
  }, 90_000);
});
