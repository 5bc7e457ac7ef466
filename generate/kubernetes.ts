import { readFileSync } from 'node:fs';
import { DEFAULT_CARDINALITY_LIMIT } from '@zeus/instrumentation';
import { ALL_METRICS } from '@zeus/instrumentation/catalog';
import { ALERTMANAGER_CONFIG_PATH } from '../alerts/index.js';
import { ZEUS_CALENDAR } from '../calendar/index.js';
import { repoPath, type Artifact } from '../core/index.js';
import { ZEUS_FOLDER } from '../dashboards/index.js';
import type { Environment, Environments } from '../environments/index.js';
import { DEFAULT_PEERS, DEFAULT_SAMPLING_PERCENTAGE, type KubernetesContent, type OverlayInput } from '../kubernetes/index.js';
import { BLACKBOX_CONFIG_PATH, probeTargets } from '../probes/index.js';
import { FLAGS_FILE } from '../flags/index.js';
import { environmentDir } from './environments.js';
import type { Registry } from './registry.js';

/** An environment's Grafana data-source provisioning, relative to its folder. */
const DATASOURCES_PATH = 'grafana/provisioning/datasources/zeus.yml';

/** The version the project's images are tagged with: package.json's, an input like the sources. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The environments the cluster runs and their sizes. Their URLs and the files they carry come
 * from the environment of the same name (`environments/zeus.environments.ts`) and its
 * generated folder.
 */
const CLUSTER_ENVIRONMENTS = [
  {
    name: 'staging', namespace: 'zeus-staging', imageRegistry: 'registry.zeus.example/zeus',
    prometheus: { replicas: 1, shards: 1 }, alertmanagerReplicas: 1,
    scaling: { minReplicas: 1, maxReplicas: 4, requestsPerSecondPerReplica: 50, peakReplicas: 2 },
  },
  {
    name: 'production', namespace: 'zeus', imageRegistry: 'registry.zeus.example/zeus',
    prometheus: { replicas: 2, shards: 1, remoteWriteUrl: 'https://mimir.zeus.example/api/v1/push' }, alertmanagerReplicas: 3,
    scaling: { minReplicas: 2, maxReplicas: 12, requestsPerSecondPerReplica: 50, peakReplicas: 6 },
  },
] as const;

/** The files generated for one environment, with paths relative to its folder (`prometheus/rules/x.yml`). */
function filesOf(env: Environment, generated: readonly Artifact[]): Artifact[] {
  const dir = `${environmentDir(env.name)}/`;
  return generated.filter((a) => a.path.startsWith(dir)).map((a) => ({ path: a.path.slice(dir.length), content: a.content }));
}

/** One overlay from the environment's values and the files this run generated for it. */
function overlay(cluster: (typeof CLUSTER_ENVIRONMENTS)[number], env: Environment, generated: readonly Artifact[], registry: Registry): OverlayInput {
  const own = filesOf(env, generated);
  return {
    name: cluster.name, namespace: cluster.namespace, imageRegistry: cluster.imageRegistry,
    alertmanagerConfig: own.find((a) => a.path === ALERTMANAGER_CONFIG_PATH)?.content ?? '',
    ruleFiles: own.filter((a) => a.path.startsWith('prometheus/rules/')),
    datasources: own.find((a) => a.path === DATASOURCES_PATH)?.content ?? '',
    prometheus: { ...cluster.prometheus, externalUrl: env.prometheusUrl, externalLabels: { cluster: `zeus-${cluster.name}` } },
    alertmanager: { replicas: cluster.alertmanagerReplicas, externalUrl: env.alertmanagerUrl },
    scaling: cluster.scaling,
    blackbox: { config: own.find((a) => a.path === BLACKBOX_CONFIG_PATH)?.content ?? '', targets: probeTargets(registry.probes.spec, env.probes) },
  };
}

/** What the Kubernetes generator needs: the registry's SLOs, and the files just generated for each cluster environment. */
export function kubernetesContent(registry: Registry, generated: readonly Artifact[], environments: Environments): KubernetesContent {
  return {
    version: packageVersion(),
    calendar: ZEUS_CALENDAR,
    slos: registry.slos,
    dashboards: generated.filter((a) => a.path.startsWith('grafana/dashboards/')),
    dashboardFolder: ZEUS_FOLDER.title,
    peers: DEFAULT_PEERS,
    samplingPercentage: DEFAULT_SAMPLING_PERCENTAGE,
    overlays: CLUSTER_ENVIRONMENTS.map((cluster) => overlay(cluster, environments[cluster.name], generated, registry)),
    sizing: { metrics: ALL_METRICS, cardinalityLimit: DEFAULT_CARDINALITY_LIMIT },
    // An input like the sources: the definitions `zeus-obs flags` edits.
    flags: readFileSync(repoPath(FLAGS_FILE), 'utf8'),
  };
}
