import { ConfigMap, Namespace } from 'kubernetes-models/v1';
import type { Artifact, Generator, Problem } from '../core/index.js';
import { scaledObjects } from './autoscaling.js';
import { CLUSTER_SIZING, PROMETHEUS_RETENTION_DAYS, SCRAPE_INTERVAL_SECONDS } from './settings.js';
import { prometheusSize, sizingMarkdown, type SizingInput } from './sizing.js';
import { callGraph } from './call-graph.js';
import { collectorObjects, collectorRbac } from './collector.js';
import { WORKLOADS } from './components.js';
import { dashboardConfigMaps, datasourceConfigMap } from './grafana.js';
import { IMAGE_NAMES, projectImages } from './images.js';
import { componentLabels } from './labels.js';
import { networkPolicies } from './network-policies.js';
import { alertmanager, alertmanagerConfigSecret, monitoringAccounts, prometheus } from './prometheus.js';
import { renderDirectory, type KubernetesObject } from './render.js';
import { prometheusRules, shardingProblems } from './rules.js';
import { backupCronJobs } from './backups.js';
import { analysisTemplate, hasRollout, rollout } from './rollouts.js';
import { serviceMonitor } from './service-monitors.js';
import { validateObject } from './validation.js';
import type { KubernetesContent, OverlayInput } from './types.js';
import { backupClaim, ENVIRONMENT_CONFIGMAP, flagsConfigMap, workloadObjects } from './workloads.js';
import { validateFlagDocument } from '../flags/index.js';
import { postgresExporterObjects } from './postgres-exporter.js';
import { BLACKBOX_CONFIG_FILE, BLACKBOX_CONFIGMAP, BLACKBOX_EXPORTER, blackboxExporterObjects, probeObjects } from './blackbox-exporter.js';
import { nodeExporterClusterObjects, nodeExporterMonitor } from './node-exporter.js';
import { monitoringServiceMonitors } from './service-monitors.js';

/** Where the manifests go, relative to the output directory. */
export const KUBERNETES_DIR = 'kubernetes';
const SOURCE = 'kubernetes/generator.ts';
/** The cluster-wide node_exporter, applied once per cluster beside the overlays. */
export const NODE_EXPORTER_DIR = `${KUBERNETES_DIR}/node-exporter`;
/** The sizing table, also pasted into the README (a test keeps the two equal). */
export const SIZING_PATH = `${KUBERNETES_DIR}/SIZING.md`;

/** The tightest latency threshold of the SLOs, in ms: traces slower than it are always kept. */
function slowTraceMs(content: KubernetesContent): number | undefined {
  const thresholds = content.slos.flatMap((slo) => (slo.sli.kind === 'latency' ? [slo.sli.thresholdSeconds * 1000] : []));
  return thresholds.length === 0 ? undefined : Math.min(...thresholds);
}

/** Every environment-independent object: workloads, Collector, monitors, dashboards, policies. */
export function baseObjects(content: KubernetesContent, slowMs: number): KubernetesObject[] {
  const images = projectImages(content.version);
  return [
    backupClaim(),
    flagsConfigMap(content.flags),
    ...WORKLOADS.flatMap((spec) => [...workloadObjects(spec, images), serviceMonitor(spec)]),
    ...postgresExporterObjects(),
    ...blackboxExporterObjects(),
    nodeExporterMonitor(),
    ...monitoringServiceMonitors(),
    ...backupCronJobs(images, content.calendar.timeZone),
    ...collectorObjects({ slowTraceMs: slowMs, percentage: content.samplingPercentage }, content.peers.traceBackend.endpoint),
    ...monitoringAccounts(),
    ...dashboardConfigMaps(content.dashboards, content.dashboardFolder),
    ...networkPolicies(callGraph(content.peers), content.peers),
  ];
}

