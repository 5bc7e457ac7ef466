import type { ClusterPeers } from './settings.js';
import { portOf, workload, WORKLOADS } from './components.js';

/** The components whose pods run in the Zeus namespace. */
export type Component =
  | 'portal' | 'enrollment' | 'grades' | 'business-exporter' | 'synthetics'
  | 'otel-collector' | 'otel-gateway' | 'prometheus' | 'alertmanager' | 'backup' | 'postgres-exporter' | 'blackbox-exporter';

/** Peers outside the namespace: pods of another namespace, or addresses outside the cluster. */
export type ExternalPeer = 'ingress' | 'grafana' | 'keda' | 'dns' | 'trace-backend' | 'api-server' | 'internet' | 'webhooks' | 'database' | 'nodes';

/** One end of a flow. */
export type Peer = { readonly pod: Component } | { readonly external: ExternalPeer };

/** One needed connection: `from` opens it to `to` on `port`. */
export interface Flow {
  readonly from: Peer;
  readonly to: Peer;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
  readonly why: string;
}

/** Ports of the components that are not Zeus workloads. */
export const COMPONENT_PORTS = {
  collectorOtlpHttp: 4318,
  collectorMetrics: 8888,
  collectorHealth: 13133,
  gatewayOtlpGrpc: 4317,
  prometheusWeb: 9090,
  postgresExporter: 9187,
  blackboxExporter: 9115,
  /**
   * node_exporter on the host network of every node: 9100 moved by 10000, because
   * kube-prometheus-stack (the `monitoring` namespace of the defaults) runs its own node_exporter
   * on the nodes' port 9100, and two host-network listeners on one port cannot both start.
   */
  nodeExporter: 19100,
  /** HTTPS of the public name (the ingress controller behind the load balancer). */
  publicHttps: 443,
  alertmanagerWeb: 9093,
  alertmanagerMesh: 9094,
  dns: 53,
} as const;

const pod = (name: Component): Peer => ({ pod: name });
const external = (name: ExternalPeer): Peer => ({ external: name });
const tcp = (from: Peer, to: Peer, port: number, why: string): Flow => ({ from, to, port, protocol: 'TCP', why });

/** Prometheus scrapes the metrics port of every Zeus workload, the PostgreSQL exporter, itself and Alertmanager (on the port it sends alerts to). */
function scrapes(): Flow[] {
  return [
    ...WORKLOADS.map((w) => tcp(pod('prometheus'), pod(w.service), portOf(w, 'metrics'), `Prometheus scrapes ${w.service}`)),
    tcp(pod('prometheus'), pod('postgres-exporter'), COMPONENT_PORTS.postgresExporter, 'Prometheus scrapes postgres-exporter'),
    tcp(pod('prometheus'), pod('prometheus'), COMPONENT_PORTS.prometheusWeb, 'Prometheus scrapes itself'),
    tcp(pod('prometheus'), external('nodes'), COMPONENT_PORTS.nodeExporter, 'Prometheus scrapes node_exporter on every node (host network)'),
    tcp(pod('prometheus'), pod('blackbox-exporter'), COMPONENT_PORTS.blackboxExporter, 'Prometheus asks blackbox_exporter to probe the endpoints'),
  ];
}

/**
 * blackbox_exporter reaches what it probes: each service's port directly (http_2xx, tcp_connect)
 * and the public name over HTTPS (http_2xx, tls). A pod reaching the load balancer's address is
 * usually rerouted to the ingress controller's pods by kube-proxy before policies apply, so both
 * the ingress pods and the public address are admitted on 443. The dns probe asks the cluster DNS.
 */
function endpointProbes(): Flow[] {
  const http = (name: 'portal' | 'enrollment' | 'grades') => portOf(workload(name), 'http');
  return [
    ...(['portal', 'enrollment', 'grades'] as const).map((to) => tcp(pod('blackbox-exporter'), pod(to), http(to), `blackbox_exporter probes ${to}`)),
    tcp(pod('blackbox-exporter'), external('ingress'), COMPONENT_PORTS.publicHttps, 'blackbox_exporter probes the public name (rerouted to the ingress controller)'),
    tcp(pod('blackbox-exporter'), external('internet'), COMPONENT_PORTS.publicHttps, 'blackbox_exporter probes the public name and its certificate at the load balancer'),
  ];
}

/** Everything that connects to the PostgreSQL database (outside the cluster) on its port. */
function database(): Flow[] {
  const clients: Component[] = ['portal', 'enrollment', 'grades', 'business-exporter', 'postgres-exporter', 'backup'];
  return clients.map((from) => tcp(pod(from), external('database'), 0, `${from} connects to PostgreSQL`));
}

