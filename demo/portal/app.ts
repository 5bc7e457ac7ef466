import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { authenticate } from '../auth/middleware.js';
import type { SessionCodec } from '../auth/session.js';
import type { Database } from '../db/open.js';
import type { FaultController } from '../faults/controller.js';
import { basicHealth } from '../shared/app.js';
import { createDbCall } from '../shared/db-call.js';
import type { DbSpan, HealthMiddlewareFactory, Log, Recorder, TrafficSourceOf } from '../shared/deps.js';
import { headerTrafficSource } from '../shared/source.js';
import { mountAdminRoutes, type AdminTarget } from './admin-routes.js';
import { createApiClient, UpstreamUnavailable } from './api-client.js';
import { createPortalContext } from './context.js';
import { mountFacultyRoutes } from './faculty-routes.js';
import { html } from './html.js';
import { mountLoginRoutes } from './login-routes.js';
import { mountStudentRoutes } from './student-routes.js';

export type { AdminTarget } from './admin-routes.js';

/** What the portal is built from; everything is passed in (no globals). */
export interface PortalAppDeps {
  db: Database;
  metrics: Recorder;
  logger: Log;
  faults: FaultController;
  sessions: SessionCodec;
  enrollmentUrl: string;
  gradesUrl: string;
  /** Services on the registrar's fault-injection page, and the admin token to call them with. */
  admin: { targets: AdminTarget[]; token: string };
  dbSpan?: DbSpan;
  health?: HealthMiddlewareFactory;
  trafficSource?: TrafficSourceOf;
}

/**
 * The server-rendered Zeus portal. Students: `/search`, `/schedule`, `/grades`; faculty:
 * `/teaching`, `/roster/:id`; registrar: `/admin` (fault injection). Every page that shows or
 * changes enrollment or grades calls the enrollment or grades API over HTTP.
 */
export function createPortalApp(deps: PortalAppDeps): Express {
  const trafficSource = deps.trafficSource ?? headerTrafficSource;
  const call = createDbCall(deps.faults, deps.dbSpan);
  const ping = deps.db.prepare('SELECT 1');
  const upstreamUp = (base: string) => async () => (await fetch(new URL('/healthz', base), { signal: AbortSignal.timeout(1_500) })).ok;

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    (deps.health ?? basicHealth)({
      checks: { db: () => ping.get() !== undefined, enrollmentApi: upstreamUp(deps.enrollmentUrl), gradesApi: upstreamUp(deps.gradesUrl) },
      timeoutMs: 2_000,
    }),
  );
  app.use(deps.faults.middleware());
  app.use(authenticate(deps.sessions));
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));

  const ctx = createPortalContext({
    enrollment: createApiClient('enrollment', deps.enrollmentUrl), grades: createApiClient('grades', deps.gradesUrl), trafficSource,
  });
  const { render } = ctx;
  mountLoginRoutes(app, ctx, { ...deps, call, trafficSource });
  mountStudentRoutes(app, ctx);
  mountFacultyRoutes(app, ctx);
  mountAdminRoutes(app, ctx, deps);

  app.use((request: Request, response: Response) => render(request, response, 'Not found', html`<p>No such page.</p>`, 404));
  app.use((error: Error & { status?: number; type?: string }, request: Request, response: Response, _next: NextFunction) => {
    if (error instanceof UpstreamUnavailable)
      return render(request, response, 'Service unavailable', html`<p class="notice error" role="alert">${error.message}; please try again shortly.</p>`, 502);
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) deps.logger.error({ err: error, route: request.route?.path }, 'portal request failed');
    render(request, response, status === 500 ? 'Something went wrong' : 'Bad request', html`<p class="notice error" role="alert">${status === 500 ? 'Internal error.' : error.message}</p>`, status);
  });
  return app;
}

