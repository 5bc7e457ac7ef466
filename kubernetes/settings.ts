/**
 * Settings of the Kubernetes manifests that are not content: upstream image versions, the
 * peers outside the namespace, resource sizes and the tail-sampling rate. One place, typed, so
 * an operator changes a value here and regenerates.
 */

/** Upstream images, pinned by exact version (never `latest`). */
export const UPSTREAM_IMAGES = {
  collector: 'otel/opentelemetry-collector-contrib:0.116.1',
  prometheus: { image: 'quay.io/prometheus/prometheus:v2.53.3', version: 'v2.53.3' },
  alertmanager: { image: 'quay.io/prometheus/alertmanager:v0.27.0', version: 'v0.27.0' },
  /** The release Debian ships and the catalogue's series were checked against. */
  postgresExporter: 'quay.io/prometheuscommunity/postgres-exporter:v0.11.1',
  /** node_exporter and blackbox_exporter at the releases Debian ships (the stack's binaries) and Compose runs. */
  nodeExporter: 'quay.io/prometheus/node-exporter:v1.5.0',
  blackboxExporter: 'quay.io/prometheus/blackbox-exporter:v0.23.0',
} as const;

/** Where peers outside the namespace live; NetworkPolicies admit exactly these. */
export interface ClusterPeers {
  /** Namespace of the ingress controller that forwards students to the portal. */
  readonly ingressNamespace: string;
  /** Namespace of kube-prometheus-stack (its Grafana queries our Prometheus and Alertmanager). */
  readonly monitoringNamespace: string;
  /** Namespace of the KEDA operator (its Prometheus scaler queries our Prometheus). */
  readonly kedaNamespace: string;
  /** CIDR of the Kubernetes API server (service discovery, k8sattributes), and its port. */
  readonly apiServer: { readonly cidr: string; readonly port: number };
  /** The trace backend the gateway exports to (OTLP gRPC): its namespace, pod labels and endpoint. */
  readonly traceBackend: { readonly namespace: string; readonly pods: Readonly<Record<string, string>>; readonly endpoint: string; readonly port: number };
  /** Internet egress (HTTPS) for PagerDuty and remote_write: public addresses only. */
  readonly internet: { readonly cidr: string; readonly except: readonly string[]; readonly port: number };
  /** The in-house ticket and heartbeat webhooks Alertmanager calls (plain HTTP inside the network). */
  readonly webhooks: { readonly cidr: string; readonly port: number };
  /** The university's PostgreSQL service (run by the database team, outside the cluster): its addresses and port. */
  readonly database: { readonly cidr: string; readonly port: number };
  /**
   * The nodes' own addresses: node_exporter answers there (host network), so Prometheus's egress
   * policy admits this block on node_exporter's port only.
   */
  readonly nodes: { readonly cidr: string };
}

/** The defaults of a typical cluster: ingress-nginx, kube-prometheus-stack in `monitoring`, KEDA in `keda`. */
export const DEFAULT_PEERS: ClusterPeers = {
  ingressNamespace: 'ingress-nginx',
  monitoringNamespace: 'monitoring',
  kedaNamespace: 'keda',
  apiServer: { cidr: '10.96.0.1/32', port: 443 },
  traceBackend: { namespace: 'tracing', pods: { 'app.kubernetes.io/name': 'tempo' }, endpoint: 'tempo-distributor.tracing.svc:4317', port: 4317 },
  internet: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'], port: 443 },
  webhooks: { cidr: '10.20.0.0/16', port: 80 },
  database: { cidr: '10.30.0.0/24', port: 5432 },
  nodes: { cidr: '10.10.0.0/16' },
};

/**
 * The cluster the sizing table plans for (not measured: set these to the cluster's): its nodes,
 * each counted at the shape of the largest, and the Zeus PostgreSQL server (one exporter; the
 * Zeus database, \`postgres\`, the two templates and the shared-objects row of pg_stat_database).
 */
export const CLUSTER_SIZING = {
  nodes: 6,
  node: { cpus: 8, disks: 2, filesystems: 10, networkDevices: 2 },
  postgresExporters: 1,
  databases: 5,
} as const;

/** Tail sampling: the share of ordinary traces kept (errors and slow traces are always kept). */
export const DEFAULT_SAMPLING_PERCENTAGE = 10;

/** Scrape and rule evaluation interval of the production Prometheus. */
export const SCRAPE_INTERVAL_SECONDS = 15;

/** Local retention of each Prometheus replica. */
export const PROMETHEUS_RETENTION_DAYS = 15;

/** The shard key of the Prometheus scrape (see `shard.ts`): every series of one service in one shard. */
export const SHARD_KEY = 'service';
