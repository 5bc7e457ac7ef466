import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Service } from 'kubernetes-models/v1';
import { STACK_COMPONENTS } from '../ownership/index.js';
import { componentLabels, podSelector } from './labels.js';
import { probes, resources, restrictedContainer, restrictedPod, scratchVolumes, TMP } from './pod-security.js';
import { REQUIRED_SECRETS } from './secrets.js';
import { SCRAPE_INTERVAL_SECONDS, SHARD_KEY, UPSTREAM_IMAGES } from './settings.js';
import { databaseVolume, disruptionBudget, serviceAccount } from './workloads.js';

/** The component name, as the `service` target label and the pod's component label. */
export const POSTGRES_EXPORTER = 'postgres-exporter';
/** The exporter's metrics port (its default). */
export const POSTGRES_EXPORTER_PORT = 9187;

const secret = (key: (typeof REQUIRED_SECRETS.database.keys)[number]) => ({ secretKeyRef: { name: REQUIRED_SECRETS.database.name, key } });

/**
 * prometheus-postgres-exporter for the Zeus database: one replica (two would double every
 * series), connecting as the read-only role (`pg_monitor`), its password a file projected from
 * the `zeus-database` Secret, the server and database from `postgres-exporter-uri`.
 */
function exporterDeployment(): Deployment {
  const labels = componentLabels(POSTGRES_EXPORTER, 'exporter');
  const scratch = scratchVolumes([TMP]);
  const database = databaseVolume('readonly');
  return new Deployment({
    metadata: { name: POSTGRES_EXPORTER, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: podSelector(POSTGRES_EXPORTER) },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: POSTGRES_EXPORTER, automountServiceAccountToken: false, securityContext: restrictedPod(),
          containers: [{
            name: POSTGRES_EXPORTER, image: UPSTREAM_IMAGES.postgresExporter,
            args: [`--web.listen-address=:${POSTGRES_EXPORTER_PORT}`],
            ports: [{ name: 'metrics', containerPort: POSTGRES_EXPORTER_PORT, protocol: 'TCP' }],
            env: [
              { name: 'DATA_SOURCE_URI', valueFrom: secret('postgres-exporter-uri') },
              { name: 'DATA_SOURCE_USER', valueFrom: secret('readonly-user') },
              { name: 'DATA_SOURCE_PASS_FILE', value: `${database.mount.mountPath}/readonly-password` },
            ],
            resources: resources({ requests: { cpuMillis: 50, memoryMiB: 64 }, limits: { cpuMillis: 500, memoryMiB: 128 } }),
            securityContext: restrictedContainer(),
            volumeMounts: [database.mount, ...scratch.mounts],
            ...probes('metrics', 30, { ready: '/', live: '/' }),
          }],
          volumes: [database.volume, ...scratch.volumes],
          terminationGracePeriodSeconds: 10,
        },
      },
    },
  });
}

/** Scraped every 15 s as job `zeus-postgres`, `service="postgres-exporter"`, as in the local stack. */
function exporterMonitor(): ServiceMonitor {
  return new ServiceMonitor({
    metadata: { name: POSTGRES_EXPORTER, labels: componentLabels(POSTGRES_EXPORTER, 'exporter') },
    spec: {
      selector: { matchLabels: podSelector(POSTGRES_EXPORTER) },
      endpoints: [{
        port: 'metrics', path: '/metrics', interval: `${SCRAPE_INTERVAL_SECONDS}s`, scrapeTimeout: '10s',
        relabelings: [
          { action: 'replace', targetLabel: 'job', replacement: STACK_COMPONENTS[POSTGRES_EXPORTER].job },
          { action: 'replace', targetLabel: 'service', replacement: POSTGRES_EXPORTER },
          { action: 'replace', sourceLabels: [SHARD_KEY], targetLabel: '__tmp_hash' },
        ],
      }],
    },
  });
}

/** The exporter's account, Deployment, Service, disruption budget and ServiceMonitor. */
export function postgresExporterObjects() {
  return [
    serviceAccount(POSTGRES_EXPORTER, 'exporter'),
    exporterDeployment(),
    new Service({
      metadata: { name: POSTGRES_EXPORTER, labels: componentLabels(POSTGRES_EXPORTER, 'exporter') },
      spec: { selector: podSelector(POSTGRES_EXPORTER), ports: [{ name: 'metrics', port: POSTGRES_EXPORTER_PORT, targetPort: 'metrics', protocol: 'TCP' }] },
    }),
    disruptionBudget(POSTGRES_EXPORTER, 'exporter'),
    exporterMonitor(),
  ];
}
