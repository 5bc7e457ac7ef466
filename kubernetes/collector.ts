import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { ClusterRole, ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { toYaml } from '../core/index.js';
import { COMPONENT_PORTS } from './call-graph.js';
import { collectorConfig, GATEWAY_SERVICE, gatewayConfig, type SamplingPolicy } from './collector-config.js';
import { componentLabels, podSelector } from './labels.js';
import { probes, restrictedContainer, restrictedPod, scratchVolumes, TMP, topologySpread } from './pod-security.js';
import { UPSTREAM_IMAGES } from './settings.js';
import { disruptionBudget, serviceAccount } from './workloads.js';

/** The Collector image's unprivileged user. */
const COLLECTOR_UID = 10001;

interface Tier {
  readonly name: 'otel-collector' | 'otel-gateway';
  readonly config: Record<string, unknown>;
  readonly port: { readonly name: string; readonly port: number };
  readonly apiAccess: boolean;
}

function tierDeployment(tier: Tier): Deployment {
  const labels = componentLabels(tier.name, 'telemetry');
  const scratch = scratchVolumes([TMP]);
  return new Deployment({
    metadata: { name: tier.name, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: podSelector(tier.name) },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: tier.name,
          automountServiceAccountToken: tier.apiAccess,
          securityContext: restrictedPod(COLLECTOR_UID),
          containers: [{
            name: 'collector', image: UPSTREAM_IMAGES.collector, args: ['--config=/conf/config.yaml'],
            ports: [{ name: tier.port.name, containerPort: tier.port.port, protocol: 'TCP' }, { name: 'health', containerPort: COMPONENT_PORTS.collectorHealth, protocol: 'TCP' }],
            resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
            securityContext: restrictedContainer(),
            volumeMounts: [{ name: 'config', mountPath: '/conf', readOnly: true }, ...scratch.mounts],
            ...probes('health', 30, { ready: '/healthz', live: '/healthz' }),
          }],
          volumes: [{ name: 'config', configMap: { name: tier.name } }, ...scratch.volumes],
          topologySpreadConstraints: topologySpread(tier.name),
        },
      },
    },
  });
}

function tierService(tier: Tier): Service {
  return new Service({
    metadata: { name: tier.name, labels: componentLabels(tier.name, 'telemetry') },
    spec: {
      ...(tier.name === GATEWAY_SERVICE ? { clusterIP: 'None' } : {}),
      selector: podSelector(tier.name),
      ports: [{ name: tier.port.name, port: tier.port.port, targetPort: tier.port.name, protocol: 'TCP' }],
    },
  });
}

/**
 * k8sattributes reads pods, namespaces and replica sets (for the deployment name); nothing else.
 * Cluster-scoped, so named per namespace: staging and production can share a cluster.
 */
export function collectorRbac(namespace: string): [ClusterRole, ClusterRoleBinding] {
  const name = `zeus-otel-collector-${namespace}`;
  const role = new ClusterRole({
    metadata: { name, labels: componentLabels('otel-collector', 'telemetry') },
    rules: [
      { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
    ],
  });
  const binding = new ClusterRoleBinding({
    metadata: { name, labels: componentLabels('otel-collector', 'telemetry') },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name: 'otel-collector', namespace }],
  });
  return [role, binding];
}

/** Both Collector tiers: config, Deployment, Service, budget; the first tier's account mounts a token. */
export function collectorObjects(policy: SamplingPolicy, traceBackend: string) {
  const tiers: Tier[] = [
    { name: 'otel-collector', config: collectorConfig(undefined), port: { name: 'otlp-http', port: COMPONENT_PORTS.collectorOtlpHttp }, apiAccess: true },
    { name: 'otel-gateway', config: gatewayConfig(policy, traceBackend), port: { name: 'otlp-grpc', port: COMPONENT_PORTS.gatewayOtlpGrpc }, apiAccess: false },
  ];
  return [
    serviceAccount('otel-collector', 'telemetry', true),
    serviceAccount('otel-gateway', 'telemetry'),
    ...tiers.flatMap((tier) => [
      new ConfigMap({ metadata: { name: tier.name, labels: componentLabels(tier.name, 'telemetry') }, data: { 'config.yaml': toYaml(tier.config) } }),
      tierDeployment(tier),
      tierService(tier),
      disruptionBudget(tier.name, 'telemetry'),
    ]),
  ];
}
