import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BusinessExporter, CollectorStatus } from './business-exporter.js';
import type { ExporterLogger } from './logger.js';

/** Options of {@link startExporterServer}. */
export interface ExporterServerOptions {
  readonly exporter: BusinessExporter;
  readonly logger: ExporterLogger;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
}

/** A listening exporter endpoint. */
export interface ExporterServer {
  /** Base URL, e.g. http://127.0.0.1:9470 */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * One collector's state for the page. The cause of a failure stays in the log: it names files
 * and addresses, which are not for whoever can reach the port.
 */
function collectorState(status: CollectorStatus): string {
  if (status.ok === undefined) return 'pending';
  if (status.ok) return 'ok';
  const since = status.lastSuccessMs === undefined ? 'never succeeded' : `last success ${new Date(status.lastSuccessMs).toISOString()}`;
  return `failing (${since}; the cause is in the exporter log)`;
}

/**
 * Ready once every collector has run once, whatever the outcome: a failing collector is still
 * served (its `success` 0 is what the alerts read), so it must not take the target out of rotation.
 */
function readiness(exporter: BusinessExporter): { status: number; body: object } {
  const pending = exporter.status().filter((s) => s.lastRunMs === undefined).map((s) => s.name);
  return pending.length === 0 ? { status: 200, body: { status: 'ready' } } : { status: 503, body: { status: 'starting', pending } };
}

function landingPage(exporter: BusinessExporter): string {
  const rows = exporter
    .status()
    .map((s) => `<tr><td>${escapeHtml(s.name)}</td><td>${escapeHtml(collectorState(s))}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Zeus Business Exporter</title></head>
<body>
<h1>Zeus Business Exporter</h1>
<p>Academic KPIs and backup health from the Zeus database.</p>
<p><a href="/metrics">Metrics</a></p>
<table><thead><tr><th>collector</th><th>last run</th></tr></thead><tbody>${rows}</tbody></table>
</body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/**
 * Serves the exporter the way Prometheus exporters do: `/metrics` in the text exposition format
 * with its content type, a landing page at `/` linking to it and showing each collector's state
 * (causes of failures only in the log), `/healthz` (the process answers) and `/readyz` (every
 * collector has run once) for Kubernetes probes, and 404 elsewhere. Scrapes only render cached
 * values; they never query the database.
 */
export function startExporterServer(options: ExporterServerOptions): Promise<ExporterServer> {
  const { exporter, logger } = options;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/metrics') {
      exporter.metrics().then(
        (text) => response.writeHead(200, { 'content-type': exporter.registry.contentType }).end(text),
        (error: unknown) => {
          logger.error({ cause: String(error) }, `rendering /metrics failed: ${String(error)}`);
          response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('internal error\n');
        },
      );
      return;
    }
    if (path === '/healthz' || path === '/readyz') {
      const { status, body } = path === '/healthz' ? { status: 200, body: { status: 'ok' } } : readiness(exporter);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(landingPage(exporter));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      server.on('error', (error) => logger.error({ cause: error.message }, `exporter server error: ${error.message}`));
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
