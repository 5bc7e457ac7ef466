import type { IncomingMessage } from 'node:http';

interface ExpressLikeRequest extends IncomingMessage {
  route?: { path?: unknown };
  baseUrl?: string;
}

const SEGMENT_ID = /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|S\d{8}|[^/]*@[^/]*)$/i;

function templatedBase(baseUrl: string): string {
  // A router mounted at a path with parameters leaves the concrete path in baseUrl; any segment
  // that looks like an identifier becomes `:id` so the raw path never becomes a label value.
  if (!/\d|@/.test(baseUrl)) return baseUrl;
  return baseUrl
    .split('/')
    .map((segment) => (SEGMENT_ID.test(segment) ? ':id' : segment))
    .join('/');
}

/**
 * The matched route template of an Express (4 or 5) request: mount path plus route path,
 * read from `req.baseUrl` and `req.route` with no framework patching. Undefined for requests that
 * matched no route: the HTTP conventions leave `http.route` out then (never the raw path).
 */
export function routeOf(req: IncomingMessage): string | undefined {
  const r = req as ExpressLikeRequest;
  const route = r.route;
  if (!route) return undefined;
  const rawPath = route.path;
  const path = typeof rawPath === 'string' ? rawPath : Array.isArray(rawPath) ? rawPath.map(String).join('|') : String(rawPath);
  const base = r.baseUrl;
  if (!base) return path || '/';
  return path === '/' ? templatedBase(base) : `${templatedBase(base)}${path}`;
}
