/**
 * Grafana dashboards as code: the public door of `dashboards/`.
 *
 * To add a dashboard elsewhere (slo/, synthetics/): write a function returning a
 * `DashboardSpec` with the helpers below, then add one line to `DASHBOARDS` in
 * `dashboards/registry.ts`. The registry is exported last so that modules it imports may import
 * this door (their `define` runs only at generation time).
 */
export * from './types.js';
export * from './datasources.js';
export * from './query.js';
export * from './panels.js';
export * from './selectors.js';
export { renderDashboard, ZEUS_TAG, HOME_UID, DRILL_ANNOTATION_EXPR, type RenderContext } from './render.js';
export { lintDashboard, lintQuery, MAX_UID_LENGTH, type Known, type LintableDashboard, type LintOptions } from './lint.js';
export { stableJson } from './stable-json.js';
export {
  dashboardsProvisioning,
  datasourcesProvisioning,
  DASHBOARDS_MOUNT_PATH,
  DEFAULT_DATASOURCE_URLS,
  ZEUS_FOLDER,
  type DatasourceUrls,
} from './provisioning.js';
export { pushDashboards, type PushOptions, type PushResult } from './push.js';
// Last: the registry imports the dashboards (possibly from other folders).
export { buildDashboards, type BuildResult, type BuiltDashboard } from './build.js';
export { DASHBOARDS } from './registry.js';
export { dashboardsGenerator, dashboardPath } from './generator.js';
