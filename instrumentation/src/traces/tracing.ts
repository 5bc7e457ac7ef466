import type { createRequire } from 'node:module';
import { context, diag, DiagLogLevel, propagation, trace, type Context, type DiagLogger, type Span, type SpanContext } from '@opentelemetry/api';
import type { Sampler, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ResolvedConfig } from '../config/options.js';
import type { WarnFn } from '../diag.js';
import type { Redactor } from '../redact/index.js';
import { resourceAttributes } from '../resource.js';
import { SafeBatchSpanProcessor, type ExportStats } from './batch-processor.js';
import { createInstrumentations } from './instrumentations.js';
import { exportSync } from './sync-export.js';
import { PresetIdGenerator, rootSpanStarter, untrustedChildStarter } from './root-sampling.js';

type Require = ReturnType<typeof createRequire>;

/** The trace pipeline as started: flush and shut it down through these. */
export interface Tracing {
  readonly processor: SafeBatchSpanProcessor | undefined;
  /** Starts a root SERVER span (no parent) with the configured sampling, skipping the SDK for dropped traces. */
  readonly startRootServerSpan: (name: string) => Span;
  /** Starts a SERVER span under an untrusted remote parent: the root sampler decides, not the parent's flag. */
  readonly startUntrustedServerSpan: (name: string, parent: Context, remote: SpanContext) => Span;
  forceFlush(): Promise<void>;
  /** Exports every pending span synchronously (the process is exiting), at most `timeoutMs`. */
  flushSync(timeoutMs: number): void;
  shutdown(timeoutMs: number): Promise<void>;
}

const DIAG_LEVELS: Record<string, DiagLogLevel> = {
  none: DiagLogLevel.NONE, error: DiagLogLevel.ERROR, warn: DiagLogLevel.WARN, info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG, verbose: DiagLogLevel.VERBOSE, all: DiagLogLevel.ALL,
};

function diagLogger(warn: WarnFn): DiagLogger {
  const line = (level: string) => (message: string, ...args: unknown[]) =>
    warn(`otel ${level}: ${[message, ...args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a)))].join(' ').slice(0, 500)}`);
  return { error: line('error'), warn: line('warn'), info: line('info'), debug: line('debug'), verbose: line('verbose') };
}

/** The sampler used for spans without a parent (what parent-based samplers delegate roots to). */
function createRootSampler(config: ResolvedConfig, req: Require): Sampler {
  const base = req('@opentelemetry/sdk-trace-base');
  switch (config.sampler) {
    case 'always_on': case 'parentbased_always_on': return new base.AlwaysOnSampler();
    case 'always_off': case 'parentbased_always_off': return new base.AlwaysOffSampler();
    default:
      return config.samplerRatio >= 1 ? new base.AlwaysOnSampler()
        : config.samplerRatio <= 0 ? new base.AlwaysOffSampler()
        : new base.TraceIdRatioBasedSampler(config.samplerRatio);
  }
}

function createSampler(config: ResolvedConfig, req: Require): Sampler {
  const base = req('@opentelemetry/sdk-trace-base');
  // A ratio of 1 (or 0) is decided without hashing the trace id.
  const ratio =
    config.samplerRatio >= 1 ? new base.AlwaysOnSampler()
    : config.samplerRatio <= 0 ? new base.AlwaysOffSampler()
    : new base.TraceIdRatioBasedSampler(config.samplerRatio);
  switch (config.sampler) {
    case 'always_on': return new base.AlwaysOnSampler();
    case 'always_off': return new base.AlwaysOffSampler();
    case 'traceidratio': return ratio;
    case 'parentbased_always_on': return new base.ParentBasedSampler({ root: new base.AlwaysOnSampler() });
    case 'parentbased_always_off': return new base.ParentBasedSampler({ root: new base.AlwaysOffSampler() });
    default: return new base.ParentBasedSampler({ root: ratio });
  }
}

