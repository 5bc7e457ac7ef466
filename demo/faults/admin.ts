import { timingSafeEqual } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { FaultValidationError, validateFaults, type FaultController } from './controller.js';

/** Token of the admin APIs when neither ZEUS_ADMIN_TOKEN nor ZEUS_ADMIN_TOKEN_FILE is set. */
export const DEFAULT_ADMIN_TOKEN = 'zeus-demo-admin-token';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The admin API of one service, served on its own port so it stays reachable while the service
 * is `down`: `GET /admin/faults`, `PUT /admin/faults` (partial JSON: latencyMs, errorRate,
 * dbSlowMs, down), `DELETE /admin/faults`. Every route needs `Authorization: Bearer <token>`.
 */
export function createAdminApp(options: { service: string; faults: FaultController; token: string }): Express {
  const app = express();
  app.disable('x-powered-by');
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
  app.use((error: Error & { status?: number; type?: string }, _request: Request, response: Response, _next: NextFunction) => {
    const status = error.status && error.status < 500 ? error.status : 500;
    response.status(status).json({ error: error.type === 'entity.parse.failed' ? 'malformed JSON body' : error.message, code: 'bad_request' });
  });
  return app;
}
