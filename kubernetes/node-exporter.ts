import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { DaemonSet } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { Namespace, Service, ServiceAccount, type IContainer, type IVolume, type IVolumeMount } from 'kubernetes-models/v1';
import { STACK_COMPONENTS } from '../ownership/index.js';
import { nodeExporterCollectorArgs } from '../probes/index.js';
import { COMPONENT_PORTS } from './call-graph.js';
import { componentLabels, podSelector } from './labels.js';
import { resources, restrictedContainer } from './pod-security.js';
import { SCRAPE_INTERVAL_SECONDS, SHARD_KEY, UPSTREAM_IMAGES } from './settings.js';

/** The component name: the `service` target label, the pod's component label, every object's name. */
export const NODE_EXPORTER = 'node-exporter';
/**
 * node_exporter's own namespace. The Zeus namespaces enforce the `restricted` Pod Security
 * Standard, which refuses host namespaces and hostPath volumes; this one enforces `privileged`
 * and holds nothing but the DaemonSet, its Service and their policies.
 */
export const NODE_EXPORTER_NAMESPACE = 'zeus-node-exporter';
/** Why the namespace is privileged, on the Namespace itself for whoever audits its label. */
const PRIVILEGED_REASON =
  "node_exporter reads the host's /proc, /sys and root filesystem (hostPath, read-only) in the host's PID and network namespaces, " +
  'which only the privileged Pod Security level admits. The pod still runs as nobody, with no capability and a read-only root filesystem.';
/** `nobody`, the user of the upstream image. */
const NOBODY = 65534;

/** Where the host's trees are mounted in the container, and the flag that points node_exporter at each. */
const HOST_PATHS = [
  { name: 'proc', hostPath: '/proc', mountPath: '/host/proc', flag: 'path.procfs' },
  { name: 'sys', hostPath: '/sys', mountPath: '/host/sys', flag: 'path.sysfs' },
  // HostToContainer: file systems mounted on the host after the pod started (a new volume) are seen too.
  { name: 'root', hostPath: '/', mountPath: '/host/root', flag: 'path.rootfs', propagation: 'HostToContainer' },
] as const;

/**
 * Mount points the filesystem collector skips: node_exporter's default list plus the kubelet's
 * per-pod volumes and the container runtimes' layers, which would add series per pod and alert on
 * volumes that are not the node's disks.
 */
const MOUNT_POINTS_EXCLUDE = '^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+|var/lib/kubelet/pods/.+|run/containerd/.+)($|/)';

/**
 * node_exporter's arguments in the DaemonSet: the host trees, the node's own address (not every
 * interface), then the collector set of `probes/node-exporter.ts` unchanged, the one source the
 * local stack and Compose use too.
 */
export function nodeExporterArgs(): string[] {
  return [
    ...HOST_PATHS.map((p) => `--${p.flag}=${p.mountPath}`),
    `--web.listen-address=$(HOST_IP):${COMPONENT_PORTS.nodeExporter}`,
    ...nodeExporterCollectorArgs(),
    `--collector.filesystem.mount-points-exclude=${MOUNT_POINTS_EXCLUDE}`,
  ];
}

function hostVolumes(): { volumes: IVolume[]; mounts: IVolumeMount[] } {
  return {
    volumes: HOST_PATHS.map((p) => ({ name: p.name, hostPath: { path: p.hostPath, type: 'Directory' } })),
    mounts: HOST_PATHS.map((p) => ({ name: p.name, mountPath: p.mountPath, readOnly: true, ...('propagation' in p ? { mountPropagation: p.propagation } : {}) })),
  };
}

function exporterContainer(mounts: IVolumeMount[]): IContainer {
  const port = COMPONENT_PORTS.nodeExporter;
  const get = { httpGet: { path: '/', port: 'metrics' }, timeoutSeconds: 3 };
  return {
    name: NODE_EXPORTER, image: UPSTREAM_IMAGES.nodeExporter,
    args: nodeExporterArgs(),
    env: [{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }],
    ports: [{ name: 'metrics', containerPort: port, hostPort: port, protocol: 'TCP' }],
    resources: resources({ requests: { cpuMillis: 50, memoryMiB: 64 }, limits: { cpuMillis: 250, memoryMiB: 128 } }),
    securityContext: restrictedContainer(),
    volumeMounts: mounts,
    readinessProbe: { ...get, periodSeconds: 10, failureThreshold: 3 },
    livenessProbe: { ...get, periodSeconds: 20, failureThreshold: 3 },
  };
}

/**
 * One node_exporter per node, every node (any taint is tolerated, control plane included): the
 * host's PID and network namespaces so /proc/1 and the network devices are the node's, the
 * host's trees read-only, as `nobody` without capabilities on a read-only root.
 */
