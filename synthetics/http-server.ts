import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import type { Registry } from 'prom-client';
import { evidenceDenial, type EvidenceAccess } from './evidence-access.js';

/** What the prober's HTTP server exposes. */
export interface ProberHttpOptions {
  readonly registry: Registry;
  readonly artifactsDir: string;
  /** Ready once the first run finished (the browser launched). */
  readonly ready: () => boolean;
  /** The last result of every journey, for `/runs`. */
  readonly runs: () => unknown;
  /** Who may read `/evidence/` and `/runs` (see {@link EvidenceAccess}). */
  readonly evidenceAccess: EvidenceAccess;
  /** Receives errors while serving; the client only gets `internal error`. */
  readonly onError?: (error: Error) => void;
}

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.zip': 'application/zip',
  '.json': 'application/json',
  '.log': 'text/plain; charset=utf-8',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function listDirs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort().reverse();
  } catch {
    return [];
  }
}

function page(response: ServerResponse, title: string, links: readonly [href: string, text: string][]): void {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  const items = links.map(([href, text]) => `<li><a href="${escapeHtml(href)}">${escapeHtml(text)}</a></li>`).join('\n');
  response.end(`<!doctype html><title>${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1><ul>\n${items}\n</ul>\n`);
}

/**
 * The prober's HTTP server: `/metrics` (Prometheus), `/healthz`, `/readyz`, `/runs` (last
 * result per journey, JSON) and `/evidence/` (browse failure evidence; `/evidence/<journey>/latest/`
 * redirects to the newest set, which the dashboard links to). `/runs` and `/evidence/` answer
 * only as `evidenceAccess` allows (401 or 403 otherwise). Paths never leave the artifacts
 * directory, and internal error text goes to `onError`, not to the client.
 */
export function createProberServer(options: ProberHttpOptions): Server {
  const root = resolve(options.artifactsDir);
  return createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://prober');
      const path = decodeURIComponent(url.pathname);
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405).end();
      } else if (path === '/metrics') {
        response.writeHead(200, { 'content-type': options.registry.contentType });
        response.end(await options.registry.metrics());
      } else if (path === '/healthz') {
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      } else if (path === '/readyz') {
        const ready = options.ready();
        response.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ready\n' : 'starting\n');
      } else if (path === '/runs' || path === '/evidence' || path.startsWith('/evidence/')) {
        const denied = evidenceDenial(options.evidenceAccess, request);
        if (denied) {
          const challenge = denied.status === 401 ? { 'www-authenticate': 'Basic realm="zeus-synthetics-evidence", charset="UTF-8"' } : {};
          response.writeHead(denied.status, { 'content-type': 'text/plain; charset=utf-8', ...challenge }).end(denied.message);
        } else if (path === '/runs') {
          const body = `${JSON.stringify(options.runs(), null, 2)}\n`;
          response.writeHead(200, { 'content-type': 'application/json' }).end(body);
        } else {
          await serveEvidence(root, path.slice('/evidence'.length).split('/').filter(Boolean), response);
        }
      } else {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      }
    })().catch((error: Error) => {
      if (error instanceof URIError) {
        if (!response.headersSent) response.writeHead(400, { 'content-type': 'text/plain' });
        response.end('bad path\n');
        return;
      }
      options.onError?.(error);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('internal error\n');
    });
  });
}

async function serveEvidence(root: string, parts: string[], response: ServerResponse): Promise<void> {
  if (parts.some((p) => p === '..' || p === '.' || p.includes('\0'))) {
    response.writeHead(400).end('bad path\n');
    return;
  }
  if (parts.length === 0) {
    page(response, 'Synthetics evidence', (await listDirs(root)).map((j) => [`/evidence/${j}/`, j]));
    return;
  }
  const [journey, set, file] = parts as [string, string | undefined, string | undefined];
  if (set === 'latest') {
    const newest = (await listDirs(join(root, journey)))[0];
    if (!newest) response.writeHead(404, { 'content-type': 'text/plain' }).end(`no evidence for ${journey}\n`);
    else response.writeHead(302, { location: `/evidence/${encodeURIComponent(journey)}/${encodeURIComponent(newest)}/${file ?? ''}` }).end();
    return;
  }
  const target = resolve(root, ...parts);
  if (target !== root && !target.startsWith(root + sep)) {
    response.writeHead(400).end('bad path\n');
    return;
  }
  const info = await stat(target).catch(() => undefined);
  if (!info) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  } else if (info.isDirectory()) {
    if (set === undefined) page(response, `Evidence of ${journey}`, (await listDirs(target)).map((d) => [`/evidence/${journey}/${d}/`, d]));
    else {
      const files = (await readdir(target)).sort();
      page(response, `${journey} ${set}`, files.map((f) => [`/evidence/${journey}/${set}/${f}`, f]));
    }
  } else {
    const ext = target.slice(target.lastIndexOf('.'));
    response.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'content-length': info.size });
    createReadStream(target).pipe(response);
  }
}
