import type { Generator } from './types.js';
import { alertsGenerator } from '../alerts/index.js';
import { dashboardsGenerator } from '../dashboards/index.js';
import { sloGenerator } from '../slo/index.js';

/**
 * Every generator `zeus-obs generate` runs, in output order. Each area adds its own line.
 */
export const GENERATORS: readonly Generator[] = [
  alertsGenerator,
  dashboardsGenerator(),
  sloGenerator,
];
