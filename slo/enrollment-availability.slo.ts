import { enrollmentAttempts } from '@zeus/instrumentation/catalog';
import { defineSlo, ratioSli } from './define.js';

/** Enrollment API availability: attempts that end in a system error spend the budget. */
export default defineSlo(import.meta.url, {
  id: 'enrollment-availability',
  service: 'enrollment',
  team: 'registrar-platform',
  description: 'Students cannot enroll: enrollment attempts fail with a system error.',
  sli: ratioSli({
    metric: enrollmentAttempts,
    where: { service: 'enrollment' },
    // Business rejections (full, prerequisites...) are correct answers, not errors.
    bad: { outcome: 'error' },
  }),
  objective: 0.999,
  window: '30d',
  phaseObjectives: [{ phase: 'enrollment-window', objective: 0.9995 }],
});
