/** Service detail, templated by `$service`: RED by route, runtime, dependencies, telemetry health. */
import { defineDashboard } from './define.js';
import {
  dbClientOperationDuration,
  featureFlagEvaluations,
  httpClientRequestDuration,
  httpServerRequestDuration,
  nodejsEventloopLagP99Seconds,
  nodejsEventloopUtilizationRatio,
  nodejsGcDurationSeconds,
  nodejsHeapSizeTotalBytes,
  nodejsHeapSizeUsedBytes,
  processCpuSecondsTotal,
  processMaxFds,
  processOpenFds,
  processResidentMemoryBytes,
  targetInfo,
  telemetryExportFailures,
  telemetrySpanQueueSize,
  telemetrySpansDropped,
  telemetrySpansExported,
  up,
} from '@zeus/instrumentation/catalog';
import { query, thresholdsUp, timeseries, UNITS } from './panels.js';
import { selector } from '../promql/index.js';
import { count, histogramRate, labelValues, max, quantile, ratioOfRate, shareOfRate, sum, sumRate } from './query.js';
import { CLIENT_FAILURES, SERVER_ERRORS, SERVICE_INSTANCE_VARIABLES as V, SERVICE_VARIABLE } from './selectors.js';
import type { DashboardSpec, RowSpec } from './types.js';

/** What the service dashboard shows. */
export interface ServiceConfig {
  /** Latency percentiles of the per-route panels (0-1); each gets its own panel with exemplars. */
  readonly latencyQuantiles: readonly number[];
  /** Event-loop lag (seconds) at which the panel turns amber and red. */
  readonly eventLoopLagWarn: number;
  readonly eventLoopLagCritical: number;
}

/** p95 and p99 panels; event-loop lag amber at 50 ms and red at 200 ms. */
export const SERVICE_DEFAULTS: ServiceConfig = { latencyQuantiles: [0.95, 0.99], eventLoopLagWarn: 0.05, eventLoopLagCritical: 0.2 };

const pct = (q: number) => `p${Math.round(q * 1000) / 10}`;
/** An outgoing call's peer, as the HTTP client conventions name it. */
const PEER = ['server_address', 'server_port'] as const;
const PEER_LEGEND = '{{server_address}}:{{server_port}}';
/** A flag's series: each flag is its own whole in the variant shares. */
const FLAG = ['feature_flag_key'] as const;

function requestsByRouteRow(config: ServiceConfig): RowSpec {
  const h = httpServerRequestDuration;
  return {
    title: 'Requests by route',
    panels: [
      timeseries({
        title: 'Request rate by route',
        description: 'Which routes take the traffic: requests per second by route template. Requests that matched no route (404s of unknown paths) have no route label and show as the series without one.',
        unit: UNITS.requestsPerSecond,
        queries: [query(histogramRate(h, ['http_route'], V), '{{http_route}}')],
      }),
      timeseries({
        title: 'Error ratio by route (5xx)',
        description: 'Which routes fail: share of requests per route answered with a server error.',
        unit: UNITS.ratio,
        min: 0,
        thresholds: thresholdsUp(0.01, 0.05),
        queries: [query(ratioOfRate(h, SERVER_ERRORS, ['http_route'], V), '{{http_route}}')],
      }),
      timeseries({
        title: 'Responses by status code',
        description: 'What the service answers: responses per second by HTTP status code.',
        unit: UNITS.requestsPerSecond,
        stacked: true,
        queries: [query(histogramRate(h, ['http_response_status_code'], V), '{{http_response_status_code}}')],
      }),
      ...config.latencyQuantiles.map((q) =>
        timeseries({
          title: `Latency ${pct(q)} by route`,
          description: `How slow each route is at the ${pct(q)}. Exemplar dots open the trace of a real slow request in Tempo.`,
          unit: UNITS.seconds,
          width: 12,
          queries: [query(quantile(q, h, ['http_route'], V), '{{http_route}}', { exemplar: true })],
        }),
      ),
    ],
  };
}

