import { Probe } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Service } from 'kubernetes-models/v1';
import { PROBE_JOBS, type ProbeTarget } from '../probes/index.js';
import { COMPONENT_PORTS } from './call-graph.js';
import { componentLabels, podSelector } from './labels.js';
import { probes, resources, restrictedContainer, restrictedPod, scratchVolumes, TMP, topologySpread } from './pod-security.js';
import { SCRAPE_INTERVAL_SECONDS, SHARD_KEY, UPSTREAM_IMAGES } from './settings.js';
import { disruptionBudget, serviceAccount } from './workloads.js';

/** The component name: the pod's component label and every object's name. */
export const BLACKBOX_EXPORTER = 'blackbox-exporter';
/**
 * The ConfigMap holding `blackbox.yml`. Each overlay generates it (kustomize
 * `configMapGenerator`) from its environment's generated modules; kustomize appends a hash of
 * the content to the name and rewrites the Deployment's reference, so a changed module rolls the pods.
 */
export const BLACKBOX_CONFIGMAP = 'blackbox-exporter-config';
/** The file name in the ConfigMap and in the overlay directory. */
export const BLACKBOX_CONFIG_FILE = 'blackbox.yml';
const CONFIG_DIR = '/etc/blackbox_exporter';
/** `nobody`, the user of the upstream image. */
const NOBODY = 65534;

/**
 * blackbox_exporter, two replicas behind one Service so a lost pod does not stop every probe.
 * Restricted pod security: it needs no capability (no ICMP module) and writes nothing.
 */
function exporterDeployment(): Deployment {
  const labels = componentLabels(BLACKBOX_EXPORTER, 'prober');
  const port = COMPONENT_PORTS.blackboxExporter;
  const scratch = scratchVolumes([{ ...TMP, sizeMiB: 16 }]);
  return new Deployment({
    metadata: { name: BLACKBOX_EXPORTER, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: podSelector(BLACKBOX_EXPORTER) },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: BLACKBOX_EXPORTER, automountServiceAccountToken: false, securityContext: restrictedPod(NOBODY),
          containers: [{
            name: BLACKBOX_EXPORTER, image: UPSTREAM_IMAGES.blackboxExporter,
            args: [`--config.file=${CONFIG_DIR}/${BLACKBOX_CONFIG_FILE}`, `--web.listen-address=:${port}`],
            ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
            resources: resources({ requests: { cpuMillis: 25, memoryMiB: 32 }, limits: { cpuMillis: 250, memoryMiB: 64 } }),
            securityContext: restrictedContainer(),
            volumeMounts: [{ name: 'config', mountPath: CONFIG_DIR, readOnly: true }, ...scratch.mounts],
            ...probes('http', 30, { ready: '/-/healthy', live: '/-/healthy' }),
          }],
          volumes: [{ name: 'config', configMap: { name: BLACKBOX_CONFIGMAP } }, ...scratch.volumes],
          topologySpreadConstraints: topologySpread(BLACKBOX_EXPORTER),
          terminationGracePeriodSeconds: 10,
        },
      },
    },
  });
}

/** The exporter's account (no API token), Deployment, Service and disruption budget: the same in every environment. */
export function blackboxExporterObjects() {
  return [
    serviceAccount(BLACKBOX_EXPORTER, 'prober'),
    exporterDeployment(),
    new Service({
      metadata: { name: BLACKBOX_EXPORTER, labels: componentLabels(BLACKBOX_EXPORTER, 'prober') },
      spec: { selector: podSelector(BLACKBOX_EXPORTER), ports: [{ name: 'http', port: COMPONENT_PORTS.blackboxExporter, targetPort: 'http', protocol: 'TCP' }] },
    }),
    disruptionBudget(BLACKBOX_EXPORTER, 'prober'),
  ];
}

/** The targets of one module, grouped by service in the order they first appear. */
function groups(targets: readonly ProbeTarget[]): { module: ProbeTarget['module']; service: string; targets: string[] }[] {
  const keyed = new Map<string, { module: ProbeTarget['module']; service: string; targets: string[] }>();
  for (const t of targets) {
    const key = `${t.module}/${t.service}`;
    if (!keyed.has(key)) keyed.set(key, { module: t.module, service: t.service, targets: [] });
    keyed.get(key)!.targets.push(t.target);
  }
  return [...keyed.values()];
}

/**
 * One Prometheus Operator Probe per module and service: Prometheus asks blackbox_exporter (its
 * Service) to probe each target with the module, as job `zeus-probe-*` with the target as
 * `instance` and the service label, the labels the local stack's and Compose's probe jobs give
 * (`probes/scrape.ts`), which the endpoint alerts and the synthetics dashboard select.
 */
export function probeObjects(targets: readonly ProbeTarget[]): Probe[] {
  return groups(targets).map((group) => new Probe({
    metadata: { name: `${PROBE_JOBS[group.module]}-${group.service}`, labels: componentLabels(BLACKBOX_EXPORTER, 'prober') },
    spec: {
      jobName: PROBE_JOBS[group.module],
      module: group.module,
      prober: { url: `${BLACKBOX_EXPORTER}:${COMPONENT_PORTS.blackboxExporter}`, scheme: 'http', path: '/probe' },
      interval: `${SCRAPE_INTERVAL_SECONDS}s`, scrapeTimeout: '10s',
      targets: {
        staticConfig: {
          static: group.targets,
          labels: { service: group.service },
          relabelingConfigs: [{ action: 'replace', sourceLabels: [SHARD_KEY], targetLabel: '__tmp_hash' }],
        },
      },
    },
  }));
}