/** The objects only one environment has: its namespace, settings, Prometheus, Alertmanager and their rules and routing, scaling. */
export function overlayObjects(content: KubernetesContent, overlay: OverlayInput): KubernetesObject[] {
  const prometheusUrl = `http://prometheus-operated.${overlay.namespace}.svc:9090`;
  return [
    new Namespace({
      metadata: { name: overlay.namespace, labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' } },
    }),
    new ConfigMap({
      metadata: { name: ENVIRONMENT_CONFIGMAP, labels: componentLabels(ENVIRONMENT_CONFIGMAP, 'config') },
      data: { OTEL_RESOURCE_ATTRIBUTES: `deployment.environment.name=${overlay.name},k8s.namespace.name=${overlay.namespace}` },
    }),
    prometheus(overlay.prometheus, overlay.namespace, prometheusSize(sizingInput(content, overlay))),
    alertmanager(overlay.alertmanager.replicas, overlay.alertmanager.externalUrl),
    alertmanagerConfigSecret(overlay.alertmanagerConfig),
    ...prometheusRules(overlay.ruleFiles),
    datasourceConfigMap(overlay.datasources),
    ...collectorRbac(overlay.namespace),
    ...scaledObjects(content.calendar, overlay.scaling, prometheusUrl),
    ...progressiveDelivery(content, prometheusUrl),
    ...probeObjects(overlay.blackbox.targets),
  ];
}

/**
 * An Argo Rollout per Zeus service with its AnalysisTemplate: the canary analysis of
 * `zeus-obs rollout`, same PromQL, against this environment's Prometheus.
 */
function progressiveDelivery(content: KubernetesContent, prometheusUrl: string): KubernetesObject[] {
  return WORKLOADS.filter(hasRollout)
    .flatMap((spec) => [analysisTemplate(spec.service, content.slos, prometheusUrl), rollout(spec, content.version)]);
}

function overlayArtifacts(content: KubernetesContent, overlay: OverlayInput): Artifact[] {
  const images = Object.values(IMAGE_NAMES).map((name) => ({ name, newName: `${overlay.imageRegistry}/${name.split('/')[1]}` }));
  const dir = `${KUBERNETES_DIR}/overlays/${overlay.name}`;
  return [
    ...renderDirectory(dir, overlayObjects(content, overlay), {
      namespace: overlay.namespace,
      images,
      labels: [{ pairs: { 'zeus.academia/environment': overlay.name }, includeSelectors: false }],
      configMapGenerator: [{ name: BLACKBOX_CONFIGMAP, files: [BLACKBOX_CONFIG_FILE], options: { labels: componentLabels(BLACKBOX_EXPORTER, 'prober') } }],
    }, ['../../base']),
    // The environment's generated modules, byte for byte; kustomize makes the ConfigMap from it.
    { path: `${dir}/${BLACKBOX_CONFIG_FILE}`, content: overlay.blackbox.config },
  ];
}

/** The sizing of an overlay (by default the last, production): its replicas at the minimum KEDA keeps. */
export function sizingInput(content: KubernetesContent, overlay: OverlayInput = content.overlays[content.overlays.length - 1]!): SizingInput {
  const replicas = Object.fromEntries(WORKLOADS.map((w) => [w.service, w.replicas === 'keda' ? overlay.scaling.minReplicas : w.replicas]));
  return {
    ...content.sizing, replicas: replicas as SizingInput['replicas'], scrapeIntervalSeconds: SCRAPE_INTERVAL_SECONDS,
    retentionDays: PROMETHEUS_RETENTION_DAYS, prometheusReplicas: overlay.prometheus.replicas * overlay.prometheus.shards,
    upstream: { ...CLUSTER_SIZING, probeTargets: overlay.blackbox.targets.length },
  };
}

/** Schema problems of every object (the models' own validation), named by file. */
function validationProblems(objects: readonly KubernetesObject[], dir: string): Problem[] {
  return objects.flatMap((object) =>
    validateObject(object.toJSON()).map((message) => ({ file: SOURCE, field: `${dir}/${object.kind}/${object.metadata?.name}`, message })),
  );
}

/** An overlay without its routing or rules would deploy a silent monitoring stack; bad flag definitions would leave every flag at its default. */
function inputProblems(content: KubernetesContent): Problem[] {
  const flags = validateFlagDocument(content.flags).problems.map((p) => ({ file: SOURCE, field: `flags${p.field}`, message: p.message }));
  return [...flags, ...content.overlays.flatMap((overlay) => [
    ...(overlay.alertmanagerConfig.trim() === '' ? [{ file: SOURCE, field: `${overlay.name}/alertmanagerConfig`, message: 'no Alertmanager configuration was generated for this environment' }] : []),
    ...(overlay.ruleFiles.length === 0 ? [{ file: SOURCE, field: `${overlay.name}/ruleFiles`, message: 'no Prometheus rule files were generated for this environment' }] : []),
    ...(overlay.blackbox.config.trim() === '' ? [{ file: SOURCE, field: `${overlay.name}/blackbox.config`, message: 'no blackbox_exporter modules were generated for this environment' }] : []),
    ...(overlay.blackbox.targets.length === 0 ? [{ file: SOURCE, field: `${overlay.name}/blackbox.targets`, message: 'no probe targets for this environment' }] : []),
  ])];
}

/** The implied shard pins: each SLO id belongs to one service. */
function sloServices(content: KubernetesContent): Record<string, Record<string, string>> {
  return { slo: Object.fromEntries(content.slos.map((slo) => [slo.id, slo.service])) };
}

/**
 * The `kubernetes` generator: a kustomize base and one overlay per environment, every object a
 * typed model checked against its schema. Any problem fails the whole run.
 */
export function kubernetesGenerator(content: KubernetesContent): Generator {
  return {
    name: 'kubernetes',
    generate() {
      const slowMs = slowTraceMs(content);
      if (slowMs === undefined) return { artifacts: [], problems: [{ file: SOURCE, field: 'slos', message: 'no latency SLO: the tail-sampling threshold comes from one' }] };
      const base = baseObjects(content, slowMs);
      const nodeExporter = nodeExporterClusterObjects(content.overlays.map((overlay) => overlay.namespace));
      const overlays = content.overlays.map((overlay) => ({ overlay, objects: overlayObjects(content, overlay) }));
      const problems = [
        ...inputProblems(content),
        ...validationProblems(base, 'base'),
        ...validationProblems(nodeExporter, 'node-exporter'),
        ...overlays.flatMap(({ overlay, objects }) => validationProblems(objects, overlay.name)),
        ...content.overlays.flatMap((overlay) => shardingProblems(overlay.ruleFiles, { implied: sloServices(content) })),
      ];
      if (problems.length > 0) return { artifacts: [], problems };
      return {
        artifacts: [
          ...renderDirectory(`${KUBERNETES_DIR}/base`, base),
          ...renderDirectory(NODE_EXPORTER_DIR, nodeExporter),
          ...content.overlays.flatMap((overlay) => overlayArtifacts(content, overlay)),
          { path: SIZING_PATH, content: sizingMarkdown(sizingInput(content)) },
        ],
        problems,
      };
    },
  };
}
