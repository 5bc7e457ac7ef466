import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { dbClientOperationDuration } from '../catalog/http.js';
import type { MetricRecorder } from '../metrics/recorder.js';
import { defaultRedactor, type Redactor } from '../redact/index.js';

/** One database operation, described as the OTel database semantic conventions name it. */
export interface DbOperation {
  /** `db.system.name`, e.g. `sqlite`, `postgresql`. */
  system: string;
  /** `db.operation.name`, e.g. `SELECT`, `INSERT`. */
  operation: string;
  /** `db.collection.name`: the table. */
  collection?: string;
  /** `db.query.text`; literals and parameters are replaced with `?` before it is recorded. */
  statement?: string;
}

/** What {@link runDbSpan} needs from the running telemetry. */
export interface DbSpanDeps {
  recorder?: MetricRecorder;
  redactor?: Redactor;
}

const TRACER_NAME = '@zeus/instrumentation';

function errorType(error: unknown): string {
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.length <= 64) return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name.length <= 64) return name;
  }
  return '_OTHER';
}

/**
 * Runs `fn` inside a client span for a database call and records
 * `db_client_operation_duration_seconds`. Works for synchronous drivers (better-sqlite3) and
 * promises alike; the result or error of `fn` is passed through unchanged.
 */
export function runDbSpan<T>(op: DbOperation, fn: () => T, deps: DbSpanDeps = {}): T {
  let span: Span | undefined;
  let started = 0;
  try {
    const redactor = deps.redactor ?? defaultRedactor;
    const collection = op.collection;
    const attributes: Record<string, string> = {
      'db.system.name': op.system,
      'db.operation.name': op.operation,
    };
    if (collection) attributes['db.collection.name'] = collection;
    if (op.statement) attributes['db.query.text'] = redactor.sql(op.statement);
    span = trace.getTracer(TRACER_NAME).startSpan(
      collection ? `${op.operation} ${collection}` : op.operation,
      { kind: SpanKind.CLIENT, attributes },
    );
    started = performance.now();
  } catch {
    span = undefined;
  }
  if (!span) return fn();

  const activeSpan = span;
  const finish = (error: unknown) => {
    try {
      const seconds = (performance.now() - started) / 1000;
      const type = error === undefined ? '' : errorType(error);
      if (error !== undefined) {
        activeSpan.setAttribute('error.type', type);
        activeSpan.setStatus({ code: SpanStatusCode.ERROR });
        if (error instanceof Error) {
          const redacted = (deps.redactor ?? defaultRedactor).error(error);
          activeSpan.recordException({ name: redacted.type, message: redacted.message, ...(redacted.stack ? { stack: redacted.stack } : {}) });
        }
      }
      deps.recorder?.histogram(dbClientOperationDuration).observe(
        {
          db_system_name: op.system,
          db_operation_name: op.operation,
          db_collection_name: op.collection ?? '',
          error_type: type,
        },
        seconds,
        activeSpan.spanContext(),
      );
      activeSpan.end();
    } catch {
      // never throw into the app
    }
  };

  let result: T;
  try {
    result = context.with(trace.setSpan(context.active(), activeSpan), fn);
  } catch (error) {
    finish(error ?? new Error('thrown'));
    throw error;
  }
  if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
    return (result as unknown as Promise<unknown>).then(
      (value) => {
        finish(undefined);
        return value;
      },
      (error: unknown) => {
        finish(error ?? new Error('rejected'));
        throw error;
      },
    ) as T;
  }
  finish(undefined);
  return result;
}
