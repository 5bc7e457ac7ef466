import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/redact/redactor.js';
import { SafeBatchSpanProcessor } from '../src/traces/batch-processor.js';

function fakeSpan(sampled = true): ReadableSpan {
  return {
    name: 'GET /x',
    attributes: { 'url.query': 'email=a%40zeus.edu', 'db.query.text': "SELECT 1 FROM t WHERE id = 'S00012345'" },
    events: [],
    status: { code: 0 },
    spanContext: () => ({ traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: sampled ? 1 : 0 }),
  } as unknown as ReadableSpan;
}

function counters() {
  const c = { exported: 0, queue_full: 0, export_failed: 0, shutdown: 0, failed: 0, succeeded: 0 };
  return {
    c,
    stats: {
      exported: (n: number) => (c.exported += n),
      dropped: (reason: 'queue_full' | 'export_failed' | 'shutdown', n: number) => (c[reason] += n),
      failed: () => c.failed++,
      succeeded: () => c.succeeded++,
    },
  };
}

const limits = { scheduleDelayMs: 10_000, exportTimeoutMs: 200, maxQueueSize: 10, maxExportBatchSize: 4 };

describe('SafeBatchSpanProcessor', () => {
  it('exports redacted spans in batches and ignores unsampled ones', async () => {
    const batches: ReadableSpan[][] = [];
    const exporter: SpanExporter = { export: (spans, cb) => { batches.push(spans); cb({ code: 0 }); }, shutdown: async () => {} };
    const { c, stats } = counters();
    const p = new SafeBatchSpanProcessor(exporter, limits, createRedactor(), stats);
    for (let i = 0; i < 6; i++) p.onEnd(fakeSpan());
    p.onEnd(fakeSpan(false));
    await p.forceFlush();
    expect(batches.map((b) => b.length)).toEqual([4, 2]);
    expect(c.exported).toBe(6);
    expect(batches[0]![0]!.attributes).toEqual({ 'url.query': 'email=[REDACTED]', 'db.query.text': 'SELECT ? FROM t WHERE id = ?' });
  });

  it('bounds the queue, counts drops, and gives up on an exporter that never answers', async () => {
    const exporter: SpanExporter = { export: () => {}, shutdown: () => new Promise(() => {}) };
    const { c, stats } = counters();
    const p = new SafeBatchSpanProcessor(exporter, limits, createRedactor(), stats);
    for (let i = 0; i < 25; i++) p.onEnd(fakeSpan());
    expect(p.queueSize).toBeLessThanOrEqual(10);
    expect(c.queue_full).toBeGreaterThanOrEqual(15 - 4);
    const started = Date.now();
    await p.shutdown(1000);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(c.failed).toBeGreaterThan(0);
    expect(c.export_failed + c.shutdown + c.queue_full + c.exported).toBe(25);
    p.onEnd(fakeSpan());
    expect(p.queueSize).toBe(0);
  });

  it('survives an exporter that throws', async () => {
    const exporter: SpanExporter = { export: () => { throw new Error('boom'); }, shutdown: async () => {} };
    const { c, stats } = counters();
    const p = new SafeBatchSpanProcessor(exporter, limits, createRedactor(), stats);
    p.onEnd(fakeSpan());
    await expect(p.forceFlush()).resolves.toBeUndefined();
    expect(c.export_failed).toBe(1);
  });
});
