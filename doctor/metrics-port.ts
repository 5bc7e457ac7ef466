import { createServer } from 'node:net';
import type { Scrape } from './scrape.js';
import type { CheckResult } from './types.js';

type Env = Readonly<Record<string, string | undefined>>;
const PORT_FIX = 'free the port, or give the app another one with OTEL_EXPORTER_PROMETHEUS_PORT';

/** True when the app's /metrics answered with this package's metrics (target_info or zeus_telemetry_*). */
export function isZeusMetrics(app: Scrape): boolean {
  return app.ok && app.samples.some((s) => s.name === 'target_info' || s.name.startsWith('zeus_telemetry_'));
}

/** Tries to listen on host:port; resolves to the error code when that fails. */
function bindError(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen(port, host, () => server.close(() => resolve(undefined)));
  });
}

/** Before start: is the configured port free? */
async function checkPortFree(env: Env): Promise<CheckResult> {
  const exporters = (env.OTEL_METRICS_EXPORTER ?? 'prometheus').toLowerCase();
  if (!exporters.includes('prometheus')) return { id: 'metrics-port', status: 'skip', detail: `OTEL_METRICS_EXPORTER=${exporters}: no /metrics server` };
  const host = env.OTEL_EXPORTER_PROMETHEUS_HOST?.trim() || '0.0.0.0';
  const port = Number(env.OTEL_EXPORTER_PROMETHEUS_PORT?.trim() || 9464);
  if (port === 0) return { id: 'metrics-port', status: 'pass', detail: 'OTEL_EXPORTER_PROMETHEUS_PORT=0 picks a free port' };
  const error = await bindError(host, port);
  return error
    ? { id: 'metrics-port', status: 'fail', detail: `${host}:${port} cannot be bound (${error}): the app's /metrics server would not start`, fix: PORT_FIX }
    : { id: 'metrics-port', status: 'pass', detail: `${host}:${port} is free for the app's /metrics server` };
}

/** With the app running: does its metrics URL answer with its metrics, or with another process? */
export async function checkMetricsPort(metricsUrl: string | undefined, app: Scrape | undefined, env: Env): Promise<CheckResult> {
  if (!metricsUrl || !app) return checkPortFree(env);
  if (isZeusMetrics(app)) return { id: 'metrics-port', status: 'pass', detail: `${metricsUrl} serves the app's metrics` };
  if (!app.ok && (app.status === 401 || app.status === 403)) {
    return { id: 'metrics-port', status: 'fail', detail: `${metricsUrl} wants a bearer token (${app.reason})`, fix: 'give the token with --metrics-token-file' };
  }
  if (!app.ok && app.status === undefined) {
    return {
      id: 'metrics-port', status: 'fail', detail: `nothing answers at ${metricsUrl} (${app.reason}): the app's /metrics server is not there (its stderr says why, e.g. EADDRINUSE)`,
      fix: PORT_FIX,
    };
  }
  return {
    id: 'metrics-port', status: 'fail', detail: `${metricsUrl} answers (${app.ok ? 'HTTP 200' : app.reason}) but not with this app's metrics: another process holds the port`,
    fix: PORT_FIX,
  };
}
