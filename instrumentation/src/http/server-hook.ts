import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import {
  context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type SpanContext, type Tracer,
} from '@opentelemetry/api';
import { HTTP_METHODS, type httpServerRequestDuration } from '../catalog/http.js';
import type { HistogramHandle } from '../metrics/recorder.js';
import { routeOf } from './route.js';
import { SYNTHETIC_BAGGAGE_KEY, verifiedMarker, VERIFIED_SYNTHETIC } from './traffic-source.js';

/** What the server hook needs from the running telemetry. */
export interface ServerHookDeps {
  tracer: Tracer;
  /** Starts a root SERVER span for requests without trace context (default: `tracer.startSpan`). */
  startRootSpan?: (name: string) => Span;
  duration: HistogramHandle<typeof httpServerRequestDuration>;
  /**
   * Starts a SERVER span under a remote parent whose sampled flag is not trusted: the local
   * sampler decides (default: a new root span).
   */
  startUntrustedChild?: (name: string, parent: Context, remote: SpanContext) => Span;
  /** Paths (exact, without query) neither traced nor measured. */
  excludePaths: readonly string[];
  /** Honour incoming sampled flags and forward incoming baggage from every client (default false). */
  trustUpstream?: boolean;
  /** Key of the signed synthetic marker; without it no request counts as synthetic. */
  syntheticKey?: string;
}

/** The context a request runs in, decided from its trace headers. */
interface Incoming {
  parent: Context;
  /** The remote parent, when its sampled flag must not be obeyed. */
  untrusted?: SpanContext;
  synthetic: boolean;
}

const NO_CONTEXT: Incoming = { parent: ROOT_CONTEXT, synthetic: false };

/**
 * Reads the request's trace context. Trusted (an authenticated synthetic marker, or
 * `trustUpstream`): parent and baggage as sent, with the verified marker as the only
 * `zeus.synthetic` entry. Untrusted: the remote trace id and parent span are kept, its sampled
 * flag is left to the local sampler, and its baggage is dropped (not forwarded downstream).
 */
function incomingContext(headers: IncomingMessage['headers'], deps: ServerHookDeps): Incoming {
  const extracted = propagation.extract(ROOT_CONTEXT, headers);
  const remote = trace.getSpanContext(extracted);
  const marker = remote !== undefined ? verifiedMarker(headers, deps.syntheticKey) : undefined;
  const synthetic = marker !== undefined;
  if (synthetic || deps.trustUpstream) {
    let parent = extracted;
    const baggage = propagation.getBaggage(extracted);
    if (synthetic) {
      parent = propagation.setBaggage(parent, (baggage ?? propagation.createBaggage()).setEntry(SYNTHETIC_BAGGAGE_KEY, { value: marker }));
    } else if (baggage?.getEntry(SYNTHETIC_BAGGAGE_KEY)) {
      parent = propagation.setBaggage(parent, baggage.removeEntry(SYNTHETIC_BAGGAGE_KEY));
    }
    return { parent, synthetic };
  }
  if (!remote) return { parent: ROOT_CONTEXT, synthetic: false };
  return { parent: ROOT_CONTEXT, untrusted: remote, synthetic: false };
}

