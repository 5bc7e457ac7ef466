import { trace } from '@opentelemetry/api';
import { createRequire } from 'node:module';
import type { Logger, LoggerOptions, DestinationStream } from 'pino';
import { defaultRedactor, NEVER_CAPTURED_HEADERS, type Redactor } from '../redact/index.js';

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
 * Redacts the arguments of one log call in place: strings scanned, objects redacted field by
 * field, and an Error given first becomes `{ err }` with its redacted message as the message
 * (what pino itself does with an Error, minus the student data).
 */
function redactArguments(args: unknown[], redactor: Redactor): void {
  const first = args[0];
  if (first instanceof Error) {
    const err = redactor.error(first);
    args[0] = { err };
    if (typeof args[1] !== 'string') args.splice(1, 0, err.message);
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (typeof arg === 'string') args[i] = redactor.string(arg);
    else if (arg instanceof Error) args[i] = redactor.errorText(String(arg.message));
    else if (arg !== null && typeof arg === 'object') args[i] = redactor.fields(arg as Record<string, unknown>);
  }
}

/** pino serializer for `err`/`error`: Errors that reach pino without passing the hook (child bindings) are redacted too. */
function errorSerializer(redactor: Redactor): (value: unknown) => unknown {
  return (value) => {
    try {
      return value instanceof Error ? redactor.error(value) : value;
    } catch {
      return '[REDACTED]';
    }
  };
}

/** Child loggers' bindings do not pass the log-method hook: redact them when the child is made. */
function redactChildBindings(logger: Logger, redactor: Redactor): void {
  const child = logger.child;
  // Children inherit from their parent (pino creates them with Object.create), so this one
  // override covers every descendant.
  logger.child = function (this: Logger, bindings, options) {
    let safe = bindings;
    try {
      safe = redactor.fields(bindings as Record<string, unknown>) as typeof bindings;
    } catch {
      safe = {} as typeof bindings;
    }
    return child.call(this, safe, options);
  } as Logger['child'];
}

function loggerOptions(config: LoggerConfig, redactor: Redactor): LoggerOptions {
  const serializer = errorSerializer(redactor);
  const options: LoggerOptions = {
    level: parseLogLevel(config.level ?? process.env.ZEUS_LOG_LEVEL),
    base: { pid: process.pid, ...(config.base ?? {}) },
    mixin: traceFields,
    redact: { paths: CENSORED_PATHS, remove: true },
    serializers: { err: serializer, error: serializer },
    hooks: {
      logMethod(args, method) {
        try {
          redactArguments(args as unknown[], redactor);
        } catch {
          // never lose the line because redaction failed; drop its arguments instead
          args.splice(0, args.length, '[REDACTED]' as never);
        }
        return method.apply(this, args as Parameters<typeof method>);
      },
    },
  };
  if (config.name) options.name = config.name;
  return options;
}

/**
 * Creates a pino logger whose lines carry `trace_id`, `span_id` and `trace_flags` whenever a
 * span is active, plus the service fields; messages, fields, errors (message and stack) and
 * child bindings are FERPA-redacted, and Authorization/Cookie/Set-Cookie headers are removed.
 */
export function createLoggerWith(config: LoggerConfig = {}): Logger {
  const redactor = config.redactor ?? defaultRedactor;
  const options = loggerOptions(config, redactor);
  // Loaded on first use, so importing the package does not load pino (and so that, under the
  // register hook, pino is loaded after its instrumentation is in place).
  const { pino } = createRequire(import.meta.url)('pino') as typeof import('pino');
  const logger = config.destination ? pino(options, config.destination) : pino(options);
  // The pino instrumentation (when enabled) wraps the mixin to add the same trace fields; this
  // logger already adds them, so keep the single, cheaper mixin.
  (logger as unknown as Record<symbol, unknown>)[pino.symbols.mixinSym] = traceFields;
  redactChildBindings(logger, redactor);
  return logger;
}
