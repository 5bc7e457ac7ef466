import { syntheticRuns } from '@zeus/instrumentation/catalog';
import { defineSlo, ratioSli } from './define.js';

/** Synthetic journey success: scripted student and faculty journeys pass 99% of runs. */
export default defineSlo(import.meta.url, {
  id: 'synthetic-journeys',
  service: 'synthetics',
  team: 'student-experience',
  description: 'A scripted user journey (log in, enroll, submit grades) fails end to end.',
  sli: ratioSli({ metric: syntheticRuns, where: { service: 'synthetics' }, good: { result: 'success' } }),
  objective: 0.99,
  window: '28d',
});
