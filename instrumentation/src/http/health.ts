import type { IncomingMessage, ServerResponse } from 'node:http';

/** Paths served by {@link health}; also excluded from traces and RED metrics. */
export const HEALTH_PATHS = { liveness: '/healthz', readiness: '/readyz' } as const;

/** Options of {@link health}. */
export interface HealthOptions {
  /** Readiness checks by name: ready when each returns (or resolves) without throwing and not `false`. */
  checks?: Record<string, () => unknown | Promise<unknown>>;
  /** Time each check may take, in milliseconds (default 2000). */
  timeoutMs?: number;
  /**
   * Receives a failed check's name and error. The `/readyz` answer only says `failed`, `timed
   * out` or `returned false`: error text (addresses, file paths) stays in the service's log.
   * Default: a warning on the running telemetry's logger (see `index.ts`), else nothing.
   */
  onCheckFailure?: (name: string, error: unknown) => void;
}

/** What a failed check's `error` says in the `/readyz` body: never the error's own text. */
export type CheckFailure = 'failed' | 'timed out' | 'returned false';

/** Result of one readiness check in the `/readyz` body. */
export interface CheckResult {
  status: 'ok' | 'fail';
  durationMs: number;
  error?: CheckFailure;
}

class CheckTimeout extends Error {}
class CheckReturnedFalse extends Error {}

function failureOf(error: unknown): CheckFailure {
  if (error instanceof CheckTimeout) return 'timed out';
  if (error instanceof CheckReturnedFalse) return 'returned false';
  return 'failed';
}

/** A connect/Express-style middleware. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

async function runCheck(name: string, check: () => unknown, timeoutMs: number, onFailure: HealthOptions['onCheckFailure']): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CheckTimeout(`timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    const value = await Promise.race([Promise.resolve().then(check), timeout]);
    if (value === false) throw new CheckReturnedFalse('check returned false');
    return { status: 'ok', durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    try {
      onFailure?.(name, error);
    } catch {
      // a failing reporter must not change the answer
    }
    return { status: 'fail', durationMs: Math.round(performance.now() - started), error: failureOf(error) };
  } finally {
    clearTimeout(timer);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(text);
}

/**
 * Middleware serving `GET /healthz` (liveness: the process answers) and `GET /readyz`
 * (readiness: every check passes within its timeout; 200 or 503 with each check's result, whose
 * `error` says only `failed`, `timed out` or `returned false`).
 * Other requests go to `next()`. Needs no framework: works with Express, connect or plain http.
 */
export function health(options: HealthOptions = {}): Middleware {
  const checks = Object.entries(options.checks ?? {});
  const timeoutMs = options.timeoutMs && options.timeoutMs > 0 ? options.timeoutMs : 2000;
  return (req, res, next) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const isGet = req.method === 'GET' || req.method === 'HEAD';
    if (!isGet || (path !== HEALTH_PATHS.liveness && path !== HEALTH_PATHS.readiness)) {
      if (next) next();
      else send(res, 404, { status: 'not found' });
      return;
    }
    if (path === HEALTH_PATHS.liveness) {
      send(res, 200, { status: 'ok' });
      return;
    }
    Promise.all(checks.map(async ([name, check]) => [name, await runCheck(name, check, timeoutMs, options.onCheckFailure)] as const))
      .then((results) => {
        const ready = results.every(([, r]) => r.status === 'ok');
        send(res, ready ? 200 : 503, { status: ready ? 'ok' : 'fail', checks: Object.fromEntries(results) });
      })
      .catch(() => send(res, 503, { status: 'fail' }));
  };
}
