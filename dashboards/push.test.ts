import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { build, DASHBOARDS } from '../generate/index.js';
import { pushDashboards } from './index.js';

interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

const TOKEN = 'glsa_test_token_0123456789';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * A stand-in Grafana that checks requests the way Grafana's HTTP API documents them: Bearer
 * token, JSON bodies, folder creation, and `POST /api/dashboards/db` with
 * `{dashboard, folderUid, overwrite, message}` and a uid of at most 40 characters.
 */
class FakeGrafana {
  readonly requests: Recorded[] = [];
  readonly folders = new Set<string>();
  readonly dashboards = new Map<string, { folderUid: string; version: number; title: string }>();
  /** uid → status to answer instead of saving (e.g. 412). */
  readonly refuse = new Map<string, number>();
  server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const reply = (status: number, body: unknown) => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        let body: unknown;
        if (raw) {
          if (req.headers['content-type'] !== 'application/json') return reply(415, { message: 'content-type must be application/json' });
          try {
            body = JSON.parse(raw);
          } catch {
            return reply(400, { message: 'bad json' });
          }
        }
        this.requests.push({ method: req.method!, path: req.url!, headers: req.headers, body });
        if (req.headers.authorization !== `Bearer ${TOKEN}`) return reply(401, { message: 'Unauthorized' });
        const folder = /^\/api\/folders\/([^/]+)$/.exec(req.url!);
        if (req.method === 'GET' && folder) {
          return this.folders.has(folder[1]!) ? reply(200, { uid: folder[1] }) : reply(404, { message: 'folder not found' });
        }
        if (req.method === 'POST' && req.url === '/api/folders') {
          const { uid, title } = body as { uid?: string; title?: string };
          if (!uid || !title) return reply(400, { message: 'uid and title required' });
          this.folders.add(uid);
          return reply(200, { uid, title });
        }
        if (req.method === 'POST' && req.url === '/api/dashboards/db') {
          const { dashboard, folderUid, overwrite, message } = body as {
            dashboard?: { uid?: string; title?: string; id?: unknown; panels?: unknown[] };
            folderUid?: string;
            overwrite?: boolean;
            message?: string;
          };
          if (!dashboard?.uid || dashboard.uid.length > 40) return reply(400, { message: 'invalid uid' });
          if (!dashboard.title || !Array.isArray(dashboard.panels)) return reply(400, { message: 'dashboard title and panels required' });
          if (dashboard.id !== null) return reply(400, { message: 'id must be null to match by uid' });
          if (!folderUid || !this.folders.has(folderUid)) return reply(400, { message: 'folder not found' });
          if (typeof message !== 'string') return reply(400, { message: 'message must be a string' });
          const refused = this.refuse.get(dashboard.uid);
          if (refused) return reply(refused, { status: 'name-exists', message: 'A dashboard with the same name in the folder already exists' });
          const existing = this.dashboards.get(dashboard.uid);
          if (existing && overwrite !== true) return reply(412, { status: 'version-mismatch', message: 'changed by someone else' });
          const version = (existing?.version ?? 0) + 1;
          this.dashboards.set(dashboard.uid, { folderUid, version, title: dashboard.title });
          return reply(200, { id: 1, uid: dashboard.uid, url: `/d/${dashboard.uid}/x`, status: 'success', version });
        }
        return reply(404, { message: 'not found' });
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const dashboards = DASHBOARDS.map((entry) => entry.define()).map((spec) => ({ uid: spec.uid, title: spec.title, panels: [], id: 7 }));

describe('pushDashboards against a stand-in Grafana', () => {
  let grafana: FakeGrafana;
  beforeAll(async () => {
    grafana = new FakeGrafana();
    await grafana.start();
  });
  afterAll(() => grafana.stop());
  afterEach(() => {
    grafana.requests.length = 0;
    grafana.refuse.clear();
  });

  it('creates the missing folder, then upserts every dashboard with the documented request shape', async () => {
    const { folderCreated, results } = await pushDashboards({
      url: `${grafana.url}/`, token: TOKEN, folderUid: 'zeus', folderTitle: 'Zeus', message: 'test push', dashboards,
    });
    expect(folderCreated).toBe(true);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(grafana.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/folders/zeus',
      'POST /api/folders',
      ...dashboards.map(() => 'POST /api/dashboards/db'),
    ]);
    const post = grafana.requests[2]!;
    expect(post.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(post.body).toMatchObject({ dashboard: { uid: 'zeus-overview', id: null }, folderUid: 'zeus', overwrite: true, message: 'test push' });
    expect([...grafana.dashboards.keys()].sort()).toEqual(dashboards.map((d) => d.uid).sort());
  });

  it('overwrites on a second push into the existing folder', async () => {
    const { folderCreated, results } = await pushDashboards({ url: grafana.url, token: TOKEN, folderUid: 'zeus', folderTitle: 'Zeus', message: 'again', dashboards });
    expect(folderCreated).toBe(false);
    expect(results[0]!.detail).toMatch(/version 2$/);
    expect(grafana.requests.filter((r) => r.path === '/api/folders')).toEqual([]);
  });

  it('reports a 412 and an over-long uid per dashboard and still pushes the rest', async () => {
    grafana.refuse.set('zeus-grades', 412);
    const { results } = await pushDashboards({
      url: grafana.url, token: TOKEN, folderUid: 'zeus', folderTitle: 'Zeus', message: 'm',
      dashboards: [...dashboards, { uid: 'x'.repeat(41), title: 'Too long', panels: [] }],
    });
    const failed = results.filter((r) => !r.ok);
    expect(failed).toEqual([
      expect.objectContaining({ uid: 'zeus-grades', status: 412, detail: expect.stringContaining('name-exists') }),
      expect.objectContaining({ uid: 'x'.repeat(41), status: 0, detail: expect.stringContaining('not sent') }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(dashboards.length - 1);
    expect(grafana.requests.some((r) => JSON.stringify(r.body ?? '').includes('x'.repeat(41)))).toBe(false);
  });

  it('stops with a clear error when the token is refused', async () => {
    await expect(
      pushDashboards({ url: grafana.url, token: 'wrong', folderUid: 'zeus', folderTitle: 'Zeus', message: 'm', dashboards }),
    ).rejects.toThrow(/HTTP 401 Unauthorized \(check the token/);
  });

  it('zeus-obs grafana push reads the token file, pushes every rendered dashboard and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zeus-push-'));
    try {
      writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
      const child = spawn(process.execPath, ['bin/zeus-obs.mjs', 'grafana', 'push', '--url', grafana.url, '--token-file', join(dir, 'token'), '--folder-uid', 'zeus-cli'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code, output).toBe(0);
      // Everything generate renders to grafana/dashboards/, including other areas' dashboards.
      const { artifacts } = await build();
      const generated = artifacts.filter((a) => a.path.startsWith('grafana/dashboards/')).map((a) => (JSON.parse(a.content) as { uid: string }).uid);
      expect(generated).toEqual(expect.arrayContaining(DASHBOARDS.map((d) => d.define().uid)));
      expect(output).toContain(`${generated.length} of ${generated.length} dashboard(s) saved`);
      const saved = grafana.requests.filter((r) => r.path === '/api/dashboards/db');
      expect(saved.map((r) => (r.body as { dashboard: { uid: string } }).dashboard.uid).sort()).toEqual([...generated].sort());
      const overview = saved.find((r) => (r.body as { dashboard: { uid: string } }).dashboard.uid === 'zeus-overview')!;
      expect((overview.body as { dashboard: { panels: unknown[] }; folderUid: string }).folderUid).toBe('zeus-cli');
      expect((overview.body as { dashboard: { panels: unknown[] } }).dashboard.panels.length).toBeGreaterThan(10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
