import { Alertmanager, Prometheus, type IEmbeddedPersistentVolumeClaim } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Secret } from 'kubernetes-models/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { componentLabels, PART_OF, podSelector } from './labels.js';
import { APP_UID, restrictedPod, topologySpread } from './pod-security.js';
import { REQUIRED_SECRETS } from './secrets.js';
import { PROMETHEUS_RETENTION_DAYS, SCRAPE_INTERVAL_SECONDS, UPSTREAM_IMAGES } from './settings.js';
import { serviceAccount } from './workloads.js';

/** The name of the Prometheus and Alertmanager resources (the operator names pods and Services after it). */
export const MONITORING_NAME = 'zeus';
/** Where Alertmanager finds the PagerDuty key files (`pagerduty-<team>.key`), as the generated configs say. */
export const ALERTMANAGER_SECRETS_DIR = '/etc/alertmanager/secrets';
/** The Secret holding `alertmanager.yaml`. */
export const ALERTMANAGER_CONFIG_SECRET = 'zeus-alertmanager-config';

/**
 * A volume claim template: a claim spec without apiVersion and kind, as the CRD takes it (the
 * operator copies both into the StatefulSet, so they must not be the model's placeholder
 * values). See `validation.ts` for how it is still checked against a schema.
 */
function claimTemplate(size: string): IEmbeddedPersistentVolumeClaim {
  return { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } } } as unknown as IEmbeddedPersistentVolumeClaim;
}

/** How Prometheus runs in one environment. */
export interface PrometheusSettings {
  readonly replicas: number;
  readonly externalUrl: string;
  /** Labels every series and alert leaves with: `cluster` names the HA pair for deduplication. */
  readonly externalLabels: Readonly<Record<string, string>>;
  /** A Mimir or Thanos receive endpoint; each replica writes there, deduplicated by the labels. */
  readonly remoteWriteUrl?: string;
  /** Shards of the scrape (hashed by service); 1 until one Prometheus is not enough. */
  readonly shards: number;
}

/** Memory and disk of one Prometheus replica, from the sizing table (`sizing.ts`). */
export interface PrometheusSize {
  readonly memoryGiB: number;
  readonly storageGiB: number;
}

/** Prometheus discovers Services, endpoints and pods of its own namespace; nothing else. */
function discoveryRbac() {
  const labels = componentLabels('prometheus', 'monitoring');
  return [
    new Role({
      metadata: { name: 'prometheus-discovery', labels },
      rules: [
        { apiGroups: [''], resources: ['services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
      ],
    }),
    new RoleBinding({
      metadata: { name: 'prometheus-discovery', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'prometheus-discovery' },
      subjects: [{ kind: 'ServiceAccount', name: 'prometheus' }],
    }),
  ];
}

/**
 * The Prometheus of the Zeus namespace, run by the Prometheus Operator: scrapes the Zeus
 * ServiceMonitors and Probes and evaluates the Zeus PrometheusRules (selected by `part-of: zeus`).
 */
export function prometheus(settings: PrometheusSettings, namespace: string, size: PrometheusSize): Prometheus {
  const selector = { matchLabels: { 'app.kubernetes.io/part-of': PART_OF } };
  return new Prometheus({
    metadata: { name: MONITORING_NAME, labels: componentLabels('prometheus', 'monitoring') },
    spec: {
      image: UPSTREAM_IMAGES.prometheus.image, version: UPSTREAM_IMAGES.prometheus.version,
      replicas: settings.replicas, shards: settings.shards,
      serviceAccountName: 'prometheus', automountServiceAccountToken: true,
      podMetadata: { labels: componentLabels('prometheus', 'monitoring') },
      // No namespace selectors: only this namespace's monitors, probes and rules (staging and production may share a cluster);
      // the node_exporter monitor, one of them, discovers its targets in node_exporter's own namespace.
      serviceMonitorSelector: selector, probeSelector: selector, ruleSelector: selector,
      scrapeInterval: `${SCRAPE_INTERVAL_SECONDS}s`, evaluationInterval: `${SCRAPE_INTERVAL_SECONDS}s`,
      enableFeatures: ['exemplar-storage'], retention: `${PROMETHEUS_RETENTION_DAYS}d`,
      externalUrl: settings.externalUrl, externalLabels: { ...settings.externalLabels },
      replicaExternalLabelName: '__replica__',
      ...(settings.remoteWriteUrl ? { remoteWrite: [{ url: settings.remoteWriteUrl }] } : {}),
      alerting: { alertmanagers: [{ name: 'alertmanager-operated', namespace, port: 'web', apiVersion: 'v2' }] },
      securityContext: restrictedPod(APP_UID),
      resources: { requests: { cpu: '500m', memory: `${size.memoryGiB}Gi` }, limits: { cpu: '2', memory: `${size.memoryGiB}Gi` } },
      storage: { volumeClaimTemplate: claimTemplate(`${size.storageGiB}Gi`) },
      topologySpreadConstraints: topologySpread('prometheus').map((c) => ({ ...c, labelSelector: { matchLabels: podSelector('prometheus') } })),
    },
  });
}

/** The Alertmanager cluster: routing from the config Secret, PagerDuty keys from their own Secret. */
export function alertmanager(replicas: number, externalUrl: string): Alertmanager {
  return new Alertmanager({
    metadata: { name: MONITORING_NAME, labels: componentLabels('alertmanager', 'monitoring') },
    spec: {
      image: UPSTREAM_IMAGES.alertmanager.image, version: UPSTREAM_IMAGES.alertmanager.version,
      replicas, externalUrl, serviceAccountName: 'alertmanager', automountServiceAccountToken: false,
      podMetadata: { labels: componentLabels('alertmanager', 'monitoring') },
      configSecret: ALERTMANAGER_CONFIG_SECRET,
      // Mounted where every environment's generated config names the key files.
      volumes: [{ name: 'pagerduty-keys', secret: { secretName: REQUIRED_SECRETS.pagerduty.name, defaultMode: 0o440 } }],
      volumeMounts: [{ name: 'pagerduty-keys', mountPath: ALERTMANAGER_SECRETS_DIR, readOnly: true }],
      securityContext: restrictedPod(APP_UID),
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      topologySpreadConstraints: topologySpread('alertmanager'),
    },
  });
}

/** `alertmanager.yaml` as the operator reads it from `configSecret`. Names key files only, never keys. */
export function alertmanagerConfigSecret(config: string): Secret {
  return new Secret({
    metadata: { name: ALERTMANAGER_CONFIG_SECRET, labels: componentLabels('alertmanager', 'monitoring') },
    type: 'Opaque',
    stringData: { 'alertmanager.yaml': config },
  });
}

/** The accounts of Prometheus (with its discovery role) and Alertmanager (no token). */
export function monitoringAccounts() {
  return [serviceAccount('prometheus', 'monitoring', true), ...discoveryRbac(), serviceAccount('alertmanager', 'monitoring')];
}
