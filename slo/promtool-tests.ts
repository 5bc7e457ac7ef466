import type { MetricDefinition } from '@zeus/instrumentation/catalog';
import { UNRESOLVED_LINKS, type Links } from '../core/index.js';
import { matcherEntries, seriesSelector } from '../promql/index.js';
import { ALERT, ALERT_LABELS, ALERTING_DEFAULTS, BURN_TIERS, RECORD, ruleFile, SLI_WINDOWS, SLO_LABELS, type BurnTier } from './conventions.js';
import { ABSENT_FOR_SECONDS, detection, fullOutageDetection } from './detection.js';
import { humanDuration } from './duration.js';
import { absentAnnotations, absentLabels, ratioWindows, series, sloLabels, tierAnnotations } from './rules.js';
import { eventSeries, leSpellings } from './selectors.js';
import type { LabelMatch, Matchers, SloDefinition } from './types.js';

const MINUTE = 60;
/** Events per minute in the generated scenarios: large enough that 2× a 0.05% budget is whole. */
const RATE = 10_000;

/** A promtool unit-test file as an object (serialised to YAML by the generator). */
export interface PromtoolTestFile {
  readonly rule_files: string[];
  readonly evaluation_interval: string;
  readonly tests: unknown[];
}

function matchValue(match: LabelMatch): string {
  if (typeof match === 'string') return match;
  if (Array.isArray(match)) return match[0] as string;
  return (match as { example: string }).example;
}

/** A value of `label` that `match` does not select (closed lists first, then the counterexample). */
function otherValue(metric: MetricDefinition, label: string, match: LabelMatch): string {
  if (typeof match === 'object' && !Array.isArray(match)) return (match as { counterexample?: string }).counterexample ?? 'other';
  const taken = typeof match === 'string' ? [match] : (match as readonly string[]);
  const spec = metric.labels[label];
  const pool = Array.isArray(spec) ? (spec as readonly string[]) : ['ok', 'other', '200'];
  return pool.find((v) => !taken.includes(v)) ?? 'other';
}

function valuesOf(matchers: Matchers | undefined, pick: (label: string, m: LabelMatch) => string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [label, m] of Object.entries(matchers ?? {})) if (m !== undefined) out[label] = pick(label, m);
  return out;
}

/** `name{a="x", b="y"}` with exact labels in label order. */
function seriesText(name: string, labels: Record<string, string>): string {
  return seriesSelector(name, matcherEntries(labels, 'sorted'));
}

/** promtool's expanding notation for a per-minute list of increments: `0+10x60 600+0x5`... */
export function expand(increments: readonly number[]): string {
  const values = [0];
  for (const inc of increments) values.push(values[values.length - 1]! + inc);
  const parts: string[] = [];
  let i = 0;
  while (i < values.length) {
    let j = i;
    const step = i + 1 < values.length ? values[i + 1]! - values[i]! : 0;
    while (j + 1 < values.length && values[j + 1]! - values[j]! === step) j++;
    parts.push(j === i ? `${values[i]}` : `${values[i]}+${step}x${j - i}`);
    i = j + 1;
  }
  return parts.join(' ');
}

/** Input series for a scenario given good and bad events per minute. */
function inputSeries(slo: SloDefinition, good: readonly number[], bad: readonly number[]): { series: string; values: string }[] {
  const sli = slo.sli;
  const base = valuesOf(sli.where, (_, m) => matchValue(m));
  if (sli.kind === 'latency') {
    const bound = leSpellings(sli.thresholdSeconds).at(-1)!; // the `1.0` spelling: proves le normalisation
    return [
      { series: seriesText(`${sli.metric.name}_bucket`, { ...base, le: bound }), values: expand(good) },
      { series: seriesText(`${sli.metric.name}_count`, base), values: expand(good.map((g, i) => g + bad[i]!)) },
    ];
  }
  const metric = sli.metric;
  const split = sli.bad ?? sli.good!;
  const selected = { ...base, ...valuesOf(split, (_, m) => matchValue(m)) };
  const other = { ...base, ...valuesOf(split, (label, m) => otherValue(metric, label, m)) };
  const [goodLabels, badLabels] = sli.bad ? [other, selected] : [selected, other];
  return [
    { series: seriesText(eventSeries(sli), goodLabels), values: expand(good) },
    { series: seriesText(eventSeries(sli), badLabels), values: expand(bad) },
  ];
}

function minutes(n: number, perMinute: number): number[] {
  return Array.from({ length: n }, () => perMinute);
}

function tierAlert(slo: SloDefinition, tier: BurnTier, links: Links) {
  return {
    exp_labels: { ...sloLabels(slo), [ALERT_LABELS.severity]: tier.severity, [ALERT_LABELS.burnWindow]: tier.long },
    exp_annotations: tierAnnotations(slo, tier, links),
  };
}