/** The instrumented workloads export traces to the Collector. */
function traces(): Flow[] {
  const senders: Component[] = ['portal', 'enrollment', 'grades', 'synthetics'];
  return [
    ...senders.map((from) => tcp(pod(from), pod('otel-collector'), COMPONENT_PORTS.collectorOtlpHttp, `${from} exports traces (OTLP/HTTP)`)),
    tcp(pod('otel-collector'), pod('otel-gateway'), COMPONENT_PORTS.gatewayOtlpGrpc, 'the Collector routes each trace to one gateway by trace id'),
    tcp(pod('otel-gateway'), external('trace-backend'), 0, 'the gateway exports sampled traces'),
    tcp(pod('otel-collector'), external('api-server'), 0, 'k8sattributes watches pods'),
  ];
}

/** Students reach the portal; the portal calls the APIs; the prober checks everything. */
function application(): Flow[] {
  const http = (name: 'portal' | 'enrollment' | 'grades') => portOf(workload(name), 'http');
  return [
    tcp(external('ingress'), pod('portal'), http('portal'), 'students and faculty reach the portal through the ingress controller'),
    tcp(pod('portal'), pod('enrollment'), http('enrollment'), 'the portal calls the enrollment API'),
    tcp(pod('portal'), pod('grades'), http('grades'), 'the portal calls the grades API'),
    ...(['portal', 'enrollment', 'grades'] as const).map((to) => tcp(pod('synthetics'), pod(to), http(to), `journeys exercise ${to}`)),
    tcp(pod('synthetics'), pod('prometheus'), COMPONENT_PORTS.prometheusWeb, 'stack checks read targets and the Watchdog'),
    tcp(pod('synthetics'), pod('alertmanager'), COMPONENT_PORTS.alertmanagerWeb, 'stack checks read Alertmanager readiness'),
  ];
}

/** Prometheus, Alertmanager and the consumers of their APIs. */
function monitoring(): Flow[] {
  const am = COMPONENT_PORTS.alertmanagerMesh;
  return [
    tcp(pod('prometheus'), pod('alertmanager'), COMPONENT_PORTS.alertmanagerWeb, 'Prometheus sends alerts'),
    tcp(pod('prometheus'), external('api-server'), 0, 'Prometheus discovers targets'),
    tcp(pod('prometheus'), external('internet'), 0, 'remote_write to the long-term store'),
    tcp(pod('alertmanager'), pod('alertmanager'), am, 'Alertmanager replicas gossip (TCP)'),
    { from: pod('alertmanager'), to: pod('alertmanager'), port: am, protocol: 'UDP', why: 'Alertmanager replicas gossip (UDP)' },
    tcp(pod('alertmanager'), external('internet'), 0, 'PagerDuty Events API'),
    tcp(pod('alertmanager'), external('webhooks'), 0, 'ticket and heartbeat webhooks'),
    tcp(external('grafana'), pod('prometheus'), COMPONENT_PORTS.prometheusWeb, 'Grafana queries Prometheus'),
    tcp(external('grafana'), pod('alertmanager'), COMPONENT_PORTS.alertmanagerWeb, 'Grafana reads alerts'),
    tcp(external('keda'), pod('prometheus'), COMPONENT_PORTS.prometheusWeb, 'the KEDA Prometheus scaler reads request rates'),
  ];
}

/** Every component that resolves names asks the cluster DNS, over UDP and TCP. */
function dns(): Flow[] {
  const resolvers: Component[] = [
    'portal', 'enrollment', 'grades', 'synthetics', 'otel-collector', 'otel-gateway', 'prometheus', 'alertmanager', 'business-exporter', 'postgres-exporter', 'backup',
    'blackbox-exporter',
  ];
  return resolvers.flatMap((from) => (['UDP', 'TCP'] as const).map((protocol) => ({ from: pod(from), to: external('dns'), port: COMPONENT_PORTS.dns, protocol, why: `${from} resolves names` })));
}

/**
 * The call graph of the Zeus namespace: every connection a component needs, and no other.
 * NetworkPolicies are generated from it, and a test evaluates them against it. A port of 0
 * means the external peer's own port (from {@link ClusterPeers}).
 */
export function callGraph(peers: ClusterPeers): Flow[] {
  const externalPort: Partial<Record<ExternalPeer, number>> = {
    'trace-backend': peers.traceBackend.port, 'api-server': peers.apiServer.port, internet: peers.internet.port, webhooks: peers.webhooks.port,
    database: peers.database.port,
  };
  return [...application(), ...scrapes(), ...endpointProbes(), ...database(), ...traces(), ...monitoring(), ...dns()].map((flow) =>
    flow.port === 0 && 'external' in flow.to ? { ...flow, port: externalPort[flow.to.external] ?? 0 } : flow,
  );
}

/** A readable name of a peer (`portal`, `external:dns`). */
export function peerName(peer: Peer): string {
  return 'pod' in peer ? peer.pod : `external:${peer.external}`;
}
