import { verifySyntheticMarker } from '@zeus/instrumentation';
import { describe, expect, it } from 'vitest';
import { newSpanId, newTraceId, syntheticHeaders } from './trace-context.js';

describe('syntheticHeaders', () => {
  it('signs the synthetic marker for the run trace id when the prober has the shared key', () => {
    const traceId = newTraceId();
    const headers = syntheticHeaders(traceId, newSpanId(), 'shared-key');
    const marker = headers['x-zeus-synthetic']!;
    expect(verifySyntheticMarker('shared-key', marker, traceId)).toBe(true);
    expect(verifySyntheticMarker('shared-key', marker, newTraceId())).toBe(false);
    expect(headers.baggage).toBe(`zeus.synthetic=${marker}`);
    expect(headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });

  it('sends the unsigned marker (counted as user traffic by the services) without a key', () => {
    const headers = syntheticHeaders(newTraceId(), newSpanId(), undefined);
    expect(headers['x-zeus-synthetic']).toBe('1');
    expect(headers.baggage).toBe('zeus.synthetic=true');
  });
});
