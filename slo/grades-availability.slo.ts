import { gradeSubmissions } from '@zeus/instrumentation/catalog';
import { defineSlo, ratioSli } from './define.js';

/** Grade submission availability, stricter in the 72 h before each grade deadline. */
export default defineSlo(import.meta.url, {
  id: 'grades-availability',
  service: 'grades',
  team: 'academic-records',
  description: 'Faculty cannot submit grades: submissions fail with a system error.',
  sli: ratioSli({ metric: gradeSubmissions, where: { service: 'grades' }, bad: { outcome: 'error' } }),
  objective: 0.999,
  window: '30d',
  // The calendar's grade-deadline phase is the last 48 h; grading starts in earnest 72 h out.
  phaseObjectives: [{ phase: 'grade-deadline', objective: 0.9995, hoursBeforeEnd: 72 }],
});
