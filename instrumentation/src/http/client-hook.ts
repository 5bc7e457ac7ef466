import diagnosticsChannel from 'node:diagnostics_channel';
import { trace, type SpanContext } from '@opentelemetry/api';
import { HTTP_METHODS, type httpClientRequestDuration } from '../catalog/http.js';
import type { HistogramHandle } from '../metrics/recorder.js';

/** What undici (and so global `fetch`) publishes for every outgoing request. */
interface UndiciRequest {
  readonly method?: string;
  readonly origin?: string | URL;
}
interface RequestEvent {
  readonly request: UndiciRequest;
}
interface HeadersEvent extends RequestEvent {
  readonly response: { readonly statusCode: number };
}
interface ErrorEvent extends RequestEvent {
  readonly error: unknown;
}

const KNOWN_METHODS: ReadonlySet<string> = new Set(HTTP_METHODS);

interface Peer {
  address: string;
  port: string;
}
const UNKNOWN_PEER: Peer = { address: 'unknown', port: '' };
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };
/** Parsed origins (an app talks to a handful of peers; bounded all the same). */
const peers = new Map<string, Peer>();

/** The peer of an origin: host name (no path, so never a URL with ids in it) and port. */
function peerOf(origin: UndiciRequest['origin']): Peer {
  if (origin === undefined) return UNKNOWN_PEER;
  const key = String(origin);
  const known = peers.get(key);
  if (known) return known;
  let peer = UNKNOWN_PEER;
  try {
    const url = typeof origin === 'string' ? new URL(origin) : origin;
    peer = { address: url.hostname || 'unknown', port: url.port || DEFAULT_PORTS[url.protocol] || '' };
  } catch {
    // keep unknown
  }
  if (peers.size < 1000) peers.set(key, peer);
  return peer;
}

function errorTypeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code)) return code;
  const name = (error as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && /^[A-Za-z]{2,40}$/.test(name) ? name : '_OTHER';
}

/**
 * Records `http_client_request_duration_seconds` for every `fetch`/undici request, from
 * undici's diagnostics channels (no patching): from request creation to the response headers,
 * or to the error. Exemplars carry the active span, so a slow dependency links to its trace.
 * Returns a function that unsubscribes.
 */
export function installClientHook(duration: HistogramHandle<typeof httpClientRequestDuration>): () => void {
  const started = new WeakMap<UndiciRequest, { start: number; method: (typeof HTTP_METHODS)[number]; spanContext: SpanContext | undefined }>();

  const record = (request: UndiciRequest, status: string, errorType: string): void => {
    const entry = started.get(request);
    if (!entry) return;
    started.delete(request);
    const peer = peerOf(request.origin);
    duration.observe(
      {
        http_request_method: entry.method, server_address: peer.address, server_port: peer.port,
        http_response_status_code: status, error_type: errorType,
      },
      (performance.now() - entry.start) / 1000,
      entry.spanContext,
    );
  };

  const onCreate = (message: unknown): void => {
    try {
      const { request } = message as RequestEvent;
      const method = (request.method ?? 'GET').toUpperCase();
      // Created synchronously inside fetch(), so the caller's span is the active one here; by
      // the time headers arrive the async context is the socket's.
      started.set(request, {
        start: performance.now(),
        method: (KNOWN_METHODS.has(method) ? method : '_OTHER') as (typeof HTTP_METHODS)[number],
        spanContext: trace.getActiveSpan()?.spanContext(),
      });
    } catch {
      // telemetry never throws into the app
    }
  };
  const onHeaders = (message: unknown): void => {
    try {
      const { request, response } = message as HeadersEvent;
      const status = response.statusCode;
      record(request, String(status), status >= 500 ? String(status) : '');
    } catch {
      // telemetry never throws into the app
    }
  };
  const onError = (message: unknown): void => {
    try {
      const { request, error } = message as ErrorEvent;
      record(request, '', errorTypeOf(error));
    } catch {
      // telemetry never throws into the app
    }
  };

  const subscriptions: Array<[string, (message: unknown) => void]> = [
    ['undici:request:create', onCreate],
    ['undici:request:headers', onHeaders],
    ['undici:request:error', onError],
  ];
  for (const [name, handler] of subscriptions) diagnosticsChannel.subscribe(name, handler);
  return () => {
    for (const [name, handler] of subscriptions) diagnosticsChannel.unsubscribe(name, handler);
  };
}
