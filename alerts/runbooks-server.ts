import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { REPO_ROOT } from '../core/index.js';

/**
 * Runbook paths served: `/runbooks/<folder>/runbooks/<Name>.md`, the path from the repository
 * root of every alert's runbook (`alerts/runbooks/ZeusServiceDown.md`). Nothing else is served,
 * so no other file of the checkout can be read.
 */
const RUNBOOK_PATH = /^\/runbooks\/([a-z0-9-]+\/runbooks\/[A-Za-z0-9-]+\.md)$/;

/** Options of {@link startRunbookServer}. */
export interface RunbookServerOptions {
  /** Listen address; default 127.0.0.1 (Compose passes 0.0.0.0 inside its container). */
  readonly host?: string;
  /** TCP port; 0 picks a free one. Default 9095. */
  readonly port?: number;
  /** Directory runbook paths are read from (default: the repository root). */
  readonly root?: string;
}

/** A running runbook server. */
export interface RunbookServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Serves the repository's runbooks read-only at `GET /runbooks/<path from the repo root>`, as
 * plain UTF-8 text so a browser shows them: the runbook base of the Compose environment
 * (`http://localhost:9095/runbooks`). 404 for anything else, 405 for other methods.
 */
export async function startRunbookServer(options: RunbookServerOptions = {}): Promise<RunbookServer> {
  const root = options.root ?? REPO_ROOT;
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((req, res) => {
    const reply = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'content-length': Buffer.byteLength(text) });
      res.end(req.method === 'HEAD' ? undefined : text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'method not allowed\n');
    const path = RUNBOOK_PATH.exec(new URL(req.url ?? '/', 'http://runbooks').pathname)?.[1];
    if (!path) return reply(404, 'not a runbook path: /runbooks/<folder>/runbooks/<Alert>.md\n');
    readFile(join(root, path), 'utf8').then(
      (text) => reply(200, text),
      () => reply(404, 'no such runbook\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9095, host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