function firing(slo: SloDefinition, tier: BurnTier): string {
  return seriesSelector('ALERTS', [
    ['alertname', tier.alert],
    ['alertstate', 'firing'],
    [SLO_LABELS.slo, slo.id],
    [ALERT_LABELS.burnWindow, tier.long],
  ]);
}

function alertsLabels(slo: SloDefinition, tier: BurnTier): string {
  const labels = { alertname: tier.alert, alertstate: 'firing', ...sloLabels(slo), [ALERT_LABELS.severity]: tier.severity, [ALERT_LABELS.burnWindow]: tier.long };
  return seriesText('ALERTS', labels);
}

/** The `{slo="…", …}` label set of every series the SLO's rules record. */
function recordedLabels(slo: SloDefinition): string {
  return seriesText('', sloLabels(slo));
}

/** Every series the SLO's rules record (none may ever be NaN). */
function recordedSeries(slo: SloDefinition): string[] {
  return [
    RECORD.objective,
    ...ratioWindows(slo).flatMap((w) => [RECORD.total(w), RECORD.bad(w), RECORD.errorRatio(w), RECORD.burnRate(w)]),
    RECORD.allowedBad('5m'),
    RECORD.allowedBad(slo.window),
    RECORD.budgetRemaining,
    RECORD.exhaustion,
  ];
}

/** A full outage pages within the computed detection time and resolves after recovery. */
function fullOutageTest(slo: SloDefinition) {
  const page = BURN_TIERS[0]!;
  const pageSlow = BURN_TIERS[1]!;
  const det = fullOutageDetection(slo);
  const healthy = 60; // minutes: one full long window of the fastest tier
  const boundMin = det.boundSeconds / MINUTE;
  const outage = boundMin + 10;
  const horizon = healthy + outage + 40;
  const good = [...minutes(healthy, RATE), ...minutes(outage, 0), ...minutes(horizon - healthy - outage, RATE)];
  const bad = [...minutes(healthy, 0), ...minutes(outage, RATE), ...minutes(horizon - healthy - outage, 0)];
  const end = healthy + outage;
  return {
    name:
      `full outage pages within ${humanDuration(det.boundSeconds)} (${page.long}/${page.short} tier at ${page.factor}×: ` +
      `${humanDuration(det.burnSeconds)} to cross, for ${humanDuration(det.forSeconds)}, one evaluation); ` +
      `after recovery the ${page.long} page resolves within 7m (${page.short} short window) and every page within 37m (${pageSlow.short} short window)`,
    interval: '1m',
    input_series: inputSeries(slo, good, bad),
    promql_expr_test: [
      { expr: firing(slo, page), eval_time: `${healthy + boundMin}m`, exp_samples: [{ labels: alertsLabels(slo, page), value: 1 }] },
      { expr: firing(slo, page), eval_time: `${end + 7}m`, exp_samples: [] },
      { expr: `${series(RECORD.errorRatio('5m'), slo)}`, eval_time: `${healthy + 6}m`, exp_samples: [{ labels: `${RECORD.errorRatio('5m')}${recordedLabels(slo)}`, value: 1 }] },
    ],
    alert_rule_test: [
      { eval_time: `${healthy - 1}m`, alertname: page.alert, exp_alerts: [] },
      { eval_time: `${end + 30 + 7}m`, alertname: page.alert, exp_alerts: [] },
    ],
  };
}

/** A 2× burn opens a ticket and never pages. */
function twoXBurnTest(slo: SloDefinition, links: Links) {
  const page = BURN_TIERS[0]!;
  const lowTicket = BURN_TIERS[3]!;
  const twoX = Math.round(2 * (1 - slo.objective) * RATE);
  const twoXDet = detection(slo, lowTicket, 2 * (1 - slo.objective))!;
  const twoXAt = Math.ceil(twoXDet.forSeconds / MINUTE) + 10;
  return {
    name: `2× burn opens a ticket (${lowTicket.long}/${lowTicket.short} tier at ${lowTicket.factor}×) within ${twoXAt}m and never pages`,
    interval: '1m',
    input_series: inputSeries(slo, minutes(twoXAt + 5, RATE - twoX), minutes(twoXAt + 5, twoX)),
    alert_rule_test: [
      { eval_time: `${twoXAt}m`, alertname: lowTicket.alert, exp_alerts: [tierAlert(slo, lowTicket, links)] },
      { eval_time: `${twoXAt}m`, alertname: page.alert, exp_alerts: [] },
    ],
    promql_expr_test: [
      { expr: `round(${series(RECORD.burnRate('1h'), slo)}, 0.01)`, eval_time: `${twoXAt}m`, exp_samples: [{ labels: recordedLabels(slo), value: 2 }] },
    ],
  };
}

