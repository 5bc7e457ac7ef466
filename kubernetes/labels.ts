/** Label and annotation keys every object carries, and the selectors built from them. */

/** The value of `app.kubernetes.io/part-of` on every object; Prometheus selects rules and monitors by it. */
export const PART_OF = 'zeus';

/** The labels of one component's objects and pods. */
export function componentLabels(component: string, role: string): Record<string, string> {
  return { 'app.kubernetes.io/name': component, 'app.kubernetes.io/component': role, 'app.kubernetes.io/part-of': PART_OF, [COMPONENT_LABEL]: component };
}

/**
 * The label that names a pod's component on every pod of the namespace, ours and the ones the
 * Prometheus Operator creates (set through `podMetadata`); NetworkPolicies select by it.
 */
export const COMPONENT_LABEL = 'zeus.academia/component';

/** The selector of one component's pods (stable across versions, unlike the full label set). */
export function podSelector(component: string): Record<string, string> {
  return { [COMPONENT_LABEL]: component };
}

/** The label the kube-prometheus-stack Grafana sidecar looks for on dashboard ConfigMaps. */
export const GRAFANA_DASHBOARD_LABEL = 'grafana_dashboard';
/** The label the sidecar looks for on data-source ConfigMaps. */
export const GRAFANA_DATASOURCE_LABEL = 'grafana_datasource';
/** The annotation the sidecar reads a dashboard's folder from (its `folderAnnotation`). */
export const GRAFANA_FOLDER_ANNOTATION = 'grafana_folder';
