/** Telemetry health: is the observability itself working? Scrapes, spans, exports, the exporter's collectors. */
import { defineDashboard } from './define.js';
import {
  collectorDuration,
  collectorLastSuccess,
  collectorSuccess,
  scrapeDurationSeconds,
  scrapeSamplesScraped,
  telemetryCardinalityOverflow,
  telemetryExportFailures,
  telemetryLastExportSuccess,
  telemetrySpanQueueSize,
  telemetrySpansDropped,
  telemetrySpansExported,
  up,
} from '@zeus/instrumentation/catalog';
import { bargauge, query, stat, thresholdsDown, thresholdsUp, timeseries, UNITS } from './panels.js';
import { selector } from '../promql/index.js';
import { count, max, min, sum, sumRate } from './query.js';
import { BUSINESS_EXPORTER, ZEUS_JOBS } from './selectors.js';
import type { DashboardSpec, RowSpec } from './types.js';

/** What the telemetry dashboard shows. */
export interface TelemetryConfig {
  /** Seconds since the last span export at which the panel turns amber and red. */
  readonly exportAgeWarn: number;
  readonly exportAgeCritical: number;
}

/** Span export age amber after 1 min, red after 5 min. */
export const TELEMETRY_DEFAULTS: TelemetryConfig = { exportAgeWarn: 60, exportAgeCritical: 300 };

function scrapesRow(): RowSpec {
  const jobs = ZEUS_JOBS;
  return {
    title: 'Scrapes',
    panels: [
      stat({
        title: 'Targets down',
        description: 'How many Zeus scrape targets failed their last scrape (0 is healthy).',
        unit: UNITS.count,
        width: 6,
        thresholds: thresholdsUp(1, 1),
        queries: [query(`${count(selector(up, jobs))} - ${sum(selector(up, jobs))}`, 'down')],
      }),
      timeseries({
        title: 'Target up by service',
        description: 'Which targets Prometheus can scrape: 1 up, 0 down, per service and instance.',
        unit: UNITS.bool,
        width: 6,
        min: 0,
        max: 1,
        queries: [query(min(selector(up, jobs), ['service', 'instance']), '{{service}} {{instance}}')],
      }),
      timeseries({
        title: 'Scrape duration',
        description: 'How long scrapes take per service; close to the scrape timeout means samples will be lost.',
        unit: UNITS.seconds,
        width: 6,
        queries: [query(max(selector(scrapeDurationSeconds, jobs), ['service']), '{{service}}')],
      }),
      timeseries({
        title: 'Samples per scrape',
        description: 'Series each service exposes; a jump means a cardinality explosion.',
        unit: UNITS.count,
        width: 6,
        queries: [query(sum(selector(scrapeSamplesScraped, jobs), ['service']), '{{service}}')],
      }),
    ],
  };
}

function tracesRow(config: TelemetryConfig): RowSpec {
  const jobs = ZEUS_JOBS;
  return {
    title: 'Traces',
    panels: [
      timeseries({
        title: 'Spans exported',
        description: 'Are traces getting out? Spans per second delivered to the OTLP endpoint, by service.',
        unit: UNITS.perSecond,
        queries: [query(sumRate(telemetrySpansExported, ['service'], jobs), '{{service}}')],
      }),
      timeseries({
        title: 'Spans dropped',
        description: 'Spans lost before delivery per second, by service and reason. No data is the healthy state.',
        unit: UNITS.perSecond,
        eventOnly: true,
        queries: [query(sumRate(telemetrySpansDropped, ['service', 'reason'], jobs), '{{service}} {{reason}}')],
      }),
      timeseries({
        title: 'Export failures',
        description: 'Failed export batches per second, by service and signal. No data is the healthy state.',
        unit: UNITS.perSecond,
        eventOnly: true,
        queries: [query(sumRate(telemetryExportFailures, ['service', 'signal'], jobs), '{{service}} {{signal}}')],
      }),
      timeseries({
        title: 'Time since last span export',
        description: 'Seconds since each service last delivered spans; growing means traces are stuck.',
        unit: UNITS.duration,
        thresholds: thresholdsUp(config.exportAgeWarn, config.exportAgeCritical),
        queries: [query(`time() - ${max(selector(telemetryLastExportSuccess, jobs), ['service'])}`, '{{service}}')],
      }),
      timeseries({
        title: 'Span queue',
        description: 'Spans waiting in each service\'s batch processor; a growing queue precedes drops.',
        unit: UNITS.count,
        queries: [query(max(selector(telemetrySpanQueueSize, jobs), ['service']), '{{service}}')],
      }),
      timeseries({
        title: 'Cardinality cap hits',
        description: 'Observations folded into overflow series because a metric hit its cardinality cap, by metric. No data is the healthy state.',
        unit: UNITS.perSecond,
        eventOnly: true,
        queries: [query(sumRate(telemetryCardinalityOverflow, ['service', 'metric'], jobs), '{{service}} {{metric}}')],
      }),
    ],
  };
}

function businessExporterRow(): RowSpec {
  return {
    title: 'Business exporter',
    panels: [
      bargauge({
        title: 'Collector success',
        description: 'Did each collector\'s last run succeed (1) or fail (0)?',
        unit: UNITS.bool,
        thresholds: thresholdsDown(1, 1),
        queries: [query(min(selector(collectorSuccess, BUSINESS_EXPORTER), ['collector']), '{{collector}}')],
      }),
      timeseries({
        title: 'Collector duration',
        description: 'How long each collector\'s last query took; slow collectors delay scrapes.',
        unit: UNITS.seconds,
        queries: [query(max(selector(collectorDuration, BUSINESS_EXPORTER), ['collector']), '{{collector}}')],
      }),
      timeseries({
        title: 'Time since collector success',
        description: 'Seconds since each collector last succeeded: how stale the business numbers are.',
        unit: UNITS.duration,
        queries: [query(`time() - ${max(selector(collectorLastSuccess, BUSINESS_EXPORTER), ['collector'])}`, '{{collector}}')],
      }),
    ],
  };
}

/** Telemetry health dashboard (`zeus-telemetry`). */
export function telemetryDashboard(config: TelemetryConfig = TELEMETRY_DEFAULTS): DashboardSpec {
  return {
    uid: 'zeus-telemetry',
    title: 'Zeus telemetry health',
    description: 'Is the observability itself healthy? Scrape health of every target, spans exported and lost, export failures, cardinality caps, and the business exporter\'s collectors.',
    tags: ['telemetry', 'meta'],
    rows: [scrapesRow(), tracesRow(config), businessExporterRow()],
  };
}

export default defineDashboard(import.meta.url, () => telemetryDashboard());
