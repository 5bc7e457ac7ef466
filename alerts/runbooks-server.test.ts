import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../core/index.js';
import { startRunbookServer, type RunbookServer } from './index.js';

describe('zeus-obs runbooks (the Compose runbook server)', () => {
  let server: RunbookServer;
  beforeAll(async () => {
    server = await startRunbookServer({ port: 0 });
  });
  afterAll(() => server.stop());

  it('serves a runbook as plain UTF-8 text a browser shows', async () => {
    const response = await fetch(`${server.url}/runbooks/alerts/runbooks/ZeusServiceDown.md`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe(readFileSync(`${REPO_ROOT}/alerts/runbooks/ZeusServiceDown.md`, 'utf8'));
  });

  it('serves nothing but runbook paths: other files, traversal and unknown runbooks are 404', async () => {
    for (const path of [
      '/runbooks/package.json', '/runbooks/alerts/runbooks/../../package.json', '/runbooks/alerts/runbooks/%2e%2e%2f%2e%2e%2fpackage.json',
      '/runbooks/alerts/runbooks/NoSuchAlert.md', '/runbooks/', '/', '/runbooks/alerts/runbooks/ZeusServiceDown.md.bak',
    ]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain('"name"');
    }
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await fetch(`${server.url}/runbooks/alerts/runbooks/Watchdog.md`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await fetch(`${server.url}/runbooks/alerts/runbooks/Watchdog.md`, { method: 'POST' })).status).toBe(405);
  });

  it('listens on loopback unless told otherwise', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
