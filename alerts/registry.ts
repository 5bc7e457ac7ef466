import { availabilityAlerts } from './availability.alerts.js';
import { backupAlerts } from './backup.alerts.js';
import { capacityAlerts } from './capacity.alerts.js';
import { enrollmentAlerts } from './enrollment.alerts.js';
import { exporterAlerts } from './exporter.alerts.js';
import { gradeAlerts } from './grades.alerts.js';
import { saturationAlerts } from './saturation.alerts.js';
import { securityAlerts } from './security.alerts.js';
import { syntheticsAlertGroup } from '../synthetics/index.js';
import { telemetryAlerts } from './telemetry.alerts.js';
import type { AlertGroup } from './types.js';
import { watchdogAlerts } from './watchdog.alerts.js';

/**
 * Every alert group `zeus-obs generate` renders. Another area adds its alerts with one import
 * and one entry (a group, or a list of groups spread in), e.g. `...sloAlertGroups,`. A function
 * rather than a constant so that areas which themselves import `alerts/index.ts` can be listed
 * here without import-cycle ordering problems: the list is built when generate runs.
 */
export function alertGroups(): readonly AlertGroup[] {
  return [
    watchdogAlerts,
    availabilityAlerts,
    enrollmentAlerts,
    gradeAlerts,
    saturationAlerts,
    capacityAlerts,
    backupAlerts,
    securityAlerts,
    telemetryAlerts,
    exporterAlerts,
    syntheticsAlertGroup(),
  ];
}
