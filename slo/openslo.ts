import { durationSeconds } from '../promql/index.js';
import { ALERTING_DEFAULTS, BURN_TIERS, type BurnTier } from './conventions.js';
import { tierFor } from './rules.js';
import { eventSeries, leMatcher, sliSelector, type SliMatcherSet } from './selectors.js';
import type { SloDefinition } from './types.js';

/** Annotation holding the calendar phase objectives, which OpenSLO v1 has no field for. */
export const PHASE_OBJECTIVES_ANNOTATION = 'zeus.academy/phase-objectives';

/** Prometheus counter query for OpenSLO (`counter: true`: the consumer takes the rate). */
function counterQuery(name: string, ...sets: SliMatcherSet[]): string {
  return `sum(${sliSelector(name, ...sets)})`;
}

function source(query: string) {
  return { metricSource: { type: 'Prometheus', spec: { query } } };
}

/** The inline SLI: good (or bad) and total counter queries, the same selectors the rules count. */
function ratioMetric(slo: SloDefinition): Record<string, unknown> {
  const sli = slo.sli;
  const total = source(counterQuery(eventSeries(sli), sli.where));
  if (sli.kind === 'latency') {
    return { counter: true, good: source(counterQuery(`${sli.metric.name}_bucket`, sli.where, ['le', leMatcher(sli.thresholdSeconds)])), total };
  }
  if (sli.bad) return { counter: true, bad: source(counterQuery(eventSeries(sli), sli.where, sli.bad)), total };
  return { counter: true, good: source(counterQuery(eventSeries(sli), sli.where, sli.good)), total };
}

/** A Prometheus duration as OpenSLO's shorthand (minutes or more): `2m`, `0m`, `1h`, `3d`. */
export function durationShorthand(duration: string): string {
  const seconds = durationSeconds(duration);
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60]] as const) {
    if (seconds > 0 && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  if (seconds === 0) return '0m';
  throw new Error(`${duration} is not a whole number of minutes: OpenSLO durations have no seconds`);
}

/**
 * One burn-rate tier as an inline OpenSLO alert policy: the long window's burn rate above the
 * tier's factor for the tier's `for:`, notifying the owning team's PagerDuty service (page) or
 * ticket queue. The short window and the minimum event count have no OpenSLO field; the description
 * says them.
 */
function alertPolicy(slo: SloDefinition, tier: BurnTier) {
  const page = tier.severity === 'critical';
  const name = `${slo.id}-${page ? 'page' : 'ticket'}-${tier.long}`;
  const minEvents = slo.alerting?.minEvents ?? ALERTING_DEFAULTS.minEvents;
  const target = page
    ? { name: `${slo.team}-pagerduty`, target: 'pagerduty', description: `The ${slo.team} team's PagerDuty service (Alertmanager routes by team and severity).` }
    : { name: `${slo.team}-tickets`, target: 'webhook', description: `The ${slo.team} team's ticket queue (Alertmanager routes by team and severity; in critical calendar periods it may also page).` };
  return {
    kind: 'AlertPolicy',
    metadata: { name, labels: { alert: [tier.alert], severity: [tier.severity] } },
    spec: {
      description: `${tier.alert}: the ${tier.long} and ${tier.short} burn rates are both above ${tier.factor}× (with at least ${minEvents} events in ${tier.long}).`,
      alertWhenBreaching: true,
      alertWhenResolved: true,
      alertWhenNoData: false,
      conditions: [
        {
          kind: 'AlertCondition',
          metadata: { name: `${name}-burn` },
          spec: {
            severity: page ? 'page' : 'ticket',
            condition: { kind: 'burnrate', op: 'gt', threshold: tier.factor, lookbackWindow: tier.long, alertAfter: durationShorthand(tierFor(slo, tier)) },
          },
        },
      ],
      notificationTargets: [
        { kind: 'AlertNotificationTarget', metadata: { name: target.name }, spec: { target: target.target, description: target.description } },
      ],
    },
  };
}

/**
 * The OpenSLO v1 document of an SLO (kind SLO, inline ratio indicator, occurrences budgeting,
 * one inline alert policy per burn-rate tier). Everything it states is what the generated rules
 * do: the SLI selectors, the rolling window, the default objective, each tier's threshold,
 * long window and `for:`. Calendar phase objectives have no OpenSLO field (a second objective
 * would be read as always in force): they travel in the `zeus.academy/phase-objectives`
 * annotation, and the objective is the one in force outside them.
 */
export function openSloDocument(slo: SloDefinition): Record<string, unknown> {
  const annotations: Record<string, string> = { 'zeus.academy/source': slo.file };
  if (slo.phaseObjectives?.length) annotations[PHASE_OBJECTIVES_ANNOTATION] = JSON.stringify(slo.phaseObjectives);
  return {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: slo.id, displayName: slo.id, labels: { team: [slo.team] }, annotations },
    spec: {
      description: slo.description,
      service: slo.service,
      indicator: { metadata: { name: `${slo.id}-sli` }, spec: { ratioMetric: ratioMetric(slo) } },
      timeWindow: [{ duration: slo.window, isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ displayName: slo.phaseObjectives?.length ? 'outside calendar phases' : 'default', target: slo.objective }],
      alertPolicies: BURN_TIERS.map((tier) => alertPolicy(slo, tier)),
    },
  };
}
