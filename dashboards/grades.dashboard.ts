/** Grades: submissions and their outcomes, progress against the grade deadline, pending grades. */
import { defineDashboard } from './define.js';
import {
  gradeSections,
  gradeSectionsComplete,
  gradeSubmissions,
  gradesPending,
  termGradeDeadline,
} from '@zeus/instrumentation/catalog';
import { query, stat, thresholdsDown, thresholdsUp, timeseries, UNITS } from './panels.js';
import { eq, re, selector } from '../promql/index.js';
import { labelValues, max, min, ratioOfRate, sum, sumRate } from './query.js';
import { REAL_USERS, TERM_VARIABLE } from './selectors.js';
import type { DashboardSpec, RowSpec } from './types.js';

/** What the grades dashboard shows. */
export interface GradesConfig {
  /** Share of sections complete below which the progress stat is red and amber. */
  readonly progressCritical: number;
  readonly progressWarn: number;
}

/** Progress red below 50% of sections complete, amber below 90%. */
export const GRADES_DEFAULTS: GradesConfig = { progressCritical: 0.5, progressWarn: 0.9 };

function deadlineRow(config: GradesConfig): RowSpec {
  const term = TERM_VARIABLE;
  const users = { ...TERM_VARIABLE, ...REAL_USERS };
  const progress = `${sum(selector(gradeSectionsComplete, term))} / ${sum(selector(gradeSections, term))}`;
  return {
    title: 'Deadline',
    panels: [
      stat({
        title: 'Grade deadline in',
        description: 'Time left until the term\'s grade deadline (negative once passed).',
        unit: UNITS.duration,
        width: 6,
        queries: [query(min(selector(termGradeDeadline, term)), 'deadline in')],
      }),
      stat({
        title: 'Sections complete',
        description: 'Share of sections whose grades are all submitted.',
        unit: UNITS.ratio,
        width: 6,
        thresholds: thresholdsDown(config.progressCritical, config.progressWarn),
        queries: [query(progress, 'complete')],
      }),
      stat({
        title: 'Grades pending',
        description: 'Enrolled students still without a submitted grade.',
        unit: UNITS.count,
        width: 6,
        queries: [query(sum(selector(gradesPending, term)), 'pending')],
      }),
      stat({
        title: 'Submissions accepted (range)',
        description: 'Grades accepted in the selected time range.',
        unit: UNITS.count,
        width: 6,
        queries: [query(sum(`increase(${selector(gradeSubmissions, { ...users, outcome: eq('accepted') })}[$__range])`), 'accepted')],
      }),
    ],
  };
}

function submissionsRow(): RowSpec {
  const users = { ...TERM_VARIABLE, ...REAL_USERS };
  return {
    title: 'Submissions',
    panels: [
      timeseries({
        title: 'Submissions by outcome',
        description: 'How grade submission is going: submissions per second by outcome (accepted, rejected, error).',
        unit: UNITS.perSecond,
        width: 12,
        stacked: true,
        queries: [query(sumRate(gradeSubmissions, ['outcome'], users), '{{outcome}}')],
      }),
      timeseries({
        title: 'Rejected or failed submissions',
        description: 'Share of submissions that were rejected or failed; faculty have to resubmit these.',
        unit: UNITS.ratio,
        width: 12,
        min: 0,
        thresholds: thresholdsUp(0.02, 0.1),
        queries: [query(ratioOfRate(gradeSubmissions, { outcome: re('rejected|error') }, [], users), 'rejected or failed')],
      }),
    ],
  };
}

function progressRow(): RowSpec {
  const term = TERM_VARIABLE;
  const users = { ...TERM_VARIABLE, ...REAL_USERS };
  const progress = `${sum(selector(gradeSectionsComplete, term))} / ${sum(selector(gradeSections, term))}`;
  return {
    title: 'Progress',
    panels: [
      timeseries({
        title: 'Sections complete over time',
        description: 'Progress toward the deadline: share of sections with all grades submitted.',
        unit: UNITS.ratio,
        min: 0,
        max: 1,
        queries: [query(progress, 'complete')],
      }),
      timeseries({
        title: 'Grades pending',
        description: 'Grades still owed; should reach zero by the deadline.',
        unit: UNITS.count,
        queries: [query(sum(selector(gradesPending, term)), 'pending')],
      }),
      timeseries({
        title: 'Pace needed vs pace achieved',
        description: 'Will grades be in on time? Grades per second needed to clear the pending ones by the deadline, against accepted submissions per second.',
        unit: UNITS.perSecond,
        queries: [
          query(`${sum(selector(gradesPending, term))} / clamp_min(${max(selector(termGradeDeadline, term))}, 1)`, 'needed'),
          query(sumRate(gradeSubmissions, [], { ...users, outcome: eq('accepted') }), 'achieved'),
        ],
      }),
    ],
  };
}

/** Grades dashboard (`zeus-grades`). */
export function gradesDashboard(config: GradesConfig = GRADES_DEFAULTS): DashboardSpec {
  const term = TERM_VARIABLE;
  const progress = `${sum(selector(gradeSectionsComplete, term))} / ${sum(selector(gradeSections, term))}`;
  return {
    uid: 'zeus-grades',
    title: 'Zeus grades',
    description: 'Grade submission for the records office: submissions by outcome, progress against the grade deadline and the grades still pending. Synthetic traffic is excluded.',
    tags: ['business', 'grades'],
    variables: [{ name: 'term', label: 'Term', query: labelValues(gradeSections, 'term'), multi: true, includeAll: true }],
    rows: [deadlineRow(config), submissionsRow(), progressRow()],
  };
}

export default defineDashboard(import.meta.url, () => gradesDashboard());