/** Each flag's variants beside the service's error ratio: a rollout that raises errors shows as both moving. */
function featureFlagsRow(): RowSpec {
  return {
    title: 'Feature flags',
    panels: [
      timeseries({
        title: 'Flag variants served',
        description: `Which variant each feature flag serves, as a share of its evaluations (OpenFeature hook, zeus_feature_flag_evaluations_total). A percentage rollout shows as its split; a kill switch as one variant at 100%. Read it next to the error ratio: a variant whose rise matches a rise in errors is the suspect, and 'zeus-obs flags set <flag> off' turns it off within seconds, without a restart.`,
        unit: UNITS.ratio,
        width: 12,
        min: 0,
        max: 1,
        stacked: true,
        queries: [query(shareOfRate(featureFlagEvaluations, ['feature_flag_result_variant'], FLAG, V), '{{feature_flag_key}} = {{feature_flag_result_variant}}')],
      }),
      timeseries({
        title: 'Error ratio (5xx)',
        description: 'Share of all requests of the service answered with a server error, over the same time as the flag variants beside it.',
        unit: UNITS.ratio,
        width: 12,
        min: 0,
        thresholds: thresholdsUp(0.01, 0.05),
        queries: [query(ratioOfRate(httpServerRequestDuration, SERVER_ERRORS, [], V), 'error ratio')],
      }),
    ],
  };
}

function runtimeRow(config: ServiceConfig): RowSpec {
  return {
    title: 'Runtime',
    panels: [
      timeseries({
        title: 'Instances by version',
        description: 'What is deployed: running instances by service.version and deployment environment, from target_info (the OpenTelemetry resource). Two versions side by side is a rollout in progress.',
        unit: UNITS.count,
        stacked: true,
        queries: [query(count(selector(targetInfo, V), ['service_version', 'deployment_environment_name']), '{{service_version}} {{deployment_environment_name}}')],
      }),
      timeseries({
        title: 'Event-loop lag p99',
        description: 'Is the event loop blocked? p99 delay of timers per instance; above tens of ms every request waits.',
        unit: UNITS.seconds,
        thresholds: thresholdsUp(config.eventLoopLagWarn, config.eventLoopLagCritical),
        queries: [query(max(selector(nodejsEventloopLagP99Seconds, V), ['instance']), '{{instance}}')],
      }),
      timeseries({
        title: 'Event-loop utilisation',
        description: 'How busy the event loop is per instance (1 = never idle): the saturation signal of a Node.js service.',
        unit: UNITS.ratio,
        min: 0,
        max: 1,
        queries: [query(max(selector(nodejsEventloopUtilizationRatio, V), ['instance']), '{{instance}}')],
      }),
      timeseries({
        title: 'CPU',
        description: 'CPU seconds used per second per instance (1 = one full core).',
        unit: UNITS.ratio,
        queries: [query(sumRate(processCpuSecondsTotal, ['instance'], V), '{{instance}}')],
      }),
      timeseries({
        title: 'GC time by kind',
        description: 'Seconds per second spent in garbage collection, by GC kind. Rising major GC means heap pressure.',
        unit: UNITS.ratio,
        stacked: true,
        queries: [query(sumRate(nodejsGcDurationSeconds, ['kind'], V, '_sum'), '{{kind}}')],
      }),
      timeseries({
        title: 'Heap and resident memory',
        description: 'Is memory growing? V8 heap used and allocated, and resident set size, summed over instances.',
        unit: UNITS.bytes,
        queries: [
          query(sum(selector(nodejsHeapSizeUsedBytes, V)), 'heap used'),
          query(sum(selector(nodejsHeapSizeTotalBytes, V)), 'heap total'),
          query(sum(selector(processResidentMemoryBytes, V)), 'resident'),
        ],
      }),
      timeseries({
        title: 'File descriptors in use',
        description: 'Share of the file-descriptor limit in use per instance; at 1 new connections fail.',
        unit: UNITS.ratio,
        min: 0,
        thresholds: thresholdsUp(0.7, 0.9),
        queries: [query(`${max(selector(processOpenFds, V), ['instance'])} / ${max(selector(processMaxFds, V), ['instance'])}`, '{{instance}}')],
      }),
    ],
  };
}

