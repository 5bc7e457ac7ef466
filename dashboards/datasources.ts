/**
 * Data sources the Zeus dashboards use. UIDs are fixed so provisioning, dashboards and the
 * exemplar/log links all point at the same objects in every Grafana.
 */

/** UID of the provisioned Prometheus data source (the default value of `$datasource`). */
export const PROMETHEUS_UID = 'zeus-prometheus';
/** UID of the provisioned Tempo data source (exemplar and log links open traces here). */
export const TEMPO_UID = 'zeus-tempo';
/** UID of the provisioned Loki data source. */
export const LOKI_UID = 'zeus-loki';

/** Name of the data-source variable every Zeus dashboard declares and every panel uses. */
export const DATASOURCE_VARIABLE = 'datasource';

/** Reference to the Prometheus data source through the `$datasource` variable. */
export const PROMETHEUS_DATASOURCE = { type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` } as const;

/**
 * Exemplar label (and log field) that carries the trace id: `@zeus/instrumentation` attaches
 * `trace_id`/`span_id` exemplars to histograms and writes `trace_id` on every log line.
 */
export const TRACE_ID_FIELD = 'trace_id';
