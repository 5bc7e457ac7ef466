import { httpServerRequestDuration, targetInfo } from '@zeus/instrumentation/catalog';
import { toYaml, type Generator, type Problem } from '../core/index.js';
import { APP_SERVICES } from '../ownership/index.js';
import { checkPromql, re, selector } from '../promql/index.js';
import { eventSeries, leMatcher, sliSelector, type SloDefinition } from '../slo/index.js';

/** Where the canary recording rules go, in each environment's folder. */
export const CANARY_RULES_FILE = 'prometheus/rules/canary.yml';

/**
 * The series the canary rules record: every counter the analysis reads, summed per service and
 * `service.version` (running totals, not rates: the analysis takes each window's difference).
 * Named `level:metric:operation`, the level being the labels kept.
 */
export const CANARY_RECORD = {
  /** HTTP requests answered, by service and version. */
  requests: 'service_version:http_server_requests:sum',
  /** Of them, answered with a 5xx. */
  errors: 'service_version:http_server_errors:sum',
  /** The request-duration histogram's cumulative buckets (`le`). */
  buckets: 'service_version:http_server_request_duration_bucket:sum',
  /** Each SLO's SLI events (label `slo`). */
  sliTotal: 'service_version:slo_sli_total:sum',
  /** Each SLO's bad SLI events (label `slo`). */
  sliBad: 'service_version:slo_sli_bad:sum',
} as const;

/** `sum by (service, service_version[, …]) (series * on (job, instance) group_left (service_version) target_info)`. */
function byVersion(series: string, extra: readonly string[] = []): string {
  return `sum by (${['service', 'service_version', ...extra].join(', ')}) (${series} * on (job, instance, service) group_left (service_version) ${selector(targetInfo)})`;
}

interface Recording {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

/** An SLO's SLI events by version: all of them, and the bad ones (total − good where the SLI counts good events). */
function sloRules(slo: SloDefinition): Recording[] {
  const labels = { service: slo.service, slo: slo.id };
  const sli = slo.sli;
  const total = byVersion(sliSelector(eventSeries(sli), sli.where));
  let bad: string;
  if (sli.kind === 'ratio' && sli.bad) bad = byVersion(sliSelector(eventSeries(sli), sli.where, sli.bad));
  else {
    const good = sli.kind === 'latency'
      ? byVersion(sliSelector(`${sli.metric.name}_bucket`, sli.where, ['le', leMatcher(sli.thresholdSeconds)]))
      : byVersion(sliSelector(eventSeries(sli), sli.where, sli.good));
    bad = `clamp_min(${total} - (${good} or ${total} * 0), 0)`;
  }
  return [
    { record: CANARY_RECORD.sliTotal, expr: total, labels },
    { record: CANARY_RECORD.sliBad, expr: bad, labels },
  ];
}

/** One service's requests, 5xx answers and duration buckets by version (one rule each, pinned to the service so a sharded Prometheus keeps them local). */
function serviceRules(service: string): Recording[] {
  const h = httpServerRequestDuration;
  const labels = { service };
  return [
    { record: CANARY_RECORD.requests, expr: byVersion(selector(h, { service }, { part: '_count' })), labels },
    { record: CANARY_RECORD.errors, expr: byVersion(selector(h, { service, http_response_status_code: re('5..') }, { part: '_count' })), labels },
    { record: CANARY_RECORD.buckets, expr: byVersion(selector(h, { service }, { part: '_bucket' }), ['le']), labels },
  ];
}

/**
 * The rule group behind the canary analysis: what a rollout compares, per service and version,
 * for every application service and each of their SLOs. The version is a label of
 * `target_info` only (the OpenTelemetry resource), so each rule joins the counters to it on the
 * scrape target.
 */
export function canaryRuleGroup(slos: readonly SloDefinition[]): { name: string; rules: Recording[] } {
  const services: readonly string[] = APP_SERVICES;
  return {
    name: 'zeus-canary',
    rules: [...services.flatMap(serviceRules), ...slos.filter((slo) => services.includes(slo.service)).flatMap(sloRules)],
  };
}

/** Series the canary rules record, with their labels (for the PromQL checker). */
export function canaryRecordedSeries(): Map<string, string[]> {
  const labels = ['service', 'service_version'];
  return new Map([
    [CANARY_RECORD.requests, labels], [CANARY_RECORD.errors, labels], [CANARY_RECORD.buckets, [...labels, 'le']],
    [CANARY_RECORD.sliTotal, [...labels, 'slo']], [CANARY_RECORD.sliBad, [...labels, 'slo']],
  ]);
}

/** The `canary` generator of `zeus-obs generate`: the recording rules, the same in every environment. */
export function canaryRulesGenerator(slos: readonly SloDefinition[]): Generator {
  return {
    name: 'canary',
    generate({ catalog }) {
      const group = canaryRuleGroup(slos);
      const problems: Problem[] = group.rules.flatMap((rule) =>
        checkPromql(rule.expr, { catalog, extraLabels: ['le'], rawCounters: true }).map((message) => ({ file: 'canary/rules.ts', field: `${rule.record}${rule.labels.slo ? `{slo=${rule.labels.slo}}` : ''}`, message })));
      return problems.length > 0 ? { artifacts: [], problems } : { artifacts: [{ path: CANARY_RULES_FILE, content: toYaml({ groups: [group] }) }], problems };
    },
  };
}
