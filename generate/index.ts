/**
 * The composition root: the registry of every alert group, dashboard and SLO, and the one
 * build that hands them, with each environment's links and endpoints, to the libraries' pure
 * generators. File I/O lives in the CLI.
 */
export { build, DEFAULT_CONTEXT } from './build.js';
export { alertLinks, alertmanagerEndpoints, environmentDir, TESTED_ENVIRONMENT } from './environments.js';
export { ALERT_GROUPS, DASHBOARDS, PROBES, SLOS, ZEUS_REGISTRY } from './registry.js';
