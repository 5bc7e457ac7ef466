import { eventSeries, leMatcher, sliSelector, type SliMatcherSet } from './selectors.js';
import type { SloDefinition } from './types.js';

/** Prometheus counter query for OpenSLO (`counter: true`: the consumer takes the rate). */
function counterQuery(name: string, ...sets: SliMatcherSet[]): string {
  return `sum(${sliSelector(name, ...sets)})`;
}

function source(query: string) {
  return { metricSource: { type: 'Prometheus', spec: { query } } };
}

/**
 * The OpenSLO v1 document of an SLO (kind SLO, inline ratio indicator, occurrences budgeting).
 * Calendar phase objectives have no OpenSLO field: they travel as an annotation, and the
 * document's objective is the default one.
 */
export function openSloDocument(slo: SloDefinition): Record<string, unknown> {
  const sli = slo.sli;
  let ratioMetric: Record<string, unknown>;
  if (sli.kind === 'latency') {
    ratioMetric = {
      counter: true,
      good: source(counterQuery(`${sli.metric.name}_bucket`, sli.where, ['le', leMatcher(sli.thresholdSeconds)])),
      total: source(counterQuery(`${sli.metric.name}_count`, sli.where)),
    };
  } else if (sli.bad) {
    ratioMetric = { counter: true, bad: source(counterQuery(eventSeries(sli), sli.where, sli.bad)), total: source(counterQuery(eventSeries(sli), sli.where)) };
  } else {
    ratioMetric = { counter: true, good: source(counterQuery(eventSeries(sli), sli.where, sli.good)), total: source(counterQuery(eventSeries(sli), sli.where)) };
  }
  const annotations: Record<string, string> = { 'zeus.academy/source': slo.file };
  if (slo.phaseObjectives?.length) {
    annotations['zeus.academy/phase-objectives'] = JSON.stringify(slo.phaseObjectives);
  }
  return {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: slo.id, displayName: slo.id, labels: { team: [slo.team] }, annotations },
    spec: {
      description: slo.description,
      service: slo.service,
      indicator: { metadata: { name: `${slo.id}-sli` }, spec: { ratioMetric } },
      timeWindow: [{ duration: slo.window, isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ displayName: 'default', target: slo.objective }],
    },
  };
}
