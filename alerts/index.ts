/**
 * Alerts as code, the library: typed builders for Prometheus alert groups with promtool tests
 * and runbooks, their rendering and validation, the Alertmanager configuration (routing by team
 * and severity, inhibitions, the academic calendar as time intervals) and the local PagerDuty
 * Events API v2 receiver. The alert groups themselves (`*.alerts.ts`) are content: the
 * composition root (`generate/registry.ts`) lists them.
 */
export * from './types.js';
export { defineAlert, defineAlertGroup, fires, input, quiet, series, type LabelsOf, type TypedAlertDefinition, type TypedAlertTest } from './builders.js';
export { DASHBOARD_UIDS, dashboardUrl, runbookPath, runbookUrl, type AlertLinks, type DashboardUid } from './links.js';
export { THRESHOLDS } from './thresholds.js';
export { groupPaths, renderRuleFile, renderTestFile } from './render-rules.js';
export { validateAlertGroups, type ValidateOptions } from './validate.js';
export { ALERTMANAGER_CONFIG_PATH, alertsGenerator, runbookInCheckout, type AlertsContent } from './generator.js';
export { alertmanagerConfig, alertmanagerProblems, renderAlertmanagerConfig } from './alertmanager/config.js';
export { localEndpoints, localRoutingKey, type AlertmanagerEndpoints, type Timing } from './alertmanager/options.js';
export { DELIVERY_FAILURE_ALERTS, ESCALATIONS, HEARTBEAT_TIMEOUT, PIPELINE_TEAM, SERVICE_DOWN_ALERTS, TEAM_ROUTING, type TeamRouting } from './alertmanager/policy.js';
export { RECEIVER } from './alertmanager/receivers.js';
export { calendarTimeIntervals, maintenanceIntervalName, periodEntries, type TimeInterval, type TimeIntervalEntry } from './alertmanager/time-intervals.js';
export { startRunbookServer, type RunbookServer, type RunbookServerOptions } from './runbooks-server.js';
export {
  DEAD_MANS_SWITCH, DEAD_MANS_SWITCH_KEY, startPagerReceiver, type HeartbeatOptions, type HeartbeatStatus, type Incident, type PagerEvent, type PagerReceiver,
} from './pager/receiver.js';
export type { Route } from './alertmanager/routes.js';
