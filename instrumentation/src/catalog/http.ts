import { DB_DURATION_BUCKETS, HTTP_DURATION_BUCKETS } from './buckets.js';
import { defineMetric } from './types.js';

/** HTTP methods as OTel normalises them; anything else is recorded as `_OTHER`. */
export const HTTP_METHODS = [
  'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', '_OTHER',
] as const;

/** Values of `url_scheme`. */
export const URL_SCHEMES = ['http', 'https'] as const;

/**
 * Server-side RED histogram, named as OTel `http.server.request.duration` appears in Prometheus.
 * Exemplars carry `trace_id` and `span_id`. Requests that matched no route have no `http_route`
 * (as the HTTP conventions say; never the raw path), and successful ones no `error_type`.
 */
export const httpServerRequestDuration = defineMetric({
  name: 'http_server_request_duration_seconds',
  kind: 'histogram',
  unit: 'seconds',
  help: 'Duration of HTTP server requests, by matched route template.',
  labels: {
    http_request_method: HTTP_METHODS,
    url_scheme: URL_SCHEMES,
    http_route: 'free',
    http_response_status_code: 'free',
    error_type: 'free',
  },
  buckets: HTTP_DURATION_BUCKETS,
  producer: 'instrumentation',
});

/**
 * Outgoing HTTP calls (OTel `http.client.request.duration`), for the dependencies view: the peer
 * as `server_address` (host name only) and `server_port`; `error_type` only on failures.
 */
export const httpClientRequestDuration = defineMetric({
  name: 'http_client_request_duration_seconds',
  kind: 'histogram',
  unit: 'seconds',
  help: 'Duration of outgoing HTTP client requests, by peer.',
  labels: {
    http_request_method: HTTP_METHODS,
    server_address: 'free',
    server_port: 'free',
    http_response_status_code: 'free',
    error_type: 'free',
  },
  buckets: HTTP_DURATION_BUCKETS,
  producer: 'instrumentation',
});

/** Database calls (OTel `db.client.operation.duration`). */
export const dbClientOperationDuration = defineMetric({
  name: 'db_client_operation_duration_seconds',
  kind: 'histogram',
  unit: 'seconds',
  help: 'Duration of database client operations.',
  labels: {
    db_system_name: 'free',
    db_operation_name: 'free',
    db_collection_name: 'free',
    error_type: 'free',
  },
  buckets: DB_DURATION_BUCKETS,
  producer: 'instrumentation',
});
