/**
 * Every Zeus dashboard, in menu order. Other areas add theirs with one line each
 * (`{ file: 'slo/slo.dashboard.ts', define: () => sloDashboard() }`); `define` is called lazily
 * at generation time, so a dashboard module may import the helpers from `dashboards/index.ts`.
 */
import { capacityDashboard } from './capacity.dashboard.js';
import { enrollmentDashboard } from './enrollment.dashboard.js';
import { gradesDashboard } from './grades.dashboard.js';
import { overviewDashboard } from './overview.dashboard.js';
import { serviceDashboard } from './service.dashboard.js';
import { telemetryDashboard } from './telemetry.dashboard.js';
import type { DashboardEntry } from './types.js';
import { syntheticsDashboard } from '../synthetics/index.js';

/** The registered dashboards, rendered by `zeus-obs generate` in this order. */
export const DASHBOARDS: readonly DashboardEntry[] = [
  { file: 'dashboards/overview.dashboard.ts', define: () => overviewDashboard() },
  { file: 'dashboards/service.dashboard.ts', define: () => serviceDashboard() },
  { file: 'dashboards/enrollment.dashboard.ts', define: () => enrollmentDashboard() },
  { file: 'dashboards/grades.dashboard.ts', define: () => gradesDashboard() },
  { file: 'dashboards/capacity.dashboard.ts', define: () => capacityDashboard() },
  { file: 'dashboards/telemetry.dashboard.ts', define: () => telemetryDashboard() },
  { file: 'synthetics/synthetics.dashboard.ts', define: () => syntheticsDashboard() },
];