interface RequestState {
  span: Span;
  start: number;
  req: IncomingMessage;
  method: string;
  scheme: 'http' | 'https';
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

type StartSpan = (method: string, incoming: Incoming) => Span;

/** Starts a request's SERVER span: a root span, a child of a trusted parent, or the sampler's choice under an untrusted one. */
function spanStarter(deps: ServerHookDeps): StartSpan {
  const { tracer } = deps;
  const startRoot = deps.startRootSpan ?? ((name: string) => tracer.startSpan(name, { kind: SpanKind.SERVER }, ROOT_CONTEXT));
  const startUntrusted = deps.startUntrustedChild ?? ((name: string) => startRoot(name));
  return (method, incoming) => {
    if (incoming.untrusted) return startUntrusted(method, incoming.parent, incoming.untrusted);
    if (incoming.parent === ROOT_CONTEXT) return startRoot(method);
    return tracer.startSpan(method, { kind: SpanKind.SERVER }, incoming.parent);
  };
}

/** Names the span for its route and ends it with the response status (an error for 5xx and aborted). */
function endServerSpan(span: Span, method: string, route: string | undefined, status: number, errorType: string): void {
  if (!span.isRecording()) return;
  if (route !== undefined) {
    span.updateName(`${method} ${route}`);
    span.setAttribute('http.route', route);
  }
  span.setAttribute('http.response.status_code', status);
  if (errorType) {
    span.setAttribute('error.type', errorType);
    if (status >= 500 || errorType === 'aborted') span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/** On response close: the duration with route, status and a trace exemplar, then the span's end. */
function recordResponse(state: RequestState, res: ServerResponse, duration: ServerHookDeps['duration']): void {
  const seconds = (performance.now() - state.start) / 1000;
  const route = routeOf(state.req);
  const status = res.statusCode;
  const statusText = STATUS_TEXT[status] ?? String(status);
  const errorType = !res.writableFinished ? 'aborted' : status >= 500 ? statusText : '';
  // '' leaves a label out: no http_route for unmatched requests, no error_type on success.
  duration.observe(
    {
      http_request_method: state.method as (typeof HTTP_METHODS)[number], url_scheme: state.scheme,
      http_route: route ?? '', http_response_status_code: statusText, error_type: errorType,
    },
    seconds,
    state.span.spanContext(),
  );
  endServerSpan(state.span, state.method, route, status, errorType);
}

/** True for requests neither traced nor measured: untraced servers, OTLP exports, excluded paths. */
function untraced(server: unknown, req: IncomingMessage, path: string, exclude: ReadonlySet<string>): boolean {
  if ((server as Record<symbol, unknown>)[UNTRACED]) return true;
  // An OTLP receiver in the same process (tests, collectors) must not trace the exporter's
  // own requests, or every export would produce a span to export.
  const ua = req.headers['user-agent'];
  if (ua !== undefined && ua.startsWith('OTel-OTLP-Exporter')) return true;
  return exclude.has(path);
}

/** The request attributes of a recording span. */
function setRequestAttributes(span: Span, req: IncomingMessage, method: string, scheme: string, url: string, q: number, synthetic: boolean): void {
  if (!span.isRecording()) return;
  span.setAttributes({
    'http.request.method': method,
    'url.scheme': scheme,
    'url.path': q < 0 ? url : url.slice(0, q),
  });
  if (q >= 0) span.setAttribute('url.query', url.slice(q + 1));
  const ua = req.headers['user-agent'];
  if (ua) span.setAttribute('user_agent.original', ua);
  if (synthetic) span.setAttribute(SYNTHETIC_BAGGAGE_KEY, true);
}

/** Wraps `emit` of one server prototype so 'request' events go through `handle`; returns the undo, or nothing if already patched. */
function patchEmit(proto: Record<string | symbol, unknown>, handle: (server: unknown, emit: Emit, req: IncomingMessage, res: Stateful) => boolean): (() => void) | undefined {
  if (proto[PATCHED]) return undefined;
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
  return () => {
    if (proto.emit === patched) {
      if (hadOwn) proto.emit = original;
      else delete proto.emit;
    }
    delete proto[PATCHED];
  };
}

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
  const { duration } = deps;
  const startSpan = spanStarter(deps);

  function onClose(this: Stateful): void {
    const state = this[STATE];
    if (!state) return;
    this[STATE] = undefined;
    try {
      recordResponse(state, this, duration);
    } catch {
      // never throw into the app
    }
  }

  function handle(server: unknown, emit: Emit, req: IncomingMessage, res: Stateful): boolean {
    let ctx;
    try {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      if (untraced(server, req, q < 0 ? url : url.slice(0, q), exclude)) return emit.call(server, 'request', req, res);
      const rawMethod = req.method ?? 'GET';
      const method = KNOWN_METHODS.has(rawMethod) ? rawMethod : '_OTHER';
      const headers = req.headers;
      // Most requests from outside carry no trace context: skip the propagators then.
      const incoming =
        headers.traceparent === undefined && headers.baggage === undefined ? NO_CONTEXT : incomingContext(headers, deps);
      const span = startSpan(method, incoming);
      const scheme = (req.socket as { encrypted?: boolean } | undefined)?.encrypted ? 'https' : 'http';
      setRequestAttributes(span, req, method, scheme, url, q, incoming.synthetic);
      res[STATE] = { span, start: performance.now(), req, method, scheme };
      res.on('close', onClose);
      ctx = trace.setSpan(incoming.parent, span);
      if (incoming.synthetic) ctx = ctx.setValue(VERIFIED_SYNTHETIC, true);
    } catch {
      return emit.call(server, 'request', req, res);
    }
    return context.with(ctx, emit, server, 'request', req, res);
  }

  const restore: Array<() => void> = [];
  for (const Server of [http.Server, https.Server] as unknown as Array<{ prototype: Record<string | symbol, unknown> }>) {
    const undo = patchEmit(Server.prototype, handle);
    if (undo) restore.push(undo);
  }
  return () => {
    for (const undo of restore) undo();
  };
}
