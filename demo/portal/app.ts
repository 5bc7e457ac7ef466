import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { authenticate } from '../auth/middleware.js';
import { createLoginThrottle, type LoginThrottle } from '../auth/login-throttle.js';
import { createPasswordVerifier, type PasswordVerifier } from '../auth/password.js';
import type { SessionCodec } from '../auth/session.js';
import type { Database } from '../db/database.js';
import type { FaultController } from '../faults/controller.js';
import { basicHealth, databaseCheck } from '../shared/app.js';
import { createDbCall } from '../shared/db-call.js';
import type { DbSpan, FlagClient, HealthMiddlewareFactory, Log, Recorder, TrafficSourceOf } from '../shared/deps.js';
import { headerTrafficSource } from '../shared/source.js';
import { mountAdminRoutes, type AdminTarget } from './admin-routes.js';
import { createApiClient, UpstreamUnavailable } from './api-client.js';
import { createPortalContext } from './context.js';
import { sameOriginOnly } from './csrf.js';
import type { Upstreams } from './upstream-admin.js';
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
  /** Feature flags (OpenFeature); without it every flag is at its code default. */
  flags?: FlagClient;
  /** How the portal is reached from outside (cookies, CSRF, client addresses); see {@link PortalSecurity}. */
  security?: PortalSecurity;
  /** Per-account and per-address login backoff (default: {@link createLoginThrottle} with its defaults). */
  throttle?: LoginThrottle;
  /** The bounded password-check queue (default: {@link createPasswordVerifier} with its defaults). */
  passwords?: PasswordVerifier;
  /**
   * The rollout router of each API (`enrollment`, `grades`): where each call goes, stable or
   * candidate (default: always `enrollmentUrl` and `gradesUrl`).
   */
  upstreams?: Upstreams;
}

/** How the portal is reached from outside. */
export interface PortalSecurity {
  /**
   * The origin users open, e.g. `https://portal.zeus.example` behind a TLS proxy: form posts
   * from it pass the CSRF check (as do posts whose Origin matches the Host header), and an
   * `https:` origin makes the session cookie `Secure`.
   */
  publicOrigin?: string;
  /** Force the session cookie's `Secure` flag (default: true when `publicOrigin` is https). */
  secureCookies?: boolean;
  /** Express `trust proxy`: whose X-Forwarded-For to believe for the per-address backoff (default: nobody's). */
  trustProxy?: boolean | string | number;
}

/**
 * The server-rendered Zeus portal. Students: `/search`, `/schedule`, `/grades`; faculty:
 * `/teaching`, `/roster/:id`; registrar: `/admin` (fault injection). Every page that shows or
 * changes enrollment or grades calls the enrollment or grades API over HTTP.
 */
export function createPortalApp(deps: PortalAppDeps): Express {
  const trafficSource = deps.trafficSource ?? headerTrafficSource;
  const call = createDbCall(deps.faults, deps.db.dialect, deps.dbSpan);
  const upstreamUp = (base: string) => async () => (await fetch(new URL('/healthz', base), { signal: AbortSignal.timeout(1_500) })).ok;

  const security = deps.security ?? {};
  const app = express();
  app.disable('x-powered-by');
  // Express's fallback error page shows stack traces unless env is production.
  app.set('env', 'production');
  app.set('query parser', 'simple');
  app.set('trust proxy', security.trustProxy ?? false);
  app.use(
    (deps.health ?? basicHealth)({
      checks: { db: databaseCheck(deps.db), enrollmentApi: upstreamUp(deps.enrollmentUrl), gradesApi: upstreamUp(deps.gradesUrl) },
      timeoutMs: 2_000,
    }),
  );
  app.use(deps.faults.middleware());
  app.use(authenticate(deps.sessions));
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));

  const route = (name: string, stable: string) => {
    const upstream = deps.upstreams?.get(name);
    return upstream ? () => upstream.pick() : stable;
  };
  const ctx = createPortalContext({
    enrollment: createApiClient('enrollment', route('enrollment', deps.enrollmentUrl)),
    grades: createApiClient('grades', route('grades', deps.gradesUrl)),
    trafficSource,
    flags: deps.flags,
  });
  const { render } = ctx;
  app.use(sameOriginOnly({
    trustedOrigins: security.publicOrigin ? [security.publicOrigin] : [],
    refuse: (request, response, reason) => {
      deps.logger.warn({ reason, method: request.method }, 'cross-site form post refused');
      render(request, response, 'Not allowed', html`<p class="notice error" role="alert">This form was not sent from the portal's own pages, so it was refused.</p>`, 403);
    },
  }));
  mountLoginRoutes(app, ctx, {
    ...deps, call, trafficSource,
    throttle: deps.throttle ?? createLoginThrottle(),
    passwords: deps.passwords ?? createPasswordVerifier(),
    secureCookies: security.secureCookies ?? security.publicOrigin?.startsWith('https:') === true,
  });
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

