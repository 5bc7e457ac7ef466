import { enrollmentDuration } from '@zeus/instrumentation/catalog';
import { defineSlo, latencySli } from './define.js';

/** Enrollment latency: 99% of enrollment attempts are decided in under 1 s. */
export default defineSlo(import.meta.url, {
  id: 'enrollment-latency',
  service: 'enrollment',
  team: 'registrar-platform',
  description: 'Enrolling feels broken: attempts take longer than 1 s to decide.',
  sli: latencySli({ metric: enrollmentDuration, where: { service: 'enrollment' }, thresholdSeconds: 1 }),
  objective: 0.99,
  window: '28d',
});
