/**
 * The composition root's list of content: every alert group, dashboard, SLO and the endpoint
 * probes that `zeus-obs generate` renders. Content lives by subject (`alerts/*.alerts.ts`,
 * `dashboards/*.dashboard.ts`, `slo/*.slo.ts`, `synthetics/synthetics.*.ts`, `probes/*.probes.ts`); each file
 * default-exports one definition made with its library's `define*(import.meta.url, ...)`.
 * Adding one is a file there and one line here.
 */
import availabilityAlerts from '../alerts/availability.alerts.js';
import backupAlerts from '../alerts/backup.alerts.js';
import capacityAlerts from '../alerts/capacity.alerts.js';
import endpointAlerts from '../alerts/endpoints.alerts.js';
import enrollmentAlerts from '../alerts/enrollment.alerts.js';
import exporterAlerts from '../alerts/exporter.alerts.js';
import gradeAlerts from '../alerts/grades.alerts.js';
import metaAlerts from '../alerts/meta.alerts.js';
import hostAlerts from '../alerts/hosts.alerts.js';
import postgresAlerts from '../alerts/postgres.alerts.js';
import saturationAlerts from '../alerts/saturation.alerts.js';
import securityAlerts from '../alerts/security.alerts.js';
import telemetryAlerts from '../alerts/telemetry.alerts.js';
import type { AlertGroup } from '../alerts/index.js';
import capacityDashboard from '../dashboards/capacity.dashboard.js';
import enrollmentDashboard from '../dashboards/enrollment.dashboard.js';
import gradesDashboard from '../dashboards/grades.dashboard.js';
import hostsDashboard from '../dashboards/hosts.dashboard.js';
import overviewDashboard from '../dashboards/overview.dashboard.js';
import postgresDashboard from '../dashboards/postgres.dashboard.js';
import serviceDashboard from '../dashboards/service.dashboard.js';
import telemetryDashboard from '../dashboards/telemetry.dashboard.js';
import type { DashboardDefinition } from '../dashboards/index.js';
import enrollmentAvailability from '../slo/enrollment-availability.slo.js';
import enrollmentLatency from '../slo/enrollment-latency.slo.js';
import gradesAvailability from '../slo/grades-availability.slo.js';
import portalLoginAvailability from '../slo/portal-login-availability.slo.js';
import syntheticJourneys from '../slo/synthetic-journeys.slo.js';
import sloDashboard from '../slo/slo.dashboard.js';
import { recordedSeries, type SloDefinition } from '../slo/index.js';
import zeusProbes from '../probes/zeus.probes.js';
import type { ProbesDefinition } from '../probes/index.js';
import syntheticsAlerts from '../synthetics/synthetics.alerts.js';
import syntheticsDashboard from '../synthetics/synthetics.dashboard.js';

/** Every SLO of the Zeus stack. */
export const SLOS: readonly SloDefinition[] = [
  enrollmentAvailability,
  enrollmentLatency,
  gradesAvailability,
  portalLoginAvailability,
  syntheticJourneys,
];

/** Every alert rule group, one rule file and one promtool test file each. */
export const ALERT_GROUPS: readonly AlertGroup[] = [
  metaAlerts,
  availabilityAlerts,
  enrollmentAlerts,
  gradeAlerts,
  saturationAlerts,
  capacityAlerts,
  backupAlerts,
  postgresAlerts,
  securityAlerts,
  telemetryAlerts,
  exporterAlerts,
  syntheticsAlerts,
  hostAlerts,
  endpointAlerts,
];

/** Every dashboard, in menu order. The SLO dashboard reads the series the SLO rules record. */
export const DASHBOARDS: readonly DashboardDefinition[] = [
  overviewDashboard,
  serviceDashboard,
  enrollmentDashboard,
  gradesDashboard,
  capacityDashboard,
  telemetryDashboard,
  postgresDashboard,
  syntheticsDashboard,
  hostsDashboard,
  { ...sloDashboard, recorded: () => recordedSeries(SLOS) },
];

/** What blackbox_exporter probes (its modules and targets are rendered per environment). */
export const PROBES: ProbesDefinition = zeusProbes;

/** Everything the composition root renders; tests pass altered copies. */
export interface Registry {
  readonly alertGroups: readonly AlertGroup[];
  readonly dashboards: readonly DashboardDefinition[];
  readonly slos: readonly SloDefinition[];
  readonly probes: ProbesDefinition;
}

/** The Zeus content. */
export const ZEUS_REGISTRY: Registry = { alertGroups: ALERT_GROUPS, dashboards: DASHBOARDS, slos: SLOS, probes: PROBES };
