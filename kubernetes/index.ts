/**
 * Kubernetes manifests for the Prometheus Operator world, the library: typed objects from
 * `@kubernetes-models/*` for the Zeus workloads, the Collector, the monitors, rules, dashboards,
 * NetworkPolicies from one call graph, and KEDA scaling from the academic calendar. A pure
 * generator (`kubernetesGenerator`) renders a kustomize base and one overlay per environment.
 */
export { kubernetesGenerator, baseObjects, overlayObjects, sizingInput, KUBERNETES_DIR, SIZING_PATH } from './generator.js';
export { sizingMarkdown, sizingRows, labelSets, seriesPerSet, PRODUCERS_OF, type SizingInput, type SizingRow } from './sizing.js';
export type { KubernetesContent, OverlayInput } from './types.js';
export type { ScalingSettings } from './autoscaling.js';
export type { PrometheusSettings } from './prometheus.js';
export { DEFAULT_PEERS, DEFAULT_SAMPLING_PERCENTAGE, SHARD_KEY, SCRAPE_INTERVAL_SECONDS, type ClusterPeers } from './settings.js';
export { REQUIRED_SECRETS } from './secrets.js';
export { callGraph, peerName, COMPONENT_PORTS, type Component, type ExternalPeer, type Flow, type Peer } from './call-graph.js';
export { externalLocation, type ExternalLocation } from './network-policies.js';
export { WORKLOADS, type WorkloadSpec } from './components.js';
export { scaleWindows, cronAt, PRE_SCALING, type ScaleWindow } from './calendar-scaling.js';
export { targetRelabelings } from './service-monitors.js';
export { samplingPolicies } from './collector-config.js';
export { ALERTMANAGER_CONFIG_SECRET, ALERTMANAGER_SECRETS_DIR, MONITORING_NAME } from './prometheus.js';
export { COMPONENT_LABEL, GRAFANA_FOLDER_ANNOTATION } from './labels.js';
export { validateObject } from './validation.js';
