/**
 * The local stack without Docker (`npm start`, `npx zeus-obs stack`): the reference services,
 * exporter, synthetics scheduler, Prometheus, Alertmanager and the local PagerDuty receiver as
 * child processes on loopback. Other folders import only this file.
 */
export { startStack, type RunningStack, type StackUrls, type StartStackOptions } from './start.js';
export { DEFAULT_PORTS, PRODUCTION_TIMING, TEST_TIMING, type StackOptions, type StackPorts, type StackTiming } from './options.js';
export { renderStatus, targetHealth, firingAlerts, type StackStatus, type ComponentStatus } from './status.js';
export { prometheusConfig, type PrometheusConfigInput, type ScrapeTarget } from './prometheus-config.js';
export { localAlertmanagerConfig, type LocalAlertmanagerInput, type LocalAlertmanagerConfig } from './alertmanager-config.js';
export { scaleExpression, scaleRuleFile } from './rules.js';
export { alertmanagerPidFile } from './start-monitoring.js';
export { traceExport, type TraceExport } from './traces.js';
export { markedProcesses, groupMembers, startChild, type Child, type ChildOptions } from './children.js';
export { failover, type FailoverResult } from './failover.js';
export { readPostgresState, REGIONS, type PostgresState, type Region } from './postgres-state.js';
export type { StackPostgres } from './start-postgres.js';