function daemonSet(): DaemonSet {
  const labels = componentLabels(NODE_EXPORTER, 'exporter');
  const { volumes, mounts } = hostVolumes();
  return new DaemonSet({
    metadata: { name: NODE_EXPORTER, namespace: NODE_EXPORTER_NAMESPACE, labels },
    spec: {
      selector: { matchLabels: podSelector(NODE_EXPORTER) },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      template: {
        metadata: { labels },
        spec: {
          hostPID: true, hostNetwork: true,
          serviceAccountName: NODE_EXPORTER, automountServiceAccountToken: false,
          // The node's metrics matter most when the node is under pressure: evicted last.
          priorityClassName: 'system-node-critical',
          tolerations: [{ operator: 'Exists' }],
          securityContext: { runAsNonRoot: true, runAsUser: NOBODY, runAsGroup: NOBODY, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [exporterContainer(mounts)],
          volumes,
          terminationGracePeriodSeconds: 10,
        },
      },
    },
  });
}

/**
 * The Zeus Prometheus of each namespace discovers the exporter's endpoints here (its own Role
 * covers only its namespace), and nothing else.
 */
function discoveryRbac(prometheusNamespaces: readonly string[]): Array<Role | RoleBinding> {
  const labels = componentLabels(NODE_EXPORTER, 'exporter');
  const name = 'zeus-prometheus-discovery';
  return [
    new Role({
      metadata: { name, namespace: NODE_EXPORTER_NAMESPACE, labels },
      rules: [
        { apiGroups: [''], resources: ['services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
      ],
    }),
    new RoleBinding({
      metadata: { name, namespace: NODE_EXPORTER_NAMESPACE, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: prometheusNamespaces.map((namespace) => ({ kind: 'ServiceAccount', name: 'prometheus', namespace })),
    }),
  ];
}

/**
 * Only the Zeus Prometheus pods may connect, on the metrics port; the exporter connects nowhere.
 * Many network plugins do not apply policies to host-network pods at all: there, what guards the
 * port is the node firewall (node_exporter listens on the node's own address only).
 */
function networkPolicy(prometheusNamespaces: readonly string[]): NetworkPolicy {
  return new NetworkPolicy({
    metadata: { name: `allow-${NODE_EXPORTER}`, namespace: NODE_EXPORTER_NAMESPACE, labels: componentLabels(NODE_EXPORTER, 'network') },
    spec: {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{
        from: prometheusNamespaces.map((namespace) => ({
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
          podSelector: { matchLabels: podSelector('prometheus') },
        })),
        ports: [{ protocol: 'TCP', port: COMPONENT_PORTS.nodeExporter }],
      }],
      egress: [],
    },
  });
}

/**
 * The cluster-wide node_exporter, applied once per cluster (`kubectl apply -k
 * generated/kubernetes/node-exporter`), whichever environments share the cluster: its
 * privileged namespace, account, DaemonSet, headless Service, the discovery role of each Zeus
 * Prometheus and the network policy. Every object names its namespace (no kustomize namespace).
 */
export function nodeExporterClusterObjects(prometheusNamespaces: readonly string[]) {
  const labels = componentLabels(NODE_EXPORTER, 'exporter');
  return [
    new Namespace({
      metadata: {
        name: NODE_EXPORTER_NAMESPACE,
        labels: { ...labels, 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/enforce-version': 'latest' },
        annotations: { 'zeus.academia/pod-security-reason': PRIVILEGED_REASON },
      },
    }),
    new ServiceAccount({ metadata: { name: NODE_EXPORTER, namespace: NODE_EXPORTER_NAMESPACE, labels }, automountServiceAccountToken: false }),
    daemonSet(),
    new Service({
      metadata: { name: NODE_EXPORTER, namespace: NODE_EXPORTER_NAMESPACE, labels },
      spec: {
        clusterIP: 'None', selector: podSelector(NODE_EXPORTER),
        ports: [{ name: 'metrics', port: COMPONENT_PORTS.nodeExporter, targetPort: 'metrics', protocol: 'TCP' }],
      },
    }),
    ...discoveryRbac(prometheusNamespaces),
    networkPolicy(prometheusNamespaces),
  ];
}

/**
 * Scraped every 15 s from each Zeus namespace as job `zeus-node`, `service="node-exporter"`, as
 * the local stack and Compose do (the host alerts, the USE dashboard and the capacity report
 * select that job). `instance` is the node's name: nodes are known by name, and a replaced
 * node's address may come back on another.
 */
export function nodeExporterMonitor(): ServiceMonitor {
  return new ServiceMonitor({
    metadata: { name: NODE_EXPORTER, labels: componentLabels(NODE_EXPORTER, 'exporter') },
    spec: {
      namespaceSelector: { matchNames: [NODE_EXPORTER_NAMESPACE] },
      selector: { matchLabels: podSelector(NODE_EXPORTER) },
      endpoints: [{
        port: 'metrics', path: '/metrics', interval: `${SCRAPE_INTERVAL_SECONDS}s`, scrapeTimeout: '10s',
        relabelings: [
          { action: 'replace', targetLabel: 'job', replacement: STACK_COMPONENTS[NODE_EXPORTER].job },
          { action: 'replace', targetLabel: 'service', replacement: NODE_EXPORTER },
          { action: 'replace', sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance' },
          { action: 'replace', sourceLabels: [SHARD_KEY], targetLabel: '__tmp_hash' },
        ],
      }],
    },
  });
}