/** Zero traffic raises nothing, records no NaN and leaves the whole budget. */
function zeroTrafficTest(slo: SloDefinition) {
  const labels = recordedLabels(slo);
  return {
    name: 'zero traffic raises no alert, records no error ratio and no NaN, and leaves the whole budget',
    interval: '1m',
    input_series: inputSeries(slo, minutes(120, 0), minutes(120, 0)),
    alert_rule_test: [BURN_TIERS[0]!.alert, BURN_TIERS[2]!.alert, ALERT.absent].map((alertname) => ({ eval_time: '100m', alertname, exp_alerts: [] })),
    promql_expr_test: [
      ...SLI_WINDOWS.filter((w) => w !== '3d').map((w) => ({ expr: series(RECORD.errorRatio(w), slo), eval_time: '100m', exp_samples: [] })),
      { expr: series(RECORD.errorRatio(slo.window), slo), eval_time: '100m', exp_samples: [] },
      { expr: series(RECORD.exhaustion, slo), eval_time: '100m', exp_samples: [] },
      { expr: series(RECORD.budgetRemaining, slo), eval_time: '100m', exp_samples: [{ labels: `${RECORD.budgetRemaining}${labels}`, value: 1 }] },
      ...recordedSeries(slo).map((name) => ({ expr: `${series(name, slo)} != ${series(name, slo)}`, eval_time: '100m', exp_samples: [] })),
    ],
  };
}

/** A failure on a quiet service, below the minimum-events guard, neither pages nor opens a ticket. */
function quietServiceTest(slo: SloDefinition) {
  const minEvents = slo.alerting?.minEvents ?? ALERTING_DEFAULTS.minEvents;
  return {
    name: `a failure on a quiet service (3 events, below the ${minEvents}-event guard) neither pages nor opens a ticket`,
    interval: '1m',
    input_series: inputSeries(
      slo,
      Array.from({ length: 60 }, (_, i) => (i === 10 || i === 20 ? 1 : 0)),
      Array.from({ length: 60 }, (_, i) => (i === 30 ? 1 : 0)),
    ),
    alert_rule_test: [BURN_TIERS[0]!.alert, BURN_TIERS[3]!.alert].map((alertname) => ({ eval_time: '50m', alertname, exp_alerts: [] })),
    promql_expr_test: [{ expr: `${series(RECORD.burnRate('1h'), slo)} > 14.4`, eval_time: '35m', exp_samples: [{ labels: `${RECORD.burnRate('1h')}${recordedLabels(slo)}`, value: 1 / 3 / (1 - slo.objective) }] }],
  };
}

/** A missing SLI metric raises the absent alert (and no page). */
function missingMetricTest(slo: SloDefinition, links: Links) {
  return {
    name: `a missing SLI metric raises ${ALERT.absent} after ${humanDuration(ABSENT_FOR_SECONDS)}`,
    interval: '1m',
    input_series: [{ series: 'up{job="unrelated"}', values: '1x30' }],
    alert_rule_test: [
      {
        eval_time: `${ABSENT_FOR_SECONDS / MINUTE + 2}m`,
        alertname: ALERT.absent,
        exp_alerts: [{ exp_labels: { ...absentLabels(slo), ...sloLabels(slo), [ALERT_LABELS.severity]: 'warning' }, exp_annotations: absentAnnotations(slo, links) }],
      },
      { eval_time: `${ABSENT_FOR_SECONDS / MINUTE + 2}m`, alertname: BURN_TIERS[1]!.alert, exp_alerts: [] },
    ],
  };
}

/** A failed scrape leaves a gap, which must not make the absent alert even pending. */
function failedScrapeTest(slo: SloDefinition) {
  return {
    name: `a failed scrape (a gap in the SLI series) does not make ${ALERT.absent} even pending`,
    interval: '1m',
    // A stale marker at minute 11 on every SLI series, as a failed scrape leaves (absent() would be pending then).
    input_series: inputSeries(slo, minutes(21, 10), minutes(21, 0)).map((s) => ({ ...s, values: `0+10x10 stale 120+10x9` })),
    promql_expr_test: [{ expr: `ALERTS{alertname="${ALERT.absent}"}`, eval_time: '11m', exp_samples: [] }],
  };
}

/**
 * promtool tests of one SLO's rules, at production windows and a 1m evaluation interval:
 * a full outage pages within the computed detection time (stated in the test name) and
 * resolves about one short window after recovery; a 2× burn opens a ticket and never pages;
 * zero traffic raises nothing and records no NaN; a missing metric raises the absent alert.
 * `links` must be those the rules were rendered with (the tests match the annotations).
 */
export function promtoolTests(slo: SloDefinition, links: Links = UNRESOLVED_LINKS): PromtoolTestFile {
  const tests = [
    fullOutageTest(slo),
    twoXBurnTest(slo, links),
    zeroTrafficTest(slo),
    quietServiceTest(slo),
    missingMetricTest(slo, links),
    failedScrapeTest(slo),
  ];
  return { rule_files: [`../rules/${ruleFile(slo.id).split('/').pop()}`], evaluation_interval: '1m', tests };
}
