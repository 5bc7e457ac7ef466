import { createServer, type Server } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Registry, RegistryContentType } from 'prom-client';
import type { WarnFn } from '../diag.js';
import { OPENMETRICS_TEXT, PROMETHEUS_TEXT, renderMetrics, wantsOpenMetrics } from './exposition.js';

/** Options of {@link startMetricsEndpoint}. */
export interface MetricsEndpointOptions {
  host: string;
  port: number;
  /** When set, scrapes must send `Authorization: Bearer <token>`. */
  bearerToken?: string;
  /**
   * Scrapes must authenticate even without a usable `bearerToken` (its file is set but missing
   * or empty): every scrape is then refused with 401. Fails closed: never served without auth.
   */
  requireAuth?: boolean;
  /** Called before each scrape to refresh gauges that are sampled, not pushed. */
  beforeScrape?: () => void;
  warn: WarnFn;
}

/** A running `/metrics` server. */
export interface MetricsEndpoint {
  readonly server: Server;
  /** The bound port (useful with port 0). */
  port(): number;
  close(): Promise<void>;
}

function authorised(header: string | undefined, token: string | undefined): boolean {
  if (!token || !header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7).trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Serves `GET /metrics` from `registry` on its own port: OpenMetrics (with exemplars) when the
 * `Accept` header asks for it, else Prometheus text 0.0.4. The server never keeps the process
 * alive and a failure to bind is a warning, not an error.
 */
export function startMetricsEndpoint(registry: Registry<RegistryContentType>, options: MetricsEndpointOptions): MetricsEndpoint {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.statusCode = 404;
      res.end('not found\n');
      return;
    }
    if ((options.requireAuth || options.bearerToken) && !authorised(req.headers.authorization, options.bearerToken)) {
      res.statusCode = 401;
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      res.end('unauthorized\n');
      return;
    }
    const openMetrics = wantsOpenMetrics(req.headers.accept);
    try {
      options.beforeScrape?.();
    } catch {
      // a failing refresh must not fail the scrape
    }
    renderMetrics(registry, openMetrics).then(
      (body) => {
        res.statusCode = 200;
        res.setHeader('content-type', openMetrics ? OPENMETRICS_TEXT : PROMETHEUS_TEXT);
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        // the reason stays in the process's diagnostics, not in the answer to the scraper
        options.warn(`metrics collection failed: ${error instanceof Error ? error.message : String(error)}`);
        res.statusCode = 500;
        res.end('# metrics collection failed; see the service diagnostics\n');
      },
    );
  });
  (server as unknown as Record<symbol, unknown>)[Symbol.for('@zeus/instrumentation.untraced')] = true;
  server.on('error', (error: NodeJS.ErrnoException) => {
    options.warn(`metrics endpoint on ${options.host}:${options.port} failed (${error.code ?? error.message}); metrics are not served`);
  });
  try {
    server.listen(options.port, options.host);
    server.unref();
  } catch (error) {
    options.warn(`metrics endpoint could not start: ${(error as Error).message}`);
  }
  return {
    server,
    port() {
      const address = server.address();
      return typeof address === 'object' && address ? address.port : options.port;
    },
    close() {
      return new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
    },
  };
}
