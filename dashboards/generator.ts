/** The `dashboards` generator of `zeus-obs generate`: dashboard JSON, and one environment's provisioning. */
import { toYaml, type Artifact, type GeneratorOutput } from '../core/index.js';
import type { BuildResult } from './build.js';
import { dashboardsProvisioning, datasourcesProvisioning, type DatasourceUrls } from './provisioning.js';
import { stableJson } from './stable-json.js';

/** Output path of a dashboard's JSON, relative to the output directory. */
export function dashboardPath(uid: string): string {
  return `grafana/dashboards/${uid}.json`;
}

/**
 * The JSON of built dashboards, `grafana/dashboards/<uid>.json` each: the same in every
 * environment (data sources are referenced by fixed UIDs). Build problems pass through untouched.
 */
export function dashboardArtifacts(built: BuildResult): GeneratorOutput {
  const artifacts: Artifact[] = built.dashboards.map(({ spec, json }) => ({ path: dashboardPath(spec.uid), content: stableJson(json) }));
  return { artifacts, problems: [...built.problems] };
}

/**
 * One environment's Grafana provisioning: the file provider that loads the dashboards, and the
 * data sources at `urls` (where that environment's Grafana reaches Prometheus, Tempo and Loki).
 */
export function provisioningArtifacts(urls: DatasourceUrls): Artifact[] {
  return [
    { path: 'grafana/provisioning/dashboards/zeus.yml', content: toYaml(dashboardsProvisioning()) },
    { path: 'grafana/provisioning/datasources/zeus.yml', content: toYaml(datasourcesProvisioning(urls)) },
  ];
}
