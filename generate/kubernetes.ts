import { readFileSync } from 'node:fs';
import { DEFAULT_CARDINALITY_LIMIT } from '@zeus/instrumentation';
import { ALL_METRICS } from '@zeus/instrumentation/catalog';
import { ALERTMANAGER_CONFIG_PATH } from '../alerts/index.js';
import { ZEUS_CALENDAR } from '../calendar/index.js';
import { repoPath, toYaml, type Artifact } from '../core/index.js';
import { datasourcesProvisioning, DEFAULT_DATASOURCE_URLS, ZEUS_FOLDER } from '../dashboards/index.js';
import { DEFAULT_PEERS, DEFAULT_SAMPLING_PERCENTAGE, type KubernetesContent, type OverlayInput } from '../kubernetes/index.js';
import type { Registry } from './registry.js';

/** The version the project's images are tagged with: package.json's, an input like the sources. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version;
}

/** The environments the cluster runs; their URLs and sizes are the overlays' settings. */
const CLUSTER_ENVIRONMENTS = [
  {
    name: 'staging', namespace: 'zeus-staging', imageRegistry: 'registry.zeus.example/zeus',
    prometheusUrl: 'https://prometheus.staging.zeus.example', alertmanagerUrl: 'https://alertmanager.staging.zeus.example',
    prometheus: { replicas: 1, shards: 1 }, alertmanagerReplicas: 1,
    scaling: { minReplicas: 1, maxReplicas: 4, requestsPerSecondPerReplica: 50, peakReplicas: 2 },
  },
  {
    name: 'production', namespace: 'zeus', imageRegistry: 'registry.zeus.example/zeus',
    prometheusUrl: 'https://prometheus.zeus.example', alertmanagerUrl: 'https://alertmanager.zeus.example',
    prometheus: { replicas: 2, shards: 1, remoteWriteUrl: 'https://mimir.zeus.example/api/v1/push' }, alertmanagerReplicas: 3,
    scaling: { minReplicas: 2, maxReplicas: 12, requestsPerSecondPerReplica: 50, peakReplicas: 6 },
  },
] as const;

/** One overlay from the files this run generated for the environment. */
function overlay(env: (typeof CLUSTER_ENVIRONMENTS)[number], generated: readonly Artifact[]): OverlayInput {
  const svc = (name: string, port: number) => `http://${name}.${env.namespace}.svc:${port}`;
  return {
    name: env.name, namespace: env.namespace, imageRegistry: env.imageRegistry,
    alertmanagerConfig: generated.find((a) => a.path === ALERTMANAGER_CONFIG_PATH)?.content ?? '',
    ruleFiles: generated.filter((a) => a.path.startsWith('prometheus/rules/')),
    datasources: toYaml(datasourcesProvisioning({ ...DEFAULT_DATASOURCE_URLS, prometheus: svc('prometheus-operated', 9090), tempo: 'http://tempo-query-frontend.tracing.svc:3200', loki: 'http://loki-gateway.logging.svc:80' })),
    prometheus: { ...env.prometheus, externalUrl: env.prometheusUrl, externalLabels: { cluster: `zeus-${env.name}` } },
    alertmanager: { replicas: env.alertmanagerReplicas, externalUrl: env.alertmanagerUrl },
    scaling: env.scaling,
  };
}

/** What the Kubernetes generator needs: the registry's SLOs and the rule and dashboard files just generated. */
export function kubernetesContent(registry: Registry, generated: readonly Artifact[]): KubernetesContent {
  return {
    version: packageVersion(),
    calendar: ZEUS_CALENDAR,
    slos: registry.slos,
    dashboards: generated.filter((a) => a.path.startsWith('grafana/dashboards/')),
    dashboardFolder: ZEUS_FOLDER.title,
    peers: DEFAULT_PEERS,
    samplingPercentage: DEFAULT_SAMPLING_PERCENTAGE,
    overlays: CLUSTER_ENVIRONMENTS.map((env) => overlay(env, generated)),
    sizing: { metrics: ALL_METRICS, cardinalityLimit: DEFAULT_CARDINALITY_LIMIT },
  };
}
