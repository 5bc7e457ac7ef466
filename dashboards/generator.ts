/** The `dashboards` generator of `zeus-obs generate`. */
import { stringify } from 'yaml';
import type { Artifact, Generator } from '../generate/index.js';
// Not through generate/index.ts: generate/generators.ts imports this folder, and a value import
// of the door from here would close an import cycle.
import { GENERATED_HEADER } from '../generate/types.js';
import { buildDashboards } from './build.js';
import { dashboardsProvisioning, datasourcesProvisioning, DEFAULT_DATASOURCE_URLS, type DatasourceUrls } from './provisioning.js';
import { DASHBOARDS } from './registry.js';
import { stableJson } from './stable-json.js';
import type { DashboardEntry } from './types.js';

/** Output path of a dashboard's JSON, relative to the output directory. */
export function dashboardPath(uid: string): string {
  return `grafana/dashboards/${uid}.json`;
}

function yamlFile(value: object): string {
  return GENERATED_HEADER + stringify(value, { sortMapEntries: true, lineWidth: 0 });
}

/**
 * Renders `grafana/dashboards/<uid>.json` for every registered dashboard plus the Grafana
 * provisioning files; every definition and linter problem is reported, none is thrown.
 */
export function dashboardsGenerator(
  registry: readonly DashboardEntry[] = DASHBOARDS,
  urls: DatasourceUrls = DEFAULT_DATASOURCE_URLS,
): Generator {
  return {
    name: 'dashboards',
    generate({ catalog }) {
      const { dashboards, problems } = buildDashboards(registry, catalog);
      const artifacts: Artifact[] = dashboards.map(({ spec, json }) => ({ path: dashboardPath(spec.uid), content: stableJson(json) }));
      artifacts.push(
        { path: 'grafana/provisioning/dashboards/zeus.yml', content: yamlFile(dashboardsProvisioning()) },
        { path: 'grafana/provisioning/datasources/zeus.yml', content: yamlFile(datasourcesProvisioning(urls)) },
      );
      return { artifacts, problems };
    },
  };
}
