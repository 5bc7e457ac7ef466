/** Zeus overview: the golden signals of every user-facing service, in the order a request flows. */
import { defineDashboard } from './define.js';
import {
  alerts,
  httpServerRequestDuration,
  nodejsEventloopUtilizationRatio,
  processCpuSecondsTotal,
  up,
} from '@zeus/instrumentation/catalog';
import { APP_SERVICES, SERVICES, type Service } from '../ownership/index.js';
import { query, stat, thresholdsDown, thresholdsUp, timeseries, UNITS } from './panels.js';
import { eq, re, selector } from '../promql/index.js';
import { count, histogramRate, max, min, quantile, ratioOfRate, sum, sumRate } from './query.js';
import { SERVER_ERRORS, service, ZEUS_JOBS } from './selectors.js';
import type { DashboardSpec, PanelSpec, RowSpec } from './types.js';

/** What the overview shows. */
export interface OverviewConfig {
  /** Services in the order a request flows through them (portal calls enrollment and grades). */
  readonly services: readonly Service[];
  /** Latency percentiles drawn on the latency panel (0-1). */
  readonly latencyQuantiles: readonly number[];
  /** Error ratio at which the panels turn amber and red. */
  readonly errorRatioWarn: number;
  readonly errorRatioCritical: number;
}

/** App services in request order, p95/p99, error ratio amber at 1% and red at 5%. */
export const OVERVIEW_DEFAULTS: OverviewConfig = {
  services: APP_SERVICES,
  latencyQuantiles: [0.95, 0.99],
  errorRatioWarn: 0.01,
  errorRatioCritical: 0.05,
};

const serviceLink = { title: 'Service detail', url: '/d/zeus-service?var-service=${__field.labels.service}&${__url_time_range}' };

function serviceRow(name: Service, config: OverviewConfig): RowSpec {
  const only = service(name);
  const panels: PanelSpec[] = [
    timeseries({
      title: 'Request rate',
      description: `How many HTTP requests per second ${name} serves, by status code. A drop to zero with traffic elsewhere means users cannot reach it.`,
      unit: UNITS.requestsPerSecond,
      width: 6,
      queries: [query(histogramRate(httpServerRequestDuration, ['service', 'http_response_status_code'], only), '{{http_response_status_code}}')],
      links: [serviceLink],
    }),
    timeseries({
      title: 'Error ratio (5xx)',
      description: `Share of ${name}'s requests that failed with a server error. Client errors (4xx) are not counted.`,
      unit: UNITS.ratio,
      width: 6,
      min: 0,
      thresholds: thresholdsUp(config.errorRatioWarn, config.errorRatioCritical),
      queries: [query(ratioOfRate(httpServerRequestDuration, SERVER_ERRORS, ['service'], only), 'errors {{service}}')],
      links: [serviceLink],
    }),
    timeseries({
      title: 'Latency',
      description: `How long ${name}'s requests take: ${config.latencyQuantiles.map((q) => `p${q * 100}`).join(' and ')} over all routes. Exemplars link slow requests to their traces.`,
      unit: UNITS.seconds,
      width: 6,
      queries: config.latencyQuantiles.map((q) =>
        query(quantile(q, httpServerRequestDuration, ['service'], only), `p${q * 100}`, { exemplar: true }),
      ),
      links: [serviceLink],
    }),
    timeseries({
      title: 'Saturation',
      description: `How busy ${name} is: event-loop utilisation (1 = the loop never idles) and CPU seconds per second.`,
      unit: UNITS.ratio,
      width: 6,
      min: 0,
      queries: [
        query(max(selector(nodejsEventloopUtilizationRatio, only), ['service']), 'event loop'),
        query(sumRate(processCpuSecondsTotal, ['service'], only), 'CPU'),
      ],
      links: [serviceLink],
    }),
  ];
  // The owning team in the row title: who to call when the row turns red.
  return { title: `${name} · ${SERVICES[name].team}`, panels };
}

/** Zeus overview dashboard (`zeus-overview`). */
export function overviewDashboard(config: OverviewConfig = OVERVIEW_DEFAULTS): DashboardSpec {
  const health: RowSpec = {
    title: 'Health',
    panels: [
      stat({
        title: 'Targets up',
        description: 'Share of Zeus scrape targets Prometheus reached on its last scrape. Below 100% some service or exporter is down or unreachable.',
        unit: UNITS.ratio,
        width: 6,
        min: 0,
        max: 1,
        thresholds: thresholdsDown(0.8, 1),
        queries: [query(`${sum(selector(up, ZEUS_JOBS))} / ${count(selector(up, ZEUS_JOBS))}`, 'up')],
      }),
      stat({
        title: 'Lowest target up',
        description: 'Is any single Zeus service down? 0 means at least one scrape target failed.',
        unit: UNITS.bool,
        width: 6,
        thresholds: thresholdsDown(1, 1),
        queries: [query(min(selector(up, ZEUS_JOBS)), 'lowest')],
      }),
      stat({
        title: 'Requests per second',
        description: 'Total HTTP requests per second across the user-facing services.',
        unit: UNITS.requestsPerSecond,
        width: 6,
        queries: [query(histogramRate(httpServerRequestDuration, [], { service: re(config.services.join('|')) }), 'total')],
      }),
      stat({
        title: 'Firing alerts',
        description: 'Alerts firing now, by severity. Empty (no data) when nothing fires.',
        unit: UNITS.count,
        width: 6,
        eventOnly: true,
        thresholds: thresholdsUp(1, 1),
        queries: [query(sum(selector(alerts, { alertstate: eq('firing') }), ['severity']), '{{severity}}')],
      }),
    ],
  };
  return {
    uid: 'zeus-overview',
    title: 'Zeus overview',
    description: 'Golden signals (traffic, errors, latency, saturation) of the Zeus services, in the order a request flows: portal, then enrollment and grades.',
    tags: ['overview', 'golden-signals'],
    rows: [health, ...config.services.map((name) => serviceRow(name, config))],
  };
}

export default defineDashboard(import.meta.url, () => overviewDashboard());
