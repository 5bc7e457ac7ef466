import type { Request } from 'express';
import type { TrafficSourceOf } from './deps.js';

/** Header that marks a request as synthetic-monitoring traffic. */
export const SYNTHETIC_HEADER = 'x-zeus-synthetic';

/**
 * Fallback for `trafficSource` when none is passed in: the `x-zeus-synthetic` header (any value
 * but `0`/`false`) or W3C baggage `zeus.synthetic=true` marks a synthetic request.
 */
export const headerTrafficSource: TrafficSourceOf = (request) => {
  const header = request.headers[SYNTHETIC_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  if (value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false') return 'synthetic';
  const baggage = request.headers.baggage;
  const text = Array.isArray(baggage) ? baggage.join(',') : (baggage ?? '');
  return /(^|,)\s*zeus\.synthetic\s*=\s*true\s*(;|,|$)/i.test(text) ? 'synthetic' : 'user';
};

/** `synthetic` when the account is a monitoring account or the request is tagged as a probe. */
export function sourceOf(
  request: Request,
  trafficSource: TrafficSourceOf,
  account?: { synthetic: boolean },
): 'user' | 'synthetic' {
  return account?.synthetic || trafficSource(request) === 'synthetic' ? 'synthetic' : 'user';
}
