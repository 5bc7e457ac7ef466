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
export { renderDashboard, ZEUS_TAG, HOME_UID, DRILL_ANNOTATION_EXPR, type RenderContext } from './render.js';
export { lintDashboard, lintQuery, MAX_UID_LENGTH, type Known, type LintableDashboard, type LintOptions } from './lint.js';
export { stableJson } from './stable-json.js';
export {
  dashboardsProvisioning,
  datasourcesProvisioning,
  DASHBOARDS_MOUNT_PATH,
  LOKI_SERVICE_LABEL,
  ZEUS_FOLDER,
  type DatasourceUrls,
} from './provisioning.js';
export { pushDashboards, type PushOptions, type PushResult } from './push.js';
export { buildDashboards, type BuildResult, type BuiltDashboard } from './build.js';
export { dashboardArtifacts, dashboardPath, provisioningArtifacts } from './generator.js';
