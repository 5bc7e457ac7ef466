import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { DemoRole } from '../db/accounts.js';
import { readCookie, SESSION_COOKIE, type Session, type SessionCodec } from './session.js';

/** The verified session of a request, set by {@link authenticate}. */
export function sessionOf(response: Response): Session | undefined {
  return response.locals.session as Session | undefined;
}

/**
 * Verifies `Authorization: Bearer <token>` or the session cookie; never rejects by itself. The
 * revocation check may read the database: when that fails, the request fails (500), it is never
 * let through as if the token were not revoked.
 */
export function authenticate(codec: SessionCodec): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : readCookie(request.headers.cookie, SESSION_COOKIE);
    codec.verify(token).then((session) => {
      response.locals.session = session;
      next();
    }, next);
  };
}

/** 401 without a session, 403 when the session's role is not one of `roles`. */
export function requireRole(...roles: DemoRole[]): RequestHandler {
  return (_request, response, next) => {
    const session = sessionOf(response);
    if (!session) response.status(401).json({ error: 'authentication required', code: 'unauthenticated' });
    else if (!roles.includes(session.role)) response.status(403).json({ error: `this needs the ${roles.join(' or ')} role`, code: 'forbidden' });
    else next();
  };
}
