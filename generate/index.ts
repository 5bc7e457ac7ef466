/**
 * The composition root: the registry of every alert group, dashboard and SLO, and the one
 * build that hands them to the libraries' pure generators. File I/O lives in the CLI.
 */
export { build, DEFAULT_CONTEXT, type Build } from './build.js';
export { ALERT_GROUPS, DASHBOARDS, SLOS, ZEUS_REGISTRY, type Registry } from './registry.js';
