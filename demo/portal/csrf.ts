import type { Request, RequestHandler, Response } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Why a state-changing request was refused as cross-site, or undefined when it is same-origin. */
export function crossSiteReason(request: Pick<Request, 'method' | 'headers'>, trustedOrigins: readonly string[] = []): string | undefined {
  if (SAFE_METHODS.has(request.method)) return undefined;
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' ? undefined : `Sec-Fetch-Site is ${site}`;
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === '') return 'neither Origin nor Sec-Fetch-Site was sent';
  if (trustedOrigins.includes(origin)) return undefined;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return 'Origin is not a URL';
  }
  return host !== '' && host === request.headers.host ? undefined : 'Origin is another site';
}

/**
 * CSRF defence for the portal's forms, failing closed: every POST (any method but GET, HEAD,
 * OPTIONS) must say it comes from the portal's own pages. Browsers send `Sec-Fetch-Site`
 * (it must be `same-origin`) or at least `Origin` (its host must be the request's `Host`, or the
 * origin one of `trustedOrigins`, e.g. the public https origin behind a proxy). A request with
 * neither is refused too: scripts posting forms (load tests, drills) send `Origin`.
 */
export function sameOriginOnly(options: { trustedOrigins?: readonly string[]; refuse: (request: Request, response: Response, reason: string) => void }): RequestHandler {
  return (request, response, next) => {
    const reason = crossSiteReason(request, options.trustedOrigins);
    if (reason === undefined) return next();
    options.refuse(request, response, reason);
  };
}
