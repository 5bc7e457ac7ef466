import type { IncomingMessage } from 'node:http';
import { propagation, context } from '@opentelemetry/api';

/** Header a synthetic probe sets to mark its traffic. */
export const SYNTHETIC_HEADER = 'x-zeus-synthetic';
/** W3C baggage entry that marks synthetic traffic across service hops. */
export const SYNTHETIC_BAGGAGE_KEY = 'zeus.synthetic';

const TRUTHY = new Set(['1', 'true', 'yes', 'on']);

function baggageSaysSynthetic(header: string): boolean {
  for (const member of header.split(',')) {
    const eq = member.indexOf('=');
    if (eq < 0) continue;
    if (member.slice(0, eq).trim() !== SYNTHETIC_BAGGAGE_KEY) continue;
    const value = member.slice(eq + 1).split(';')[0]!.trim();
    try {
      return TRUTHY.has(decodeURIComponent(value).toLowerCase());
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * `'synthetic'` for monitoring traffic (header `x-zeus-synthetic` truthy, or W3C baggage
 * `zeus.synthetic=true` on the request or in the active context), else `'user'`. Business
 * metrics use it as their `source` label.
 */
export function trafficSource(req?: Pick<IncomingMessage, 'headers'>): 'user' | 'synthetic' {
  try {
    const headers = req?.headers;
    if (headers) {
      const flag = headers[SYNTHETIC_HEADER];
      if (typeof flag === 'string' && TRUTHY.has(flag.trim().toLowerCase())) return 'synthetic';
      const baggage = headers.baggage;
      if (typeof baggage === 'string' && baggage.includes(SYNTHETIC_BAGGAGE_KEY) && baggageSaysSynthetic(baggage)) {
        return 'synthetic';
      }
    }
    const entry = propagation.getBaggage(context.active())?.getEntry(SYNTHETIC_BAGGAGE_KEY);
    if (entry && TRUTHY.has(entry.value.toLowerCase())) return 'synthetic';
  } catch {
    // fall through
  }
  return 'user';
}
