import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import {
  context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer,
} from '@opentelemetry/api';
import { HTTP_METHODS, type httpServerRequestDuration } from '../catalog/http.js';
import type { HistogramHandle } from '../metrics/recorder.js';
import { routeOf } from './route.js';
import { SYNTHETIC_BAGGAGE_KEY, SYNTHETIC_HEADER, trafficSource } from './traffic-source.js';

/** What the server hook needs from the running telemetry. */
export interface ServerHookDeps {
  tracer: Tracer;
  /** Starts a root SERVER span for requests without trace context (default: `tracer.startSpan`). */
  startRootSpan?: (name: string) => Span;
  duration: HistogramHandle<typeof httpServerRequestDuration>;
  /** Paths (exact, without query) neither traced nor measured. */
  excludePaths: readonly string[];
}

interface RequestState {
  span: Span;
  start: number;
  req: IncomingMessage;
  method: string;
}

const STATE = Symbol('zeus.request');
const PATCHED = Symbol('zeus.patched');
/** Set on a server instance to keep its requests out of traces and RED metrics (the `/metrics` server). */
export const UNTRACED = Symbol.for('@zeus/instrumentation.untraced');
const KNOWN_METHODS: ReadonlySet<string> = new Set(HTTP_METHODS);
// Status codes as strings, so the hot path does not allocate one per request.
const STATUS_TEXT: string[] = Array.from({ length: 600 }, (_, i) => String(i));

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
type Stateful = ServerResponse & { [STATE]?: RequestState };

/**
 * The lean server path: wraps `emit('request')` of http and https servers, so each request
 * gets one SERVER span (W3C context extracted from its headers), runs the app inside that span's
 * context, and on completion records `http_server_request_duration_seconds` with the route
 * template and a trace exemplar. Costs a fraction of the stock http instrumentation because it
 * patches nothing per request and captures the route from Express's own `req.route`.
 * Returns a function that removes the hook.
 */
export function installServerHook(deps: ServerHookDeps): () => void {
  const exclude = new Set(deps.excludePaths);
  const { tracer, duration } = deps;
  const startRoot = deps.startRootSpan ?? ((name: string) => tracer.startSpan(name, { kind: SpanKind.SERVER }, ROOT_CONTEXT));

  function onClose(this: Stateful): void {
    const state = this[STATE];
    if (!state) return;
    this[STATE] = undefined;
    try {
      const seconds = (performance.now() - state.start) / 1000;
      const route = routeOf(state.req);
      const status = this.statusCode;
      const statusText = STATUS_TEXT[status] ?? String(status);
      const errorType = !this.writableFinished ? 'aborted' : status >= 500 ? statusText : '';
      const span = state.span;
      const spanContext = span.spanContext();
      duration.observe(
        { http_request_method: state.method as (typeof HTTP_METHODS)[number], http_route: route, http_response_status_code: statusText, error_type: errorType },
        seconds,
        spanContext,
      );
      if (span.isRecording()) {
        span.updateName(`${state.method} ${route}`);
        span.setAttribute('http.route', route);
        span.setAttribute('http.response.status_code', status);
        if (errorType) {
          span.setAttribute('error.type', errorType);
          if (status >= 500 || errorType === 'aborted') span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span.end();
      }
    } catch {
      // never throw into the app
    }
  }

  function handle(server: unknown, emit: Emit, req: IncomingMessage, res: Stateful): boolean {
    let ctx;
    try {
      if ((server as Record<symbol, unknown>)[UNTRACED]) return emit.call(server, 'request', req, res);
      // An OTLP receiver in the same process (tests, collectors) must not trace the exporter's
      // own requests, or every export would produce a span to export.
      const ua = req.headers['user-agent'];
      if (ua !== undefined && ua.startsWith('OTel-OTLP-Exporter')) return emit.call(server, 'request', req, res);
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const path = q < 0 ? url : url.slice(0, q);
      if (exclude.has(path)) return emit.call(server, 'request', req, res);
      const rawMethod = req.method ?? 'GET';
      const method = KNOWN_METHODS.has(rawMethod) ? rawMethod : '_OTHER';
      const headers = req.headers;
      // Most requests from outside carry no trace context: skip the propagators then.
      let parent =
        headers.traceparent === undefined && headers.baggage === undefined
          ? ROOT_CONTEXT
          : propagation.extract(ROOT_CONTEXT, headers);
      // A probe marks only its first hop with the header; as baggage the mark follows the
      // request through every downstream service (see trafficSource).
      const synthetic =
        (headers[SYNTHETIC_HEADER] !== undefined || headers.baggage !== undefined) && trafficSource(req) === 'synthetic';
      if (synthetic && headers[SYNTHETIC_HEADER] !== undefined) {
        const baggage = propagation.getBaggage(parent) ?? propagation.createBaggage();
        parent = propagation.setBaggage(parent, baggage.setEntry(SYNTHETIC_BAGGAGE_KEY, { value: 'true' }));
      }
      const span =
        parent === ROOT_CONTEXT ? startRoot(method) : tracer.startSpan(method, { kind: SpanKind.SERVER }, parent);
      if (span.isRecording()) {
        const socket = req.socket as { encrypted?: boolean } | undefined;
        span.setAttributes({
          'http.request.method': method,
          'url.scheme': socket?.encrypted ? 'https' : 'http',
          'url.path': path,
        });
        if (q >= 0) span.setAttribute('url.query', url.slice(q + 1));
        if (ua) span.setAttribute('user_agent.original', ua);
        if (synthetic) span.setAttribute(SYNTHETIC_BAGGAGE_KEY, true);
      }
      res[STATE] = { span, start: performance.now(), req, method };
      res.on('close', onClose);
      ctx = trace.setSpan(parent, span);
    } catch {
      return emit.call(server, 'request', req, res);
    }
    return context.with(ctx, emit, server, 'request', req, res);
  }

  const restore: Array<() => void> = [];
  for (const Server of [http.Server, https.Server] as unknown as Array<{ prototype: Record<string | symbol, unknown> }>) {
    const proto = Server.prototype;
    if (proto[PATCHED]) continue;
    const hadOwn = Object.prototype.hasOwnProperty.call(proto, 'emit');
    const original = proto.emit as Emit;
    const patched = function (this: unknown, event: string | symbol): boolean {
      // eslint-disable-next-line prefer-rest-params
      const args = arguments;
      if (event !== 'request') return original.apply(this, args as unknown as [string]);
      return handle(this, original, args[1] as IncomingMessage, args[2] as Stateful);
    };
    proto.emit = patched;
    proto[PATCHED] = true;
    restore.push(() => {
      if (proto.emit === patched) {
        if (hadOwn) proto.emit = original;
        else delete proto.emit;
      }
      delete proto[PATCHED];
    });
  }
  return () => {
    for (const undo of restore) undo();
  };
}
