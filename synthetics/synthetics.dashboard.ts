/** Synthetics (`zeus-synthetics`): journey success by journey and location, step durations, failure reasons, evidence links. */
import {
  probeDnsLookupTime,
  probeDuration,
  probeFailureReason,
  probeHttpDuration,
  probeHttpStatusCode,
  probeLastRun,
  probeSslEarliestCertExpiry,
  probeStepDuration,
  probeStepSuccess,
  probeSuccess,
  syntheticRunDuration,
  syntheticRuns,
} from '@zeus/instrumentation/catalog';
import { SERVICES } from '../ownership/index.js';
import { PROBE_JOBS } from '../probes/index.js';
import { eq, oneOf, re, selector } from '../promql/index.js';
import {
  bargauge,
  defineDashboard,
  count,
  labelValues,
  max,
  query,
  quantile,
  stat,
  sum,
  sumIncreaseOverRange,
  thresholdsDown,
  thresholdsUp,
  timeseries,
  UNITS,
  type DashboardSpec,
  type RowSpec,
  type PanelLink,
} from '../dashboards/index.js';

/** The prober's series only: blackbox_exporter writes probe_success and probe_duration_seconds too. */
const FILTER = { job: eq(SERVICES.synthetics.job), journey: re('$journey'), location: re('$location') } as const;
/** blackbox_exporter's probes, one job per module. */
const PROBES = { job: oneOf(Object.values(PROBE_JOBS)) } as const;

/**
 * Each prober serves its newest evidence (screenshot, trace.zip, console log, failure.json) at
 * `/evidence/<journey>/latest/` on the address Prometheus scrapes it at.
 */
const EVIDENCE_LINK: PanelLink = {
  title: 'Evidence of the last failure (${__field.labels.journey} @ ${__field.labels.location})',
  url: 'http://${__field.labels.instance}/evidence/${__field.labels.journey}/latest/',
};

function nowRow(): RowSpec {
  const success = selector(probeSuccess, FILTER);
  return {
    title: 'Now',
    panels: [
      stat({
        title: 'Journeys passing',
        description: 'Share of journey × location pairs whose last run passed.',
        unit: UNITS.ratio,
        width: 6,
        thresholds: thresholdsDown(0.9, 1),
        queries: [query(`${sum(success)} / ${count(success)}`, 'passing')],
      }),
      stat({
        title: 'Failing now',
        description: 'Journey × location pairs whose last run failed.',
        unit: UNITS.count,
        width: 6,
        thresholds: thresholdsUp(1, 2),
        queries: [query(`${count(`${success} == 0`)} or vector(0)`, 'failing')],
      }),
      stat({
        title: 'Run success (range)',
        description: 'Share of completed runs (after retries) that passed in the selected range: the synthetic-journey SLI.',
        unit: UNITS.ratio,
        width: 6,
        thresholds: thresholdsDown(0.95, 0.99),
        queries: [
          query(`${sumIncreaseOverRange(syntheticRuns, [], { ...FILTER, result: eq('success') })} / ${sumIncreaseOverRange(syntheticRuns, [], FILTER)}`, 'success'),
        ],
      }),
      stat({
        title: 'Last run age',
        description: 'Seconds since the newest finished run: the prober heartbeat (stale above 15 minutes).',
        unit: UNITS.duration,
        width: 6,
        thresholds: thresholdsUp(600, 900),
        queries: [query(`time() - ${max(selector(probeLastRun, FILTER))}`, 'age')],
      }),
    ],
  };
}

function successByJourneyAndLocationRow(): RowSpec {
  const success = selector(probeSuccess, FILTER);
  return {
    title: 'Success by journey and location',
    panels: [
      bargauge({
        title: 'Last run by journey and location',
        description: 'probe_success of the last run: 1 passed, 0 failed. Click a bar for the evidence of its last failure.',
        unit: UNITS.bool,
        width: 8,
        min: 0,
        max: 1,
        thresholds: thresholdsDown(0.5, 1),
        links: [EVIDENCE_LINK],
        queries: [query(max(success, ['journey', 'location', 'instance']), '{{journey}} @ {{location}}')],
      }),
      timeseries({
        title: 'Success over time',
        description: 'probe_success per journey and location over time: dips are failed runs.',
        unit: UNITS.bool,
        width: 16,
        min: 0,
        max: 1,
        links: [EVIDENCE_LINK],
        queries: [query(max(success, ['journey', 'location', 'instance']), '{{journey}} @ {{location}}')],
      }),
    ],
  };
}

function stepsAndDurationsRow(): RowSpec {
  return {
    title: 'Steps and durations',
    panels: [
      timeseries({
        title: 'Step durations',
        description: 'Wall time of each step in the last run, by journey and step: which step got slow.',
        unit: UNITS.seconds,
        width: 12,
        queries: [query(max(selector(probeStepDuration, FILTER), ['journey', 'step']), '{{journey}} / {{step}}')],
      }),
      bargauge({
        title: 'Failing steps',
        description: 'Steps that failed in the last run (0); steps skipped after a failure have no series.',
        unit: UNITS.bool,
        width: 12,
        min: 0,
        max: 1,
        links: [EVIDENCE_LINK],
        queries: [query(`${max(selector(probeStepSuccess, FILTER), ['journey', 'step', 'location', 'instance'])} == 0`, '{{journey}} / {{step}} @ {{location}}')],
        eventOnly: true,
      }),
      timeseries({
        title: 'Journey duration',
        description: 'Wall time of the last run by journey and location, against each journey\'s slow threshold (see the slow-journey alert).',
        unit: UNITS.seconds,
        width: 12,
        queries: [query(max(selector(probeDuration, FILTER), ['journey', 'location']), '{{journey}} @ {{location}}')],
      }),
      timeseries({
        title: 'Run duration p95',
        description: 'p95 of run durations by journey, from the run histogram.',
        unit: UNITS.seconds,
        width: 12,
        queries: [query(quantile(0.95, syntheticRunDuration, ['journey'], FILTER), '{{journey}}')],
      }),
    ],
  };
}

