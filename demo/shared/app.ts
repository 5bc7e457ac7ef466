import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { authenticate } from '../auth/middleware.js';
import type { SessionCodec } from '../auth/session.js';
import type { FaultController } from '../faults/controller.js';
import type { Queryable } from '../db/database.js';
import type { HealthMiddlewareFactory, Log } from './deps.js';

/** An error with an HTTP status and a stable code, answered as `{ error, code }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Serves /healthz and /readyz when no instrumentation `health()` is passed (plain tests). */
export const basicHealth: HealthMiddlewareFactory = ({ checks }) => async (request, response, next) => {
  if (request.path === '/healthz') return void response.json({ status: 'ok' });
  if (request.path !== '/readyz') return next();
  const results: Record<string, string> = {};
  let ready = true;
  for (const [name, check] of Object.entries(checks)) {
    try {
      const value = await check();
      results[name] = value === false ? 'fail' : 'ok';
      if (value === false) ready = false;
    } catch {
      results[name] = 'fail';
      ready = false;
    }
  }
  response.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'fail', checks: results });
};

/** The `db` readiness check: one trivial query answers (a 2 s health timeout covers a hung server). */
export function databaseCheck(db: Queryable): () => Promise<boolean> {
  return async () => (await db.get('SELECT 1 AS ok')) !== undefined;
}

/**
 * The common front of every API: health endpoints, fault middleware, session check, JSON body
 * parsing (16 kB). Routes go on the returned app; call {@link finishApi} after them.
 */
export function createApiApp(options: {
  faults: FaultController;
  codec: SessionCodec;
  health: HealthMiddlewareFactory;
  checks: Record<string, () => unknown>;
}): Express {
  const app = express();
  app.disable('x-powered-by');
  // Express's fallback error page shows stack traces unless env is production.
  app.set('env', 'production');
  app.set('query parser', 'simple');
  app.use(options.health({ checks: options.checks, timeoutMs: 2_000 }));
  app.use(options.faults.middleware());
  app.use(authenticate(options.codec));
  app.use(express.json({ limit: '16kb' }));
  return app;
}

/** 404 for unknown routes and the `{ error, code }` answer for every thrown error. */
export function finishApi(app: Express, logger: Log): void {
  app.use((_request: Request, response: Response) => {
    response.status(404).json({ error: 'no such route', code: 'not_found' });
  });
  app.use((error: Error & { status?: number; type?: string }, request: Request, response: Response, _next: NextFunction) => {
    if (error instanceof HttpError) return void response.status(error.status).json({ error: error.message, code: error.code });
    if (error.type === 'entity.parse.failed') return void response.status(400).json({ error: 'malformed JSON body', code: 'malformed_json' });
    if (error.type === 'entity.too.large') return void response.status(413).json({ error: 'request body too large', code: 'too_large' });
    if (error.status && error.status >= 400 && error.status < 500)
      return void response.status(error.status).json({ error: error.message, code: 'bad_request' });
    logger.error({ err: error, route: request.route?.path }, 'request failed');
    response.status(500).json({ error: 'internal error', code: 'internal' });
  });
}

/** A required string field of a JSON body or query, trimmed, at most `max` characters. */
export function stringField(source: unknown, name: string, max: number, { required = true } = {}): string | undefined {
  const value = typeof source === 'object' && source !== null ? (source as Record<string, unknown>)[name] : undefined;
  if (value === undefined || value === '') {
    if (required) throw new HttpError(400, 'missing_field', `'${name}' is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw new HttpError(400, 'invalid_field', `'${name}' must be a string`);
  if (value.length > max) throw new HttpError(400, 'field_too_long', `'${name}' is longer than ${max} characters`);
  return value.trim();
}
