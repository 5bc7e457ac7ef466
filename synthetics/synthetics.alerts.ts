import { probeLastRun, probeSuccess, syntheticRunDuration, syntheticRuns } from '@zeus/instrumentation/catalog';
import {
  defineAlert,
  defineAlertGroup,
  fires,
  input,
  quiet,
  series,
  type AlertDefinition,
  type AlertGroup,
  type TypedAlertDefinition,
} from '../alerts/index.js';
import { re, selector } from '../promql/index.js';
import { JOURNEYS } from './suite.js';
import type { Journey } from './types.js';

/** Thresholds of the synthetics alerts, in one place. */
export const SYNTHETICS_ALERTING = {
  /** Failed runs in a row (no success in between) that mean a journey is broken. */
  consecutiveFailures: 3,
  /** Window those runs must fall in: three runs at the normal 5-minute cadence, with slack. */
  failureWindow: '20m',
  /** Locations whose last run failed that mean a journey is broken everywhere. */
  minLocations: 2,
  /** Seconds without any finished run before the prober counts as stale (longest interval 10 min). */
  staleSeconds: 900,
  /** Window the slow-journey ticket averages durations over. */
  slowWindow: '15m',
  /** Runs that window must hold: one slow run (a cold browser, a busy prober) is not a slow journey. */
  slowMinRuns: 2,
} as const;

/** The labels the prober's series carry in tests: a scrape target of job zeus-synthetics. */
const PROBER = { job: 'zeus-synthetics', instance: 'prober-1:9471', service: 'synthetics' } as const;
const EVIDENCE = 'http://{{ $labels.instance }}/evidence/{{ $labels.journey }}/latest/';

type Owner = Pick<Journey, 'team' | 'service'>;

/** Journeys grouped by who is paged (team) and what they exercise (service), in suite order. */
function byOwner(journeys: readonly Journey[]): { owner: Owner; journeys: Journey[] }[] {
  const groups: { owner: Owner; journeys: Journey[] }[] = [];
  for (const journey of journeys) {
    const found = groups.find((g) => g.owner.team === journey.team && g.owner.service === journey.service);
    if (found) found.journeys.push(journey);
    else groups.push({ owner: { team: journey.team, service: journey.service }, journeys: [journey] });
  }
  return groups;
}

const names = (journeys: readonly Journey[]) => journeys.map((j) => j.name).join('|');

/** Severity tiers: one per severity present, each matching its journeys. */
function tiersOf(journeys: readonly Journey[], expr: (journeyRe: string) => string, forDuration?: '1m' | '2m'): TypedAlertDefinition['tiers'] {
  const tiers = (['critical', 'warning'] as const)
    .map((severity) => ({ severity, journeys: journeys.filter((j) => j.severity === severity) }))
    .filter((t) => t.journeys.length > 0)
    .map((t) => ({ severity: t.severity, expr: expr(names(t.journeys)), ...(forDuration ? { for: forDuration } : {}) }));
  return tiers as unknown as TypedAlertDefinition['tiers'];
}

