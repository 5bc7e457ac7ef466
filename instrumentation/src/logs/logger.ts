import { trace } from '@opentelemetry/api';
import { createRequire } from 'node:module';
import type { Logger, LoggerOptions, DestinationStream } from 'pino';
import { defaultRedactor, NEVER_CAPTURED_HEADERS, type Redactor } from '../redact/redactor.js';

/** Options of {@link createLogger}. */
export interface LoggerConfig {
  /** Logger name (the `name` field); default the service name. */
  name?: string;
  /** Minimum level; default `ZEUS_LOG_LEVEL`, else `info`. */
  level?: string;
  /** Fields added to every line; default the service fields of the running telemetry. */
  base?: Record<string, unknown>;
  /** Redactor for field values and messages; default the running telemetry's. */
  redactor?: Redactor;
  /** Where lines go; default stdout. */
  destination?: DestinationStream;
}

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Paths pino removes outright, wherever a request or response object is logged. */
const CENSORED_PATHS = [...NEVER_CAPTURED_HEADERS].flatMap((h) => [
  `req.headers["${h}"]`, `headers["${h}"]`, `res.headers["${h}"]`, `request.headers["${h}"]`,
]);

/**
 * Trace fields of the active span, as the OTel log data model names them; `{}` outside a span.
 * Used as pino's mixin, so it runs once per line and must stay cheap.
 */
export function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const ctx = span.spanContext();
  return {
    trace_id: ctx.traceId,
    span_id: ctx.spanId,
    trace_flags: ctx.traceFlags === 1 ? '01' : '00',
  };
}

/** Resolves a level name, falling back to `info` for anything pino does not know. */
export function parseLogLevel(value: string | undefined, fallback = 'info'): string {
  const level = value?.trim().toLowerCase();
  return level && LEVELS.has(level) ? level : fallback;
}

/**
 * Creates a pino logger whose lines carry `trace_id`, `span_id` and `trace_flags` whenever a
 * span is active, plus the service fields; messages and fields are FERPA-redacted, and
 * Authorization/Cookie/Set-Cookie headers are removed.
 */
export function createLoggerWith(config: LoggerConfig = {}): Logger {
  const redactor = config.redactor ?? defaultRedactor;
  const options: LoggerOptions = {
    level: parseLogLevel(config.level ?? process.env.ZEUS_LOG_LEVEL),
    base: { pid: process.pid, ...(config.base ?? {}) },
    mixin: traceFields,
    redact: { paths: CENSORED_PATHS, remove: true },
    hooks: {
      logMethod(args, method) {
        try {
          for (let i = 0; i < args.length; i++) {
            const arg = args[i] as unknown;
            if (typeof arg === 'string') args[i] = redactor.string(arg) as never;
            else if (arg !== null && typeof arg === 'object' && !(arg instanceof Error)) {
              args[i] = redactor.fields(arg as Record<string, unknown>) as never;
            }
          }
        } catch {
          // never lose the line because redaction failed
        }
        return method.apply(this, args as Parameters<typeof method>);
      },
    },
  };
  if (config.name) options.name = config.name;
  // Loaded on first use, so importing the package does not load pino (and so that, under the
  // register hook, pino is loaded after its instrumentation is in place).
  const { pino } = createRequire(import.meta.url)('pino') as typeof import('pino');
  const logger = config.destination ? pino(options, config.destination) : pino(options);
  // The pino instrumentation (when enabled) wraps the mixin to add the same trace fields; this
  // logger already adds them, so keep the single, cheaper mixin.
  (logger as unknown as Record<symbol, unknown>)[pino.symbols.mixinSym] = traceFields;
  return logger;
}
