import type { NextFunction, Request, Response } from 'express';
import { sessionOf } from '../auth/middleware.js';
import { readCookie, SESSION_COOKIE, type Session } from '../auth/session.js';
import type { DemoRole } from '../db/accounts.js';
import { sourceOf } from '../shared/source.js';
import type { FlagClient, TrafficSourceOf } from '../shared/deps.js';
import type { ApiClient, ApiResult } from './api-client.js';
import { html, page, type Raw } from './html.js';

/** `path` with a `?ok=` or `?err=` notice the next page shows. */
export const back = (path: string, kind: 'ok' | 'err', message: string) =>
  `${path}${path.includes('?') ? '&' : '?'}${kind}=${encodeURIComponent(message)}`;

/** What every page handler of the portal uses: API clients, rendering, form fields, role checks. */
export function createPortalContext(options: { enrollment: ApiClient; grades: ApiClient; trafficSource: TrafficSourceOf; flags?: FlagClient }) {
  const { enrollment, grades, trafficSource, flags } = options;
  const notices = (request: Request) => ({
    ok: typeof request.query.ok === 'string' ? request.query.ok.slice(0, 300) : undefined,
    err: typeof request.query.err === 'string' ? request.query.err.slice(0, 300) : undefined,
  });
  const render = (request: Request, response: Response, title: string, body: Raw, status = 200) =>
    void response.status(status).type('html').send(page(title, body, { session: sessionOf(response), ...notices(request) }));
  const field = (request: Request, name: string, max: number): string => {
    const value = (request.body as Record<string, unknown> | undefined)?.[name];
    if (typeof value !== 'string' || value.trim() === '') throw Object.assign(new Error(`'${name}' is required`), { status: 400 });
    if (value.length > max) throw Object.assign(new Error(`'${name}' is longer than ${max} characters`), { status: 400 });
    return value.trim();
  };
  const as = (...roles: DemoRole[]) => (request: Request, response: Response, next: NextFunction) => {
    const session = sessionOf(response);
    if (!session) return void response.redirect(303, '/login');
    if (!roles.includes(session.role)) return render(request, response, 'Not allowed', html`<p>This page needs the ${roles.join(' or ')} role.</p>`, 403);
    next();
  };
  const me = (response: Response): Session => sessionOf(response)!;
  const apiOptions = (request: Request, response: Response, body?: unknown) => ({
    token: request.headers.authorization?.slice(7) ?? tokenOf(request),
    synthetic: sourceOf(request, trafficSource, me(response)) === 'synthetic',
    body,
  });
  /** A boolean flag for the signed-in account (its code default, false, without flags). */
  const flagOn = async (key: string, request: Request, response: Response) =>
    flags ? flags.getBooleanValue(key, false, { targetingKey: me(response).sub, trafficSource: sourceOf(request, trafficSource, me(response)) }) : false;
  const tokenOf = (request: Request) => readCookie(request.headers.cookie, SESSION_COOKIE) ?? '';
  const failed = (result: ApiResult) => result.body.error ?? `request failed (${result.status})`;
  return { enrollment, grades, render, field, as, me, apiOptions, failed, flagOn };
}

/** The helpers of {@link createPortalContext}. */
export type PortalContext = ReturnType<typeof createPortalContext>;