function whyRunsFailRow(): RowSpec {
  return {
    title: 'Why runs fail',
    panels: [
      timeseries({
        title: 'Failure reasons',
        description: 'Why the last run failed, by journey and reason (timeout, navigation, http_5xx, http_4xx, assertion, auth, browser_crash).',
        unit: UNITS.count,
        width: 12,
        stacked: true,
        links: [EVIDENCE_LINK],
        queries: [query(`${sum(selector(probeFailureReason, FILTER), ['journey', 'reason'])} > 0`, '{{journey}}: {{reason}}')],
        eventOnly: true,
      }),
      bargauge({
        title: 'Failed runs by journey (range)',
        description: 'Runs that failed after retries in the selected range.',
        unit: UNITS.count,
        width: 12,
        queries: [query(`${sumIncreaseOverRange(syntheticRuns, ['journey'], { ...FILTER, result: eq('failure') })} > 0`, '{{journey}}')],
        eventOnly: true,
      }),
    ],
  };
}

/**
 * Protocol-level probes (blackbox_exporter: HTTP, TCP, DNS, TLS) beside the journeys through the
 * same services: a failing probe with passing journeys is a partial outage; both failing, a full one.
 */
function protocolRow(journeys: string) {
  return {
    title: 'Protocol probes and journeys',
    panels: [
      timeseries({
        title: 'Journeys and protocol probes',
        description: 'probe_success side by side: each journey (Playwright, by journey and location) and each blackbox probe (by module job and target).',
        unit: UNITS.bool,
        width: 12,
        min: 0,
        max: 1,
        queries: [
          query(max(journeys, ['journey', 'location']), 'journey {{journey}} @ {{location}}'),
          query(max(selector(probeSuccess, PROBES), ['job', 'instance']), '{{job}} {{instance}}'),
        ],
      }),
      bargauge({
        title: 'HTTP status by target',
        description: 'Status code of the last HTTP probe of each target (0 when nothing answered); a 2xx whose body lacks the expected text still fails the probe.',
        unit: UNITS.count,
        width: 6,
        thresholds: thresholdsUp(300, 500),
        queries: [query(max(selector(probeHttpStatusCode, { job: PROBE_JOBS.http_2xx }), ['instance']), '{{instance}}')],
      }),
      stat({
        title: 'Certificate days left',
        description: 'Days until the earliest-expiring certificate of the public endpoint expires (TLS probe): a ticket under 14 days, a page under 3.',
        unit: UNITS.days,
        width: 6,
        thresholds: [{ value: null, color: 'red' }, { value: 3, color: 'orange' }, { value: 14, color: 'green' }],
        queries: [query(`${max(`${selector(probeSslEarliestCertExpiry, { job: PROBE_JOBS.tls })} - time()`, ['instance'])} / 86400`, '{{instance}}')],
      }),
      timeseries({
        title: 'HTTP probe phases',
        description: 'Where an HTTP probe spends its time, by target and phase (resolve, connect, tls, processing, transfer).',
        unit: UNITS.seconds,
        width: 12,
        stacked: true,
        queries: [query(max(selector(probeHttpDuration, { job: PROBE_JOBS.http_2xx }), ['instance', 'phase']), '{{instance}} {{phase}}')],
      }),
      timeseries({
        title: 'DNS lookup time',
        description: 'Time the DNS probe took to get the public name\'s A record from the DNS server (`instance`).',
        unit: UNITS.seconds,
        width: 12,
        queries: [query(max(selector(probeDnsLookupTime, { job: PROBE_JOBS.dns }), ['instance']), '{{instance}}')],
      }),
    ],
  };
}

/** The synthetics dashboard, registered in `dashboards/registry.ts`. */
export function syntheticsDashboard(): DashboardSpec {
  return {
    uid: 'zeus-synthetics',
    title: 'Zeus synthetics',
    description:
      'Synthetic journeys through the portal, the APIs and the monitoring stack: are they passing, from where, which step is slow, why they fail, and the evidence of the last failure; beside them, blackbox_exporter\'s protocol probes (HTTP, TCP, DNS, TLS) of the same services.',
    tags: ['synthetics', 'slo'],
    variables: [
      { name: 'journey', label: 'Journey', query: labelValues(probeSuccess, 'journey'), multi: true, includeAll: true },
      { name: 'location', label: 'Location', query: labelValues(probeSuccess, 'location'), multi: true, includeAll: true },
    ],
    rows: [nowRow(), successByJourneyAndLocationRow(), protocolRow(selector(probeSuccess, FILTER)), stepsAndDurationsRow(), whyRunsFailRow()],
  };
}

export default defineDashboard(import.meta.url, () => syntheticsDashboard());
