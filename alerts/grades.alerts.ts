import { gradeSubmissions, gradesPending, termGradeDeadline } from '@zeus/instrumentation/catalog';
import { defineAlert, defineAlertGroup, fires, input, quiet, series } from './builders.js';
import { THRESHOLDS } from './thresholds.js';

const exporter = { job: 'zeus-exporters', instance: 'business-exporter-0:9465', service: 'business-exporter', term: '2026FA' } as const;
const service = { job: 'zeus-services', instance: 'grades-0:9464', service: 'grades', term: '2026FA' } as const;
const pending = (values: string) => input(gradesPending, exporter, values);
const deadline = (values: string) => input(termGradeDeadline, exporter, values);
const accepted = (values: string) => input(gradeSubmissions, { ...service, outcome: 'accepted', source: 'user' }, values);

const stalled = `
max by (term) (${series(gradesPending)}) > 0
and on (term)
  (max by (term) (${series(termGradeDeadline)}) > 0 < ${THRESHOLDS.gradeStallHorizonSeconds})
unless on (term)
  sum by (term) (increase(${series(gradeSubmissions, { outcome: 'accepted' })}[2h])) > 0
`;

/** Grade submission near the deadline. */
export default defineAlertGroup(import.meta.url, {
  name: 'ZeusGrades',
  output: 'grades',
  alerts: [
    defineAlert({
      name: 'ZeusGradeSubmissionsStalled',
      team: 'academic-records',
      service: 'grades',
      tiers: [{ severity: 'warning', expr: stalled, for: '30m' }],
      summary: 'Grade submissions stalled with the grade deadline near.',
      description:
        '{{ $value }} grades are still pending for term {{ $labels.term }} and none was accepted in the last 2 hours, with the grade deadline less than 72 hours away.',
      dashboard: { uid: 'zeus-grades' },
      tests: [
        fires('fires when nothing is accepted for two hours before the deadline', '40m', [pending('500x60'), deadline('100000-60x60'), accepted('200x60')], [
          {
            severity: 'warning',
            labels: { term: '2026FA' },
            description: '500 grades are still pending for term 2026FA and none was accepted in the last 2 hours, with the grade deadline less than 72 hours away.',
          },
        ]),
        quiet('stays quiet while submissions flow', '40m', [pending('500-1x60'), deadline('100000-60x60'), accepted('200+1x60')]),
        quiet('stays quiet when the deadline is a week away', '40m', [pending('500x60'), deadline('600000-60x60'), accepted('200x60')]),
        quiet('stays quiet once the deadline has passed', '40m', [pending('500x60'), deadline('-100-60x60'), accepted('200x60')]),
      ],
    }),
  ],
});
