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

/** The markers a request carries: the `x-zeus-synthetic` header and the `zeus.synthetic` baggage entry. */
function markersOf(headers: Headers): string[] {
  const out: string[] = [];
  const header = first(headers[SYNTHETIC_HEADER]);
  if (header !== undefined) out.push(header.trim());
  const baggage = headers.baggage;
  const fromBaggage = typeof baggage === 'string' ? baggageMarker(baggage) : undefined;
  if (fromBaggage !== undefined) out.push(fromBaggage.trim());
  return out;
}

/** The trace id of a W3C `traceparent` header (version 00 layout), if well formed. */
function traceIdOf(traceparent: string | string[] | undefined): string | undefined {
  const value = first(traceparent)?.trim();
  if (!value || value.length < 55 || value.includes(',') || value[2] !== '-' || value[35] !== '-') return undefined;
  const traceId = value.slice(3, 35);
  return /^[0-9a-f]{32}$/.test(traceId) && !/^0+$/.test(traceId) ? traceId : undefined;
}

/**
 * The marker signed with `key` for the request's own trace id, if the request carries one (in
 * the header or in baggage: a service may forward an unsigned header beside the propagated,
 * signed baggage entry).
 */
export function verifiedMarker(headers: Headers, key: string | undefined): string | undefined {
  if (!key) return undefined;
  const markers = markersOf(headers);
  if (markers.length === 0) return undefined;
  const traceId = traceIdOf(headers.traceparent);
  if (traceId === undefined) return undefined;
  return markers.find((marker) => verifySyntheticMarker(key, marker, traceId));
}

/**
 * `'synthetic'` for monitoring traffic whose marker is authenticated (see `synthetic-marker.ts`):
 * verified by the server hook for the active request, or verified here from `req`'s headers
 * with `key`. Anything else, including an unsigned `x-zeus-synthetic: 1`, is `'user'`.
 */
export function trafficSourceWith(req: Pick<IncomingMessage, 'headers'> | undefined, key: string | undefined): 'user' | 'synthetic' {
  try {
    if (context.active().getValue(VERIFIED_SYNTHETIC) === true) return 'synthetic';
    if (req?.headers && verifiedMarker(req.headers, key) !== undefined) return 'synthetic';
  } catch {
    // fall through
  }
  return 'user';
}
