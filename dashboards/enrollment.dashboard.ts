/** Enrollment, the registrar's view: throughput, rejections, latency, seats and waitlists. Real users only. */
import { defineDashboard } from './define.js';
import {
  enrollmentAttempts,
  enrollmentDrops,
  enrollmentDuration,
  seatsCapacity,
  seatsFilled,
  termEnrollmentCloses,
  termEnrollmentWindowOpen,
  waitlistLength,
  waitlistOldestAge,
  waitlistPromotions,
} from '@zeus/instrumentation/catalog';
import { bargauge, query, stat, thresholdsUp, timeseries, UNITS } from './panels.js';
import { selector } from '../promql/index.js';
import { labelValues, max, min, quantile, ratioOfRate, sum, sumIncreaseOverRange, sumRate } from './query.js';
import { OUTCOME_ERROR, REAL_USERS, REJECTIONS, TERM_VARIABLE } from './selectors.js';
import type { DashboardSpec, RowSpec } from './types.js';

/** What the enrollment dashboard shows. */
export interface EnrollmentConfig {
  /** Decision-latency percentiles (0-1). */
  readonly latencyQuantiles: readonly number[];
  /** Fill ratio at which a department's bar turns amber and red. */
  readonly fillWarn: number;
  readonly fillCritical: number;
}

/** p50/p95/p99 decision latency; departments amber at 90% and red at 98% full. */
export const ENROLLMENT_DEFAULTS: EnrollmentConfig = { latencyQuantiles: [0.5, 0.95, 0.99], fillWarn: 0.9, fillCritical: 0.98 };

function enrollmentWindowRow(config: EnrollmentConfig): RowSpec {
  const term = TERM_VARIABLE;
  return {
    title: 'Enrollment window',
    panels: [
      stat({
        title: 'Window open',
        description: 'Is the enrollment window of the term open right now?',
        unit: UNITS.bool,
        width: 6,
        queries: [query(max(selector(termEnrollmentWindowOpen, term)), 'open')],
      }),
      stat({
        title: 'Window closes in',
        description: 'Time left until the enrollment window closes (negative once closed).',
        unit: UNITS.duration,
        width: 6,
        queries: [query(min(selector(termEnrollmentCloses, term)), 'closes in')],
      }),
      stat({
        title: 'Seats filled',
        description: 'Share of all offered seats that are taken.',
        unit: UNITS.ratio,
        width: 6,
        thresholds: thresholdsUp(config.fillWarn, config.fillCritical),
        queries: [query(`${sum(selector(seatsFilled, term))} / ${sum(selector(seatsCapacity, term))}`, 'filled')],
      }),
      stat({
        title: 'Students on waitlists',
        description: 'How many students wait for a seat right now.',
        unit: UNITS.count,
        width: 6,
        queries: [query(sum(selector(waitlistLength, term)), 'waiting')],
      }),
    ],
  };
}

