import { randomBytes } from 'node:crypto';
import { readSyntheticKey, signSyntheticMarker } from '@zeus/instrumentation';

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
 * traces to the run, and the synthetic marker in `x-zeus-synthetic` and `zeus.synthetic`
 * baggage so business KPIs exclude the traffic. The services count the marker only when it is
 * signed with their shared key (`ZEUS_SYNTHETIC_KEY_FILE`, read by default from the prober's
 * environment): without a key the marker is the plain `1`/`true`, which they count as user
 * traffic (requests from the synthetic accounts are still told apart by the account).
 */
export function syntheticHeaders(traceId: string, spanId: string, key: string | undefined = readSyntheticKey(process.env)): Record<string, string> {
  const marker = key ? signSyntheticMarker(key, traceId) : undefined;
  return {
    traceparent: traceparent(traceId, spanId),
    'x-zeus-synthetic': marker ?? '1',
    baggage: `zeus.synthetic=${marker ?? 'true'}`,
  };
}
