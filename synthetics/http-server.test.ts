import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceAccessFor, isLoopbackHost, type EvidenceAccess } from './evidence-access.js';
import { createProberServer } from './http-server.js';

let artifacts: string;
const servers: Server[] = [];

beforeAll(async () => {
  artifacts = await mkdtemp(join(tmpdir(), 'zeus-prober-http-'));
  await mkdir(join(artifacts, 'student-grades', '20270101T000000Z-local-a1-abc'), { recursive: true });
  await writeFile(join(artifacts, 'student-grades', '20270101T000000Z-local-a1-abc', 'failure.json'), '{"reason":"timeout"}\n');
});

afterAll(async () => {
  for (const server of servers) server.close();
  await rm(artifacts, { recursive: true, force: true });
});

/** A prober server on a free loopback port with the given access rule; resolves to its port. */
async function serve(access: EvidenceAccess, runs: () => unknown = () => ({}), onError?: (error: Error) => void): Promise<number> {
  const server = createProberServer({ registry: new Registry(), artifactsDir: artifacts, ready: () => true, runs, evidenceAccess: access, ...(onError ? { onError } : {}) });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

/** GET with an explicit Host header (fetch cannot set one), resolving to status, headers and body. */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((done, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

const FILE = '/evidence/student-grades/20270101T000000Z-local-a1-abc/failure.json';

describe('who may read the prober evidence', () => {
  it('decides from the listen address and the token', () => {
    expect(evidenceAccessFor('127.0.0.1', undefined)).toEqual({ mode: 'loopback' });
    expect(evidenceAccessFor('::1', '')).toEqual({ mode: 'loopback' });
    expect(evidenceAccessFor('0.0.0.0', undefined)).toEqual({ mode: 'closed', host: '0.0.0.0' });
    expect(evidenceAccessFor('10.1.2.3', undefined)).toEqual({ mode: 'closed', host: '10.1.2.3' });
    expect(evidenceAccessFor('0.0.0.0', 's3cret')).toEqual({ mode: 'token', token: 's3cret' });
    expect(['localhost', '127.0.0.1', '127.9.9.9', '[::1]', '::ffff:127.0.0.1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', 'zeus.example', '127.0.0.1.nip.io', '::'].some(isLoopbackHost)).toBe(false);
  });

  it('on 0.0.0.0 without a token serves /metrics but refuses /evidence/ and /runs (fail closed)', async () => {
    const port = await serve(evidenceAccessFor('0.0.0.0', undefined));
    expect((await get(port, '/metrics')).status).toBe(200);
    for (const path of ['/evidence/', FILE, '/runs']) {
      const response = await get(port, path);
      expect(response.status, path).toBe(403);
      expect(response.body).toContain('--evidence-token-file');
    }
  });

  it('on loopback serves evidence to loopback Host headers only, not to a DNS-rebinding name', async () => {
    const port = await serve(evidenceAccessFor('127.0.0.1', undefined));
    expect((await get(port, FILE)).body).toBe('{"reason":"timeout"}\n');
    expect((await get(port, FILE, { host: `localhost:${port}` })).status).toBe(200);
    expect((await get(port, FILE, { host: `attacker.example:${port}` })).status).toBe(403);
    expect((await get(port, '/runs', { host: 'attacker.example' })).status).toBe(403);
  });

  it('with a token answers 401 with a Basic challenge unless the request carries it', async () => {
    const port = await serve(evidenceAccessFor('0.0.0.0', 'tok-7f3a9c'));
    const anonymous = await get(port, FILE);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic realm="zeus-synthetics-evidence"/);
    expect((await get(port, FILE, { authorization: 'Bearer tok-7f3a9' })).status).toBe(401);
    expect((await get(port, FILE, { authorization: 'Bearer tok-7f3a9c' })).status).toBe(200);
    const basic = `Basic ${Buffer.from('anyone:tok-7f3a9c').toString('base64')}`;
    expect((await get(port, FILE, { authorization: basic })).body).toContain('timeout');
    expect((await get(port, '/runs', { authorization: basic })).status).toBe(200);
  });

  it('answers internal error without its text, which goes to onError', async () => {
    const errors: string[] = [];
    const port = await serve({ mode: 'loopback' }, () => {
      throw new Error('ENOENT: /srv/zeus/.data/secret-path/runs.json at 10.0.0.7');
    }, (error) => errors.push(error.message));
    const response = await get(port, '/runs');
    expect(response.status).toBe(500);
    expect(response.body).toBe('internal error\n');
    expect(errors.join()).toContain('/srv/zeus/.data/secret-path');
    expect((await get(port, '/evidence/%E0%A4%A')).status).toBe(400);
  });

  it('the schedule command refuses to start with an unreadable or empty token file', async () => {
    const root = resolve(import.meta.dirname, '..');
    const empty = join(artifacts, 'empty-token');
    await writeFile(empty, '\n');
    for (const [file, message] of [[join(artifacts, 'missing-token'), /cannot read the evidence token file .*ENOENT/], [empty, /evidence token file .* is empty/]] as const) {
      const run = spawnSync(process.execPath, ['bin/zeus-obs.mjs', 'synthetics', 'schedule', '--port', '0', '--evidence-token-file', file], {
        cwd: root, encoding: 'utf8', timeout: 30_000,
      });
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });
});