function createExporter(config: ResolvedConfig, req: Require): SpanExporter {
  const pkg = config.protocol === 'http/json' ? '@opentelemetry/exporter-trace-otlp-http' : '@opentelemetry/exporter-trace-otlp-proto';
  const { OTLPTraceExporter } = req(pkg);
  return new OTLPTraceExporter({
    url: config.tracesEndpoint,
    headers: config.otlpHeaders,
    timeoutMillis: Math.min(config.otlpTimeoutMs, config.bsp.exportTimeoutMs),
    concurrencyLimit: 2,
  });
}

/**
 * Starts the trace pipeline: global tracer provider with the configured sampler and resource,
 * AsyncLocalStorage context, W3C tracecontext + baggage propagation, the safe batch processor
 * in front of the OTLP/HTTP exporter, and the curated instrumentations.
 */
export function startTracing(config: ResolvedConfig, req: Require, warn: WarnFn, redactor: Redactor, stats: ExportStats): Tracing {
  diag.setLogger(diagLogger(warn), { logLevel: DIAG_LEVELS[config.diagLevel] ?? DiagLogLevel.WARN, suppressOverrideMessage: true });

  const { AsyncLocalStorageContextManager } = req('@opentelemetry/context-async-hooks');
  const core = req('@opentelemetry/core');
  const { resourceFromAttributes, defaultResource } = req('@opentelemetry/resources');
  const { BasicTracerProvider } = req('@opentelemetry/sdk-trace-base');

  const contextManager = new AsyncLocalStorageContextManager();
  contextManager.enable();
  context.setGlobalContextManager(contextManager);

  const propagators = [];
  if (config.propagators.includes('tracecontext')) propagators.push(new core.W3CTraceContextPropagator());
  if (config.propagators.includes('baggage')) propagators.push(new core.W3CBaggagePropagator());
  propagation.setGlobalPropagator(new core.CompositePropagator({ propagators }));

  let processor: SafeBatchSpanProcessor | undefined;
  if (config.tracesEndpoint) {
    processor = new SafeBatchSpanProcessor(createExporter(config, req), config.bsp, redactor, stats);
  }
  const resource = defaultResource().merge(resourceFromAttributes(resourceAttributes(config)));
  const ids = new PresetIdGenerator();
  const provider = new BasicTracerProvider({
    resource,
    idGenerator: ids,
    sampler: createSampler(config, req),
    spanProcessors: processor ? [processor] : [],
  });
  trace.setGlobalTracerProvider(provider);

  const instrumentations = createInstrumentations(config.instrumentations, req, warn);
  let unload: () => void = () => {};
  if (instrumentations.length > 0) {
    const { registerInstrumentations } = req('@opentelemetry/instrumentation');
    unload = registerInstrumentations({ instrumentations, tracerProvider: provider });
  }

  const tracer = provider.getTracer('@zeus/instrumentation');
  const rootSampler = createRootSampler(config, req);
  return {
    processor,
    startRootServerSpan: rootSpanStarter(tracer, rootSampler, ids),
    startUntrustedServerSpan: untrustedChildStarter(tracer, rootSampler, ids),
    async forceFlush() {
      await processor?.forceFlush();
    },
    flushSync(timeoutMs: number) {
      const pending = processor?.takePending() ?? [];
      if (pending.length === 0 || !config.tracesEndpoint) return;
      const target = { url: config.tracesEndpoint, headers: config.otlpHeaders, protocol: config.protocol };
      if (exportSync(pending, target, timeoutMs, req)) {
        stats.exported(pending.length);
        stats.succeeded(Date.now() / 1000);
      } else {
        stats.dropped('shutdown', pending.length);
      }
    },
    async shutdown(timeoutMs: number) {
      await processor?.shutdown(timeoutMs);
      try {
        unload();
        trace.disable();
        propagation.disable();
        context.disable();
      } catch {
        // best effort
      }
    },
  };
}