function throughputRow(config: EnrollmentConfig): RowSpec {
  const users = { ...TERM_VARIABLE, ...REAL_USERS };
  return {
    title: 'Throughput',
    panels: [
      timeseries({
        title: 'Attempts by outcome',
        description: 'How enrollment is going: attempts per second by outcome (enrolled, waitlisted, each rejection, error).',
        unit: UNITS.perSecond,
        width: 12,
        stacked: true,
        queries: [query(sumRate(enrollmentAttempts, ['outcome'], users), '{{outcome}}')],
      }),
      bargauge({
        title: 'Rejection reasons',
        description: 'Why students were turned away in the selected time range: rejections by business rule.',
        unit: UNITS.count,
        width: 6,
        queries: [query(sumIncreaseOverRange(enrollmentAttempts, ['outcome'], { ...users, ...REJECTIONS }), '{{outcome}}')],
      }),
      timeseries({
        title: 'System error ratio',
        description: 'Share of attempts that failed because of the system (outcome error), not a business rule.',
        unit: UNITS.ratio,
        width: 6,
        min: 0,
        thresholds: thresholdsUp(0.001, 0.01),
        queries: [query(ratioOfRate(enrollmentAttempts, OUTCOME_ERROR, [], users), 'error ratio')],
      }),
      timeseries({
        title: 'Drops and waitlist promotions',
        description: 'Seats freed by students dropping, and waitlisted students promoted into freed seats, per second.',
        unit: UNITS.perSecond,
        width: 12,
        queries: [
          query(sumRate(enrollmentDrops, [], users), 'drops'),
          query(sumRate(waitlistPromotions, [], users), 'promotions'),
        ],
        eventOnly: true,
      }),
      timeseries({
        title: 'Decision latency',
        description: `How long students wait for an answer: ${config.latencyQuantiles.map((q) => `p${q * 100}`).join(', ')} from request to committed outcome. Exemplars open traces.`,
        unit: UNITS.seconds,
        width: 12,
        queries: config.latencyQuantiles.map((q) => query(quantile(q, enrollmentDuration, [], users), `p${q * 100}`, { exemplar: true })),
      }),
    ],
  };
}

function seatsAndWaitlistsRow(config: EnrollmentConfig): RowSpec {
  const term = TERM_VARIABLE;
  const filledByDept = sum(selector(seatsFilled, term), ['department']);
  const capacityByDept = sum(selector(seatsCapacity, term), ['department']);
  return {
    title: 'Seats and waitlists',
    panels: [
      bargauge({
        title: 'Fill ratio by department',
        description: 'Which departments are running out of seats: filled seats over capacity.',
        unit: UNITS.ratio,
        min: 0,
        max: 1,
        thresholds: thresholdsUp(config.fillWarn, config.fillCritical),
        queries: [query(`${filledByDept} / ${capacityByDept}`, '{{department}}')],
      }),
      timeseries({
        title: 'Seats filled and capacity',
        description: 'Seats taken against seats offered, over the whole term.',
        unit: UNITS.count,
        queries: [query(sum(selector(seatsFilled, term)), 'filled'), query(sum(selector(seatsCapacity, term)), 'capacity')],
      }),
      bargauge({
        title: 'Waitlist length by department',
        description: 'Where students are waiting: waitlisted students by department.',
        unit: UNITS.count,
        queries: [query(sum(selector(waitlistLength, term), ['department']), '{{department}}')],
      }),
      timeseries({
        title: 'Oldest waitlist entry by department',
        description: 'How long the longest-waiting student has waited, by department (0 when nobody waits).',
        unit: UNITS.duration,
        width: 12,
        queries: [query(max(selector(waitlistOldestAge, term), ['department']), '{{department}}')],
      }),
      timeseries({
        title: 'Students on waitlists',
        description: 'Waitlisted students over time; should shrink as seats are freed and promoted.',
        unit: UNITS.count,
        width: 12,
        queries: [query(sum(selector(waitlistLength, term)), 'waiting')],
      }),
    ],
  };
}

/** Enrollment dashboard (`zeus-enrollment`). */
export function enrollmentDashboard(config: EnrollmentConfig = ENROLLMENT_DEFAULTS): DashboardSpec {
  const term = TERM_VARIABLE;
  return {
    uid: 'zeus-enrollment',
    title: 'Zeus enrollment',
    description: 'The registrar\'s view of enrollment: attempts by outcome, why students are turned away, decision latency, seats and waitlists. Synthetic traffic is excluded.',
    tags: ['business', 'enrollment', 'registrar'],
    variables: [{ name: 'term', label: 'Term', query: labelValues(enrollmentAttempts, 'term'), multi: true, includeAll: true }],
    rows: [enrollmentWindowRow(config), throughputRow(config), seatsAndWaitlistsRow(config)],
  };
}

export default defineDashboard(import.meta.url, () => enrollmentDashboard());
