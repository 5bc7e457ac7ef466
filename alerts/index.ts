/**
 * Alerts as code, the library: typed builders for Prometheus alert groups with promtool tests
 * and runbooks, their rendering and validation, the Alertmanager configuration (routing by team
 * and severity, inhibitions, the academic calendar as time intervals) and the local PagerDuty
 * Events API v2 receiver. The alert groups themselves (`*.alerts.ts`) are content: the
 * composition root (`generate/registry.ts`) lists them.
 */
export * from './types.js';
export { defineAlert, defineAlertGroup, fires, input, quiet, series, type TypedAlertDefinition } from './builders.js';
export { runbookPath, runbookUrl, type AlertLinks } from './links.js';
export { groupPaths, renderRuleFile, renderTestFile } from './render-rules.js';
export { validateAlertGroups } from './validate.js';
export { ALERTMANAGER_CONFIG_PATH, alertsGenerator, type AlertsContent } from './generator.js';
export { renderAlertmanagerConfig } from './alertmanager/config.js';
export { localEndpoints, localRoutingKey, type AlertmanagerEndpoints } from './alertmanager/options.js';
export { HEARTBEAT_TIMEOUT, PIPELINE_TEAM, SERVICE_DOWN_ALERTS } from './alertmanager/policy.js';
export { startRunbookServer, type RunbookServer } from './runbooks-server.js';
export { startPagerReceiver, type PagerEvent, type PagerReceiver } from './pager/receiver.js';
export { THRESHOLDS } from './thresholds.js';
