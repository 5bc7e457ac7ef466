import { ROOT_CONTEXT, SpanKind, SamplingDecision, trace, type Context, type Span, type SpanContext } from '@opentelemetry/api';
import type { IdGenerator, Sampler } from '@opentelemetry/sdk-trace-base';

/**
 * IDs as the SDK's random generator makes them, except that the next trace id can be decided
 * ahead: the server path draws a root trace id, asks the sampler, and only hands it to the SDK
 * when the trace is kept (so the SDK's own decision on the same id agrees).
 */
export class PresetIdGenerator implements IdGenerator {
  private next: string | undefined;
  private readonly buffer = Buffer.allocUnsafe(16);

  /** The trace id the next `generateTraceId()` returns (`undefined` clears it). */
  preset(traceId: string | undefined): void {
    this.next = traceId;
  }

  generateTraceId(): string {
    const preset = this.next;
    if (preset !== undefined) {
      this.next = undefined;
      return preset;
    }
    return this.random(16);
  }

  generateSpanId(): string {
    return this.random(8);
  }

  random(bytes: 8 | 16): string {
    const buffer = this.buffer;
    for (let i = 0; i < bytes; i += 4) buffer.writeUInt32BE((Math.random() * 2 ** 32) >>> 0, i);
    if (buffer.readUInt32BE(0) === 0 && buffer.readUInt32BE(4) === 0) buffer[bytes - 1] = 1;
    return buffer.toString('hex', 0, bytes);
  }
}

/**
 * Starts root SERVER spans cheaply: a trace the root sampler drops becomes a non-recording span
 * carrying fresh ids (its context still propagates, flagged not sampled) without going through
 * the SDK; a kept trace is started by the SDK with the same trace id, so sampling semantics are
 * exactly the configured sampler's.
 */
export function rootSpanStarter(
  tracer: { startSpan(name: string, options: { kind: SpanKind }, context: typeof ROOT_CONTEXT): Span },
  rootSampler: Sampler,
  ids: PresetIdGenerator,
): (name: string) => Span {
  return (name) => {
    const traceId = ids.random(16);
    const decision = rootSampler.shouldSample(ROOT_CONTEXT, traceId, name, SpanKind.SERVER, {}, []).decision;
    if (decision === SamplingDecision.NOT_RECORD) {
      return trace.wrapSpanContext({ traceId, spanId: ids.random(8), traceFlags: 0 });
    }
    ids.preset(traceId);
    try {
      return tracer.startSpan(name, { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    } finally {
      ids.preset(undefined);
    }
  };
}

/**
 * Starts SERVER spans under a remote parent whose sampled flag comes from an untrusted client:
 * the trace id and parent span are kept (the client can still correlate), but whether the
 * span is recorded is the root sampler's decision on a fresh random id, so a client cannot
 * choose to be traced (by `-01`, nor by picking a trace id the ratio sampler would keep). Its
 * trace state is dropped too.
 */
export function untrustedChildStarter(
  tracer: { startSpan(name: string, options: { kind: SpanKind }, context: Context): Span },
  rootSampler: Sampler,
  ids: PresetIdGenerator,
): (name: string, parent: Context, remote: SpanContext) => Span {
  return (name, parent, remote) => {
    const decision = rootSampler.shouldSample(ROOT_CONTEXT, ids.random(16), name, SpanKind.SERVER, {}, []).decision;
    if (decision === SamplingDecision.NOT_RECORD) {
      return trace.wrapSpanContext({ traceId: remote.traceId, spanId: ids.random(8), traceFlags: 0 });
    }
    const kept: SpanContext = { traceId: remote.traceId, spanId: remote.spanId, traceFlags: 1, isRemote: true };
    return tracer.startSpan(name, { kind: SpanKind.SERVER }, trace.setSpanContext(parent, kept));
  };
}
