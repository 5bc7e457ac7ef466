/**
 * Alerts as code: typed Prometheus alert groups with promtool tests and runbooks, the
 * Alertmanager configuration (routing by team and severity, inhibitions, the academic calendar
 * as time intervals) and the local PagerDuty Events API v2 receiver.
 */
export * from './types.js';
export { defineAlert, defineAlertGroup, fires, input, quiet, series, type LabelsOf, type TypedAlertDefinition, type TypedAlertTest } from './builders.js';
export { ALERT_LINKS, DASHBOARD_UIDS, dashboardUrl, runbookPath, runbookUrl, type AlertLinks, type DashboardUid } from './links.js';
export { THRESHOLDS } from './thresholds.js';
export { alertGroups } from './registry.js';
export { SERVICE_DOWN_ALERTS } from './availability.alerts.js';
export { groupPaths, renderRuleFile, renderTestFile } from './render-rules.js';
export { STACK_COMPONENTS, validateAlertGroups, type ValidateOptions } from './validate.js';
export { ALERTMANAGER_CONFIG_PATH, REPO_ROOT, alertsGenerator, createAlertsGenerator, type AlertsGeneratorOptions } from './generator.js';
export { alertmanagerConfig, alertmanagerProblems, renderAlertmanagerConfig } from './alertmanager/config.js';
export { PRODUCTION_ENDPOINTS, localEndpoints, localRoutingKey, type AlertmanagerEndpoints, type Timing } from './alertmanager/options.js';
export { ESCALATIONS, TEAM_ROUTING, type TeamRouting } from './alertmanager/policy.js';
export { RECEIVER } from './alertmanager/receivers.js';
export { calendarTimeIntervals, maintenanceIntervalName, periodEntries, type TimeInterval, type TimeIntervalEntry } from './alertmanager/time-intervals.js';
export { entryContains, intervalContains } from './alertmanager/interval-eval.js';
export { startPagerReceiver, type PagerReceiver, type PagerEvent, type Incident } from './pager/receiver.js';
export { matchRoutes, matcherMatches, receiversAt, type MatchedRoute } from './alertmanager/route-eval.js';
export type { Route } from './alertmanager/routes.js';