function dependenciesRow(): RowSpec {
  return {
    title: 'Dependencies',
    panels: [
      timeseries({
        title: 'Outgoing HTTP by peer',
        description: 'Which services this one calls, and how often: outgoing requests per second by peer (address and port).',
        unit: UNITS.requestsPerSecond,
        queries: [query(histogramRate(httpClientRequestDuration, PEER, V), PEER_LEGEND)],
      }),
      timeseries({
        title: 'Outgoing HTTP p95 by peer',
        description: 'Is a dependency slow? p95 duration of outgoing calls by peer.',
        unit: UNITS.seconds,
        queries: [query(quantile(0.95, httpClientRequestDuration, PEER, V), PEER_LEGEND, { exemplar: true })],
      }),
      timeseries({
        title: 'Outgoing HTTP failure ratio by peer',
        description: 'Is a dependency failing? Share of outgoing calls that got a 5xx or no answer, by peer.',
        unit: UNITS.ratio,
        min: 0,
        queries: [query(ratioOfRate(httpClientRequestDuration, CLIENT_FAILURES, PEER, V), PEER_LEGEND)],
      }),
      timeseries({
        title: 'Database operations',
        description: 'How hard the service uses its database: operations per second by operation.',
        unit: UNITS.perSecond,
        queries: [query(histogramRate(dbClientOperationDuration, ['db_operation_name'], V), '{{db_operation_name}}')],
      }),
      timeseries({
        title: 'Database p95 by operation',
        description: 'Is the database slow? p95 duration by operation.',
        unit: UNITS.seconds,
        queries: [query(quantile(0.95, dbClientOperationDuration, ['db_operation_name'], V), '{{db_operation_name}}', { exemplar: true })],
      }),
      timeseries({
        title: 'Database error ratio',
        description: 'Share of database operations that failed, by operation.',
        unit: UNITS.ratio,
        min: 0,
        queries: [query(ratioOfRate(dbClientOperationDuration, CLIENT_FAILURES, ['db_operation_name'], V), '{{db_operation_name}}')],
      }),
    ],
  };
}

function telemetryHealthRow(): RowSpec {
  return {
    title: 'Telemetry health',
    panels: [
      timeseries({
        title: 'Spans exported',
        description: 'Are traces getting out? Spans per second delivered to the OTLP endpoint.',
        unit: UNITS.perSecond,
        width: 6,
        queries: [query(sumRate(telemetrySpansExported, ['instance'], V), '{{instance}}')],
      }),
      timeseries({
        title: 'Spans dropped by reason',
        description: 'Spans lost before delivery per second, by reason. No data is the healthy state.',
        unit: UNITS.perSecond,
        width: 6,
        eventOnly: true,
        queries: [query(sumRate(telemetrySpansDropped, ['reason'], V), '{{reason}}')],
      }),
      timeseries({
        title: 'Export failures by signal',
        description: 'Failed export batches per second by signal. No data is the healthy state.',
        unit: UNITS.perSecond,
        width: 6,
        eventOnly: true,
        queries: [query(sumRate(telemetryExportFailures, ['signal'], V), '{{signal}}')],
      }),
      timeseries({
        title: 'Span queue',
        description: 'Spans waiting in the batch processor; a growing queue precedes drops.',
        unit: UNITS.count,
        width: 6,
        queries: [query(max(selector(telemetrySpanQueueSize, V), ['instance']), '{{instance}}')],
      }),
    ],
  };
}

/** Service detail dashboard (`zeus-service`). */
export function serviceDashboard(config: ServiceConfig = SERVICE_DEFAULTS): DashboardSpec {
  const h = httpServerRequestDuration;
  return {
    uid: 'zeus-service',
    title: 'Zeus service detail',
    description: 'One Zeus service in depth: requests by route (with exemplars to traces), Node.js runtime, outgoing calls and the health of its own telemetry.',
    tags: ['service', 'red'],
    variables: [
      { name: 'service', label: 'Service', query: labelValues(h, 'service', {}, '_count') },
      { name: 'instance', label: 'Instance', query: labelValues(up, 'instance', SERVICE_VARIABLE), multi: true, includeAll: true },
    ],
    rows: [requestsByRouteRow(config), featureFlagsRow(), runtimeRow(config), dependenciesRow(), telemetryHealthRow()],
  };
}

export default defineDashboard(import.meta.url, () => serviceDashboard());
