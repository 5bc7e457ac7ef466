/**
 * Bucket layouts, in seconds. Shared so that SLO latency thresholds can be checked against the
 * real boundaries (a threshold between buckets silently measures something else).
 */

/** OTel semantic-conventions advice for `http.server.request.duration`. */
export const HTTP_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
] as const;

/** OTel semantic-conventions advice for `db.client.operation.duration`. */
export const DB_DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] as const;

/** Browser journeys and their steps take seconds, not milliseconds. */
export const PROBE_DURATION_BUCKETS = [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60] as const;

/** Garbage-collection pauses (prom-client's default layout for `nodejs_gc_duration_seconds`). */
export const GC_DURATION_BUCKETS = [0.001, 0.01, 0.1, 1, 2, 5] as const;
