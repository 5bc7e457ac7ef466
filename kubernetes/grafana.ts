import { ConfigMap } from 'kubernetes-models/v1';
import type { Artifact } from '../core/index.js';
import { componentLabels, GRAFANA_DASHBOARD_LABEL, GRAFANA_DATASOURCE_LABEL, GRAFANA_FOLDER_ANNOTATION } from './labels.js';

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** One ConfigMap per dashboard, holding the generated JSON byte for byte, for the kube-prometheus-stack sidecar. */
export function dashboardConfigMaps(dashboards: readonly Artifact[], folder: string): ConfigMap[] {
  return dashboards.map((dashboard) => {
    const file = baseName(dashboard.path);
    return new ConfigMap({
      metadata: {
        name: `zeus-dashboard-${file.replace(/\.json$/, '')}`,
        labels: { ...componentLabels('grafana-dashboards', 'dashboards'), [GRAFANA_DASHBOARD_LABEL]: '1' },
        annotations: { [GRAFANA_FOLDER_ANNOTATION]: folder },
      },
      data: { [file]: dashboard.content },
    });
  });
}

/** The data sources (Prometheus with exemplar links, Tempo, Loki) for the sidecar. */
export function datasourceConfigMap(provisioning: string): ConfigMap {
  return new ConfigMap({
    metadata: { name: 'zeus-datasources', labels: { ...componentLabels('grafana-datasources', 'dashboards'), [GRAFANA_DATASOURCE_LABEL]: '1' } },
    data: { 'zeus-datasources.yaml': provisioning },
  });
}
