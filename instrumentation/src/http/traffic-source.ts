import type { IncomingMessage } from 'node:http';
import { context, createContextKey } from '@opentelemetry/api';
import { verifySyntheticMarker } from './synthetic-marker.js';

/** Header a synthetic probe sets to mark its traffic; its value is the signed marker. */
export const SYNTHETIC_HEADER = 'x-zeus-synthetic';
/** W3C baggage entry that carries the signed marker across service hops. */
export const SYNTHETIC_BAGGAGE_KEY = 'zeus.synthetic';
/** Set by the server hook in the context of a request whose marker verified. */
export const VERIFIED_SYNTHETIC = createContextKey('@zeus/instrumentation.synthetic-verified');

type Headers = IncomingMessage['headers'];

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The value of the `zeus.synthetic` member of a baggage header, if any. */
function baggageMarker(header: string): string | undefined {
  if (!header.includes(SYNTHETIC_BAGGAGE_KEY)) return undefined;
  for (const member of header.split(',')) {
    const eq = member.indexOf('=');
    if (eq < 0 || member.slice(0, eq).trim() !== SYNTHETIC_BAGGAGE_KEY) continue;
    const value = member.slice(eq + 1).split(';')[0]!.trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The marker a request carries: the `x-zeus-synthetic` header, else the `zeus.synthetic` baggage entry. */
export function markerOf(headers: Headers): string | undefined {
  const header = first(headers[SYNTHETIC_HEADER]);
  if (header !== undefined) return header;
  const baggage = headers.baggage;
  return typeof baggage === 'string' ? baggageMarker(baggage) : undefined;
}

/** The trace id of a W3C `traceparent` header (version 00 layout), if well formed. */
export function traceIdOf(traceparent: string | string[] | undefined): string | undefined {
  const value = first(traceparent)?.trim();
  if (!value || value.length < 55 || value.includes(',') || value[2] !== '-' || value[35] !== '-') return undefined;
  const traceId = value.slice(3, 35);
  return /^[0-9a-f]{32}$/.test(traceId) && !/^0+$/.test(traceId) ? traceId : undefined;
}

/** True when the request carries a marker signed with `key` for its own trace id. */
export function hasVerifiedMarker(headers: Headers, key: string | undefined): boolean {
  if (!key) return false;
  const marker = markerOf(headers);
  if (marker === undefined) return false;
  const traceId = traceIdOf(headers.traceparent);
  return traceId !== undefined && verifySyntheticMarker(key, marker, traceId);
}

/**
 * `'synthetic'` for monitoring traffic whose marker is authenticated (see `synthetic-marker.ts`):
 * verified by the server hook for the active request, or verified here from `req`'s headers
 * with `key`. Anything else, including an unsigned `x-zeus-synthetic: 1`, is `'user'`.
 */
export function trafficSourceWith(req: Pick<IncomingMessage, 'headers'> | undefined, key: string | undefined): 'user' | 'synthetic' {
  try {
    if (context.active().getValue(VERIFIED_SYNTHETIC) === true) return 'synthetic';
    if (req?.headers && hasVerifiedMarker(req.headers, key)) return 'synthetic';
  } catch {
    // fall through
  }
  return 'user';
}
