import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Redactor } from '../redact/index.js';
import { redactSpan } from './redact-span.js';

/** What the processor reports, so telemetry-health metrics can count it. */
export interface ExportStats {
  exported(count: number): void;
  dropped(reason: 'queue_full' | 'export_failed' | 'shutdown', count: number): void;
  failed(): void;
  succeeded(unixSeconds: number): void;
}

/** Limits of {@link SafeBatchSpanProcessor}, as the `OTEL_BSP_*` variables set them. */
export interface BatchLimits {
  scheduleDelayMs: number;
  exportTimeoutMs: number;
  maxQueueSize: number;
  maxExportBatchSize: number;
}

const SUCCESS = 0;
/** Most spans redacted and serialised in one go (one export request). */
const EXPORT_CHUNK = 64;

/**
 * A batch span processor that cannot hurt the app: a bounded queue (overflow is dropped and
 * counted), at most one export in flight, every export bounded by a timeout whether or not the
 * exporter answers, no timers keeping the process alive, and no rejection ever escaping.
 * Span attributes are FERPA-redacted here, off the request path, before export.
 */
export class SafeBatchSpanProcessor implements SpanProcessor {
  private queue: ReadableSpan[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerDelay = 0;
  private inFlight: Promise<void> | undefined;
  /** The batch being exported, until its export settles. */
  private inFlightBatch: ReadableSpan[] | undefined;
  private stopped = false;

  constructor(
    private readonly exporter: SpanExporter,
    private readonly limits: BatchLimits,
    private readonly redactor: Redactor,
    private readonly stats: ExportStats,
  ) {}

  /** Spans waiting to be exported. */
  get queueSize(): number {
    return this.queue.length;
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (this.stopped || (span.spanContext().traceFlags & 1) === 0) return;
    if (this.queue.length >= this.limits.maxQueueSize) {
      this.stats.dropped('queue_full', 1);
      return;
    }
    this.queue.push(span);
    if (this.queue.length >= this.limits.maxExportBatchSize) this.kick(0);
    else if (!this.timer) this.kick(this.limits.scheduleDelayMs);
  }

  private kick(delayMs: number): void {
    if (this.inFlight) return;
    // An export already scheduled at least this soon stands (no timer churn per span).
    if (this.timer && (delayMs > 0 || this.timerDelay === 0)) return;
    clearTimeout(this.timer);
    this.timerDelay = delayMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.exportNext();
    }, delayMs);
    this.timer.unref();
  }

  private exportNext(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.queue.length === 0) return Promise.resolve();
    const batch = this.queue.splice(0, this.limits.maxExportBatchSize);
    this.inFlightBatch = batch;
    this.inFlight = this.exportBatch(batch).finally(() => {
      this.inFlight = undefined;
      this.inFlightBatch = undefined;
      if (this.queue.length > 0 && !this.stopped) {
        this.kick(this.queue.length >= this.limits.maxExportBatchSize ? 0 : this.limits.scheduleDelayMs);
      }
    });
    return this.inFlight;
  }

  /**
   * Exports a batch as consecutive requests of at most {@link EXPORT_CHUNK} spans, yielding to
   * the event loop before each: redaction and OTLP serialisation are synchronous, and a 512-span
   * batch in one go would hold the loop for tens of milliseconds. A chunk that fails or times out
   * drops the rest of the batch (counted), as a failed batch always did.
   */
  private async exportBatch(batch: ReadableSpan[]): Promise<void> {
    for (let i = 0; i < batch.length; i += EXPORT_CHUNK) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const chunk = batch.slice(i, i + EXPORT_CHUNK);
      if (!(await this.exportChunk(chunk))) {
        if (i + chunk.length < batch.length) this.stats.dropped('export_failed', batch.length - i - chunk.length);
        return;
      }
    }
  }

  /** Redacts and exports one chunk within the export timeout; true when the exporter accepted it. */
  private exportChunk(chunk: ReadableSpan[]): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      let settled = false;
      const done = (ok: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        if (ok) {
          this.stats.exported(chunk.length);
          this.stats.succeeded(Date.now() / 1000);
        } else {
          this.stats.failed();
          this.stats.dropped('export_failed', chunk.length);
        }
        resolve(ok);
      };
      const timeout = setTimeout(() => done(false), this.limits.exportTimeoutMs);
      timeout.unref();
      try {
        for (const span of chunk) redactSpan(span, this.redactor);
        this.exporter.export(chunk, (result) => done(result.code === SUCCESS));
      } catch {
        done(false);
      }
    });
  }

  /**
   * Stops the processor and hands over every span not yet delivered (redacted): the batch whose
   * export has not settled, then the queue. For an exit that cannot wait for the event loop; a
   * batch whose request was already answered but not yet reported may be sent twice.
   */
  takePending(): ReadableSpan[] {
    try {
      this.stopped = true;
      clearTimeout(this.timer);
      this.timer = undefined;
      const queued = this.queue;
      this.queue = [];
      for (const span of queued) redactSpan(span, this.redactor);
      const pending = [...(this.inFlightBatch ?? []), ...queued];
      this.inFlightBatch = undefined;
      return pending;
    } catch {
      return [];
    }
  }

  /** Exports everything queued now, within the export timeout per batch. */
  async forceFlush(): Promise<void> {
    try {
      clearTimeout(this.timer);
      this.timer = undefined;
      while (this.queue.length > 0 || this.inFlight) {
        await (this.inFlight ?? this.exportNext());
      }
    } catch {
      // flushing is best effort
    }
  }

  /** Flushes, stops accepting spans and shuts the exporter down; bounded by `timeoutMs`. */
  async shutdown(timeoutMs = this.limits.exportTimeoutMs): Promise<void> {
    if (this.stopped) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref();
    });
    await Promise.race([this.forceFlush(), deadline]);
    clearTimeout(timer);
    this.stopped = true;
    if (this.queue.length > 0) {
      this.stats.dropped('shutdown', this.queue.length);
      this.queue = [];
    }
    try {
      await Promise.race([this.exporter.shutdown(), new Promise((r) => setTimeout(r, 100).unref())]);
    } catch {
      // ignore
    }
  }
}
