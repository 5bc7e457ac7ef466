import { enrollmentAttempts, termEnrollmentWindowOpen } from '@zeus/instrumentation/catalog';
import { re } from '../promql/index.js';
import { defineAlert, defineAlertGroup, fires, input, quiet, series } from './builders.js';
import { THRESHOLDS } from './thresholds.js';

const target = { job: 'zeus-services', instance: 'enrollment-0:9464', service: 'enrollment' } as const;
const exporter = { job: 'zeus-exporters', instance: 'business-exporter-0:9465', service: 'business-exporter' } as const;
const attempts = (outcome: string, values: string) =>
  input(enrollmentAttempts, { ...target, term: '2027SP', outcome, source: 'user' }, values);
const windowOpen = (values: string) => input(termEnrollmentWindowOpen, { ...exporter, term: '2027SP' }, values);

/** Successful enrollments of real students: the throughput that matters. */
const committed = series(enrollmentAttempts, { source: 'user', outcome: re('enrolled|waitlisted') });
const errors = series(enrollmentAttempts, { outcome: 'error' });
const all = series(enrollmentAttempts);

const collapse = `
sum by (term) (rate(${committed}[10m]))
  < ${THRESHOLDS.enrollmentCollapseRatio} * sum by (term) (rate(${committed}[1h] offset 10m))
and on (term)
  sum by (term) (rate(${committed}[1h] offset 10m)) > ${THRESHOLDS.enrollmentMinBaselinePerSecond}
and on (term)
  max by (term) (${series(termEnrollmentWindowOpen)}) == 1
`;

const errorRatio = (threshold: number) => `
(
  sum by (term) (rate(${errors}[5m]))
  / sum by (term) (rate(${all}[5m]))
) > ${threshold}
and on (term)
  sum by (term) (increase(${all}[5m])) >= ${THRESHOLDS.enrollmentMinAttempts5m}
`;

const collapseDescription = (value: string) =>
  `Successful enrollments for term 2027SP run at ${value}/s, under a quarter of the previous hour's rate, while its enrollment window is open.`;
const errorDescription = (value: string) => `${value} of enrollment attempts for term 2027SP end in a system error.`;

/** Enrollment during open windows: throughput against its own recent baseline, and system errors. */
export default defineAlertGroup(import.meta.url, {
  name: 'ZeusEnrollment',
  output: 'enrollment',
  alerts: [
    defineAlert({
      name: 'ZeusEnrollmentThroughputCollapsed',
      team: 'registrar-platform',
      service: 'enrollment',
      tiers: [{ severity: 'warning', expr: collapse, for: '10m' }],
      summary: 'Enrollment throughput collapsed during an open enrollment window.',
      description:
        "Successful enrollments for term {{ $labels.term }} run at {{ $value | humanize }}/s, under a quarter of the previous hour's rate, while its enrollment window is open.",
      dashboard: { uid: 'zeus-enrollment' },
      tests: [
        fires('fires when enrollments stop while the window is open', '95m', [attempts('enrolled', '0+60x70 4200x30'), windowOpen('1x100')], [
          { severity: 'warning', labels: { term: '2027SP' }, description: collapseDescription('0') },
        ]),
        quiet('stays quiet when the window is closed', '95m', [attempts('enrolled', '0+60x70 4200x30'), windowOpen('0x100')]),
        quiet('stays quiet while throughput holds', '95m', [attempts('enrolled', '0+60x100'), windowOpen('1x100')]),
        quiet('does not judge a quiet baseline', '95m', [attempts('enrolled', '0+1x70 70x30'), windowOpen('1x100')]),
      ],
    }),
    defineAlert({
      name: 'ZeusEnrollmentErrorsHigh',
      team: 'registrar-platform',
      service: 'enrollment',
      tiers: [
        { severity: 'warning', expr: errorRatio(THRESHOLDS.enrollmentErrorRatio.warning), for: '10m' },
        { severity: 'critical', expr: errorRatio(THRESHOLDS.enrollmentErrorRatio.critical), for: '5m' },
      ],
      summary: 'Enrollment attempts are failing with system errors.',
      description: '{{ $value | humanizePercentage }} of enrollment attempts for term {{ $labels.term }} end in a system error.',
      dashboard: { uid: 'zeus-enrollment' },
      tests: [
        fires('pages when a sixth of attempts fail', '20m', [attempts('enrolled', '0+50x30'), attempts('error', '0+10x30')], [
          { severity: 'critical', labels: { term: '2027SP' }, description: errorDescription('16.67%') },
          { severity: 'warning', labels: { term: '2027SP' }, description: errorDescription('16.67%') },
        ]),
        fires('opens a ticket at three percent', '20m', [attempts('enrolled', '0+97x30'), attempts('error', '0+3x30')], [
          { severity: 'warning', labels: { term: '2027SP' }, description: errorDescription('3%') },
        ]),
        quiet('does not judge a handful of attempts', '20m', [attempts('enrolled', '0+2x30'), attempts('error', '0+1x30')]),
        quiet('ignores business rejections', '20m', [attempts('enrolled', '0+50x30'), attempts('rejected_full', '0+50x30')]),
      ],
    }),
  ],
});