function failing(owner: Owner, journeys: readonly Journey[]): AlertDefinition {
  const { consecutiveFailures: n, failureWindow: w } = SYNTHETICS_ALERTING;
  const expr = (journeyRe: string) => `
sum by (journey, location, instance) (increase(${series(syntheticRuns, { result: 'failure', journey: re(journeyRe) })}[${w}])) >= ${n}
unless on (journey, location, instance)
  sum by (journey, location, instance) (increase(${series(syntheticRuns, { result: 'success', journey: re(journeyRe) })}[${w}])) > 0
`;
  const sample = journeys[0]!;
  const labels = { journey: sample.name, location: 'lab-1', instance: PROBER.instance };
  const runs = (result: 'success' | 'failure', values: string) => input(syntheticRuns, { ...PROBER, journey: sample.name, location: 'lab-1', result }, values);
  return defineAlert({
    name: 'ZeusSyntheticJourneyFailing',
    team: owner.team,
    service: owner.service,
    tiers: tiersOf(journeys, expr),
    summary: `A synthetic journey through ${owner.service} fails run after run.`,
    description: `Synthetic journey {{ $labels.journey }} failed ${n} or more runs in a row from {{ $labels.location }} (no success in ${w}). Evidence: ${EVIDENCE}`,
    dashboard: { uid: 'zeus-synthetics' },
    runbook: 'alerts/runbooks/ZeusSyntheticJourneyFailing.md',
    tests: [
      fires(`fires after ${n} failed runs with no success`, '20m', [runs('failure', '0+1x8'), runs('success', '10x8')], [
        {
          severity: sample.severity,
          labels,
          description: `Synthetic journey ${sample.name} failed ${n} or more runs in a row from lab-1 (no success in ${w}). Evidence: http://${PROBER.instance}/evidence/${sample.name}/latest/`,
        },
      ], '5m'),
      quiet('stays quiet when successes come between the failures', '20m', [runs('failure', '0+1x8'), runs('success', '10+1x8')], '5m'),
      quiet(`stays quiet after fewer than ${n} failures`, '20m', [runs('failure', '0 0 0 1 2 2 2 2 2'), runs('success', '10x8')], '5m'),
    ],
  });
}

function failingFromLocations(owner: Owner, journeys: readonly Journey[]): AlertDefinition {
  const { minLocations } = SYNTHETICS_ALERTING;
  const expr = (journeyRe: string) => `count by (journey) (${series(probeSuccess, { journey: re(journeyRe) })} == 0) >= ${minLocations}`;
  const sample = journeys[0]!;
  const at = (location: string, values: string) => input(probeSuccess, { ...PROBER, instance: `${location}:9471`, journey: sample.name, location }, values);
  return defineAlert({
    name: 'ZeusSyntheticJourneyFailingFromLocations',
    team: owner.team,
    service: owner.service,
    tiers: tiersOf(journeys, expr, '2m'),
    summary: `A synthetic journey through ${owner.service} fails from several locations.`,
    description: `The last run of synthetic journey {{ $labels.journey }} failed from {{ $value }} locations: the failure is not local to one prober.`,
    dashboard: { uid: 'zeus-synthetics' },
    runbook: 'alerts/runbooks/ZeusSyntheticJourneyFailingFromLocations.md',
    tests: [
      fires(`fires when ${minLocations} of 3 locations fail`, '5m', [at('lab-1', '1 0x5'), at('lab-2', '1 0x5'), at('lab-3', '1x6')], [
        { severity: sample.severity, labels: { journey: sample.name }, description: `The last run of synthetic journey ${sample.name} failed from 2 locations: the failure is not local to one prober.` },
      ]),
      quiet('stays quiet when a single location fails', '5m', [at('lab-1', '1 0x5'), at('lab-2', '1x6'), at('lab-3', '1x6')]),
    ],
  });
}

/** Average duration of the runs that finished in the window (run-weighted, from the run histogram), when there were enough of them. */
function slowExpr(journey: Journey): string {
  const { slowWindow: w, slowMinRuns } = SYNTHETICS_ALERTING;
  const part = (p: '_sum' | '_count') => `sum by (journey, location, instance) (increase(${selector(syntheticRunDuration, { journey: journey.name }, { order: 'as-written', part: p })}[${w}]))`;
  return `(${part('_sum')}\n/ ${part('_count')}) > ${journey.slowSeconds}\nand ${part('_count')} >= ${slowMinRuns}`;
}

