import { randomBytes } from 'node:crypto';

/** Random lower-case hex id of `bytes` bytes that is not all zeros (W3C forbids that). */
function randomId(bytes: number): string {
  for (;;) {
    const id = randomBytes(bytes).toString('hex');
    if (!/^0+$/.test(id)) return id;
  }
}

/** A new 32-hex-digit W3C trace id. */
export function newTraceId(): string {
  return randomId(16);
}

/** A new 16-hex-digit W3C span id. */
export function newSpanId(): string {
  return randomId(8);
}

/** The `traceparent` header value (version 00, sampled) for a trace and parent span. */
export function traceparent(traceId: string, spanId: string): string {
  return `00-${traceId}-${spanId}-01`;
}

/**
 * Headers every request of a synthetic run carries: the W3C `traceparent` linking backend
 * traces to the run, `x-zeus-synthetic: 1` and the `zeus.synthetic=true` baggage so business
 * KPIs exclude the traffic.
 */
export function syntheticHeaders(traceId: string, spanId: string): Record<string, string> {
  return {
    traceparent: traceparent(traceId, spanId),
    'x-zeus-synthetic': '1',
    baggage: 'zeus.synthetic=true',
  };
}
