/**
 * Kubernetes manifests for the Prometheus Operator world, the library: typed objects from
 * `@kubernetes-models/*` for the Zeus workloads, the Collector, the monitors, rules, dashboards,
 * NetworkPolicies from one call graph, and KEDA scaling from the academic calendar. A pure
 * generator (`kubernetesGenerator`) renders a kustomize base and one overlay per environment.
 */
export { kubernetesGenerator, SIZING_PATH } from './generator.js';
export { sizingMarkdown, sizingRows, labelSets, seriesPerSet, type SizingInput } from './sizing.js';
export type { KubernetesContent, OverlayInput } from './types.js';
export { DEFAULT_PEERS, DEFAULT_SAMPLING_PERCENTAGE, SHARD_KEY } from './settings.js';
export { REQUIRED_SECRETS } from './secrets.js';
export { callGraph, peerName, COMPONENT_PORTS, type ExternalPeer } from './call-graph.js';
export { externalLocation } from './network-policies.js';
export { WORKLOADS } from './components.js';
export { PRE_SCALING } from './calendar-scaling.js';
export { targetRelabelings } from './service-monitors.js';
export { ALERTMANAGER_SECRETS_DIR } from './prometheus.js';
export { COMPONENT_LABEL, GRAFANA_FOLDER_ANNOTATION } from './labels.js';
export { validateObject } from './validation.js';
