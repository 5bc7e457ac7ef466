import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { PresetIdGenerator, rootSpanStarter } from '../src/traces/root-sampling.js';

const require = createRequire(import.meta.url);
const base = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');

describe('rootSpanStarter', () => {
  it('keeps exactly the traces the configured sampler keeps, with the trace id it decided on', () => {
    const ids = new PresetIdGenerator();
    const sampler = new base.TraceIdRatioBasedSampler(0.25);
    const recorded: string[] = [];
    const provider = new base.BasicTracerProvider({
      idGenerator: ids,
      sampler: new base.ParentBasedSampler({ root: sampler }),
      spanProcessors: [{ onStart: () => {}, onEnd: (s) => recorded.push(s.spanContext().traceId), forceFlush: async () => {}, shutdown: async () => {} }],
    });
    const start = rootSpanStarter(provider.getTracer('t'), sampler, ids);
    let kept = 0;
    for (let i = 0; i < 4000; i++) {
      const span = start('GET');
      const ctx = span.spanContext();
      expect(ctx.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(ctx.spanId).toMatch(/^[0-9a-f]{16}$/);
      const decided = sampler.shouldSample({} as never, ctx.traceId).decision === base.SamplingDecision.RECORD_AND_SAMPLED;
      expect(span.isRecording()).toBe(decided);
      expect(ctx.traceFlags).toBe(decided ? 1 : 0);
      if (decided) kept++;
      span.end();
    }
    expect(kept / 4000).toBeGreaterThan(0.2);
    expect(kept / 4000).toBeLessThan(0.3);
    expect(recorded).toHaveLength(kept);
    // the preset id is used once: an ordinary root span afterwards gets a fresh trace id
    const other = provider.getTracer('t').startSpan('x');
    expect(recorded).not.toContain(other.spanContext().traceId);
  });
});
