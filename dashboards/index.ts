/**
 * Grafana dashboards as code, the library: the typed dashboard model, query and panel helpers,
 * rendering with grafana-foundation-sdk, the linter, provisioning and `grafana push`.
 *
 * A dashboard (`*.dashboard.ts`, in any folder) default-exports
 * `defineDashboard(import.meta.url, () => spec)` built with these helpers; the composition root
 * (`generate/registry.ts`) lists it.
 */
export * from './types.js';
export * from './datasources.js';
export * from './query.js';
export * from './panels.js';
export * from './selectors.js';
export { defineDashboard } from './define.js';
export { renderDashboard, DRILL_ANNOTATION_EXPR } from './render.js';
export { lintDashboard } from './lint.js';
export { DASHBOARDS_MOUNT_PATH, LOKI_SERVICE_LABEL, ZEUS_FOLDER, type DatasourceUrls } from './provisioning.js';
export { pushDashboards } from './push.js';
export { buildDashboards, type BuiltDashboard } from './build.js';
export { dashboardArtifacts, provisioningArtifacts } from './generator.js';
