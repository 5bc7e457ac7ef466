/** The `dashboards` generator of `zeus-obs generate`. */
import { toYaml, type Artifact, type GeneratorOutput } from '../core/index.js';
import type { BuildResult } from './build.js';
import { dashboardsProvisioning, datasourcesProvisioning, type DatasourceUrls } from './provisioning.js';
import { stableJson } from './stable-json.js';

/** Output path of a dashboard's JSON, relative to the output directory. */
export function dashboardPath(uid: string): string {
  return `grafana/dashboards/${uid}.json`;
}

/**
 * The Grafana files for built dashboards: `grafana/dashboards/<uid>.json` for each, plus the
 * provisioning files for the data sources at `urls`. Build problems pass through untouched.
 */
export function dashboardArtifacts(built: BuildResult, urls: DatasourceUrls): GeneratorOutput {
  const artifacts: Artifact[] = built.dashboards.map(({ spec, json }) => ({ path: dashboardPath(spec.uid), content: stableJson(json) }));
  artifacts.push(
    { path: 'grafana/provisioning/dashboards/zeus.yml', content: toYaml(dashboardsProvisioning()) },
    { path: 'grafana/provisioning/datasources/zeus.yml', content: toYaml(datasourcesProvisioning(urls)) },
  );
  return { artifacts, problems: [...built.problems] };
}