function slow(owner: Owner, journeys: readonly Journey[]): AlertDefinition {
  const { slowWindow: w, slowMinRuns } = SYNTHETICS_ALERTING;
  const expr = journeys.map(slowExpr).join('\nor\n');
  const sample = journeys[0]!;
  const runsOf = (part: '_sum' | '_count', values: string) => ({
    series: selector(syntheticRunDuration, { ...PROBER, journey: sample.name, location: 'lab-1' }, { order: 'as-written', part }), values,
  });
  // One run every 5 minutes (the scrape repeats the counters in between).
  const runs = (seconds: number, count: number) => {
    const steps = (per: number) => Array.from({ length: 40 }, (_, i) => (Math.min(count, Math.floor(i / 5) + 1) * per).toString()).join(' ');
    return [runsOf('_sum', steps(seconds)), runsOf('_count', steps(1))];
  };
  const over = sample.slowSeconds * 2;
  return defineAlert({
    name: 'ZeusSyntheticJourneySlow',
    team: owner.team,
    service: owner.service,
    tiers: [{ severity: 'warning', expr, for: '10m' }],
    summary: `A synthetic journey through ${owner.service} is slower than its threshold.`,
    description: `Synthetic journey {{ $labels.journey }} took {{ $value | printf "%.1f" }} s on average over its runs of the last ${w} from {{ $labels.location }}, above its threshold: users are waiting.`,
    dashboard: { uid: 'zeus-synthetics' },
    runbook: 'alerts/runbooks/ZeusSyntheticJourneySlow.md',
    tests: [
      fires('fires when the runs of the window are slower than the threshold on average for 10 minutes', '30m', runs(over, 99), [
        {
          severity: 'warning',
          labels: { journey: sample.name, location: 'lab-1', instance: PROBER.instance },
          description: `Synthetic journey ${sample.name} took ${over.toFixed(1)} s on average over its runs of the last ${w} from lab-1, above its threshold: users are waiting.`,
        },
      ]),
      quiet('stays quiet under the threshold', '30m', runs(sample.slowSeconds / 2, 99)),
      quiet(`ignores a single slow run (fewer than ${slowMinRuns} in the window: a cold browser at start)`, '30m', runs(over, 1)),
    ],
  });
}

function proberStale(): AlertDefinition {
  const s = SYNTHETICS_ALERTING.staleSeconds;
  // max_over_time keeps the heartbeat visible for an hour after the prober's series went stale.
  const expr = `time() - max by (location, instance) (max_over_time(${series(probeLastRun)}[1h])) > ${s}`;
  const heartbeat = (values: string) => input(probeLastRun, { ...PROBER, journey: 'api-checks', location: 'lab-1' }, values);
  return defineAlert({
    name: 'ZeusSyntheticProberStale',
    team: 'sre-platform',
    service: 'synthetics',
    tiers: [{ severity: 'warning', expr, for: '2m' }],
    summary: 'The synthetics prober stopped finishing runs.',
    description: `No synthetic journey finished at {{ $labels.location }} ({{ $labels.instance }}) for more than ${s / 60} minutes: the prober is hung or gone, and the journeys are blind.`,
    dashboard: { uid: 'zeus-synthetics' },
    tests: [
      // promtool's clock starts at 0: a heartbeat stuck at 60 s is stale from 960 s on.
      fires('fires when no run finished for 15 minutes', '25m', [heartbeat('60x30')], [
        {
          severity: 'warning',
          labels: { location: 'lab-1', instance: PROBER.instance },
          description: `No synthetic journey finished at lab-1 (${PROBER.instance}) for more than ${s / 60} minutes: the prober is hung or gone, and the journeys are blind.`,
        },
      ]),
      quiet('stays quiet while runs keep finishing', '25m', [heartbeat('0+60x30')]),
    ],
  });
}

/**
 * The synthetics alert group: a journey failing run after run, or from several locations at
 * once (severity by journey, paged to the journey's team); a journey slower than its threshold
 * (a ticket); the prober's heartbeat going stale. Built from the journey definitions, so a new
 * journey is alerted on without touching this file. Registered in `generate/registry.ts`.
 */
export function syntheticsAlertGroup(journeys: readonly Journey[] = JOURNEYS): AlertGroup {
  const owners = byOwner(journeys);
  return defineAlertGroup(import.meta.url, {
    name: 'ZeusSynthetics',
    output: 'synthetics',
    alerts: [
      ...owners.map((g) => failing(g.owner, g.journeys)),
      ...owners.map((g) => failingFromLocations(g.owner, g.journeys)),
      ...owners.map((g) => slow(g.owner, g.journeys)),
      proberStale(),
    ],
  });
}

export default syntheticsAlertGroup();
