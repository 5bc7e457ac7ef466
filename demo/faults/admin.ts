import { timingSafeEqual } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Log } from '../shared/deps.js';
import { DEFAULT_ADMIN_TOKEN } from '../shared/secrets.js';
import { FaultValidationError, validateFaults, type FaultController } from './controller.js';

export { DEFAULT_ADMIN_TOKEN };

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The answer for an error: our own text for client mistakes, never an internal message. */
function errorReply(error: Error & { status?: number; type?: string }): { status: number; error: string; code: string } {
  if (error.type === 'entity.parse.failed') return { status: 400, error: 'malformed JSON body', code: 'bad_request' };
  if (error.type === 'entity.too.large') return { status: 413, error: 'request body too large', code: 'too_large' };
  if (error.status && error.status >= 400 && error.status < 500) return { status: error.status, error: 'bad request', code: 'bad_request' };
  return { status: 500, error: 'internal error (see the service log)', code: 'internal' };
}

/**
 * The admin API of one service, served on its own port so it stays reachable while the service
 * is `down`: `GET /admin/faults`, `PUT /admin/faults` (partial JSON: latencyMs, errorRate,
 * dbSlowMs, down), `DELETE /admin/faults`. Every route needs `Authorization: Bearer <token>`.
 * Internal errors (a failed re-listen names its address) go to `logger`, not to the client.
 */
export function createAdminApp(options: {
  service: string;
  faults: FaultController;
  token: string;
  logger?: Log;
  /** More admin routes behind the same token (the portal's upstream routing). */
  routes?: (app: Express) => void;
}): Express {
  if (options.token === '') throw new Error('createAdminApp: the admin token must not be empty');
  const app = express();
  app.disable('x-powered-by');
  app.set('env', 'production');
  app.get('/healthz', (_request, response) => void response.json({ status: 'ok' }));
  app.use((request: Request, response: Response, next: NextFunction) => {
    const header = request.headers.authorization ?? '';
    if (!header.startsWith('Bearer ') || !sameToken(header.slice(7), options.token)) {
      response.status(401).json({ error: 'admin token required (Authorization: Bearer <token>)', code: 'unauthenticated' });
      return;
    }
    next();
  });
  app.use(express.json({ limit: '4kb' }));
  const reply = (response: Response) => response.json({ service: options.service, faults: options.faults.state });
  app.get('/admin/faults', (_request, response) => void reply(response));
  app.put('/admin/faults', async (request, response) => {
    try {
      await options.faults.set(validateFaults(request.body));
      reply(response);
    } catch (error) {
      if (!(error instanceof FaultValidationError)) throw error;
      response.status(400).json({ error: error.message, code: 'invalid_fault' });
    }
  });
  app.delete('/admin/faults', async (_request, response) => {
    await options.faults.clear();
    reply(response);
  });
  options.routes?.(app);
  app.use((error: Error & { status?: number; type?: string }, request: Request, response: Response, _next: NextFunction) => {
    const { status, ...body } = errorReply(error);
    if (status >= 500) options.logger?.error({ err: error, method: request.method, path: request.path }, 'admin request failed');
    response.status(status).json(body);
  });
  return app;
}
