import { NetworkPolicy, type INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1';
import { peerName, type Component, type ExternalPeer, type Flow, type Peer } from './call-graph.js';
import { componentLabels, podSelector } from './labels.js';
import type { ClusterPeers } from './settings.js';

/** Where an external peer is: pods of a namespace (labels), or an address block. */
export type ExternalLocation =
  | { readonly namespace: string; readonly pods?: Readonly<Record<string, string>> }
  | { readonly cidr: string; readonly except?: readonly string[] };

/** The location of each external peer in a cluster. */
export function externalLocation(peer: ExternalPeer, peers: ClusterPeers): ExternalLocation {
  switch (peer) {
    case 'ingress': return { namespace: peers.ingressNamespace };
    case 'grafana': return { namespace: peers.monitoringNamespace, pods: { 'app.kubernetes.io/name': 'grafana' } };
    case 'keda': return { namespace: peers.kedaNamespace, pods: { app: 'keda-operator' } };
    case 'dns': return { namespace: 'kube-system', pods: { 'k8s-app': 'kube-dns' } };
    case 'trace-backend': return { namespace: peers.traceBackend.namespace, pods: peers.traceBackend.pods };
    case 'api-server': return { cidr: peers.apiServer.cidr };
    case 'internet': return { cidr: peers.internet.cidr, except: peers.internet.except };
    case 'webhooks': return { cidr: peers.webhooks.cidr };
    case 'database': return { cidr: peers.database.cidr };
    case 'nodes': return { cidr: peers.nodes.cidr };
  }
}

function policyPeer(peer: Peer, peers: ClusterPeers): INetworkPolicyPeer {
  if ('pod' in peer) return { podSelector: { matchLabels: podSelector(peer.pod) } };
  const location = externalLocation(peer.external, peers);
  if ('cidr' in location) return { ipBlock: { cidr: location.cidr, ...(location.except ? { except: [...location.except] } : {}) } };
  return {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': location.namespace } },
    ...(location.pods ? { podSelector: { matchLabels: { ...location.pods } } } : {}),
  };
}

/** Denies every connection into and out of every pod of the namespace; the per-component policies open the call graph. */
export function defaultDeny(): NetworkPolicy {
  return new NetworkPolicy({
    metadata: { name: 'default-deny', labels: componentLabels('default-deny', 'network') },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
}

/** One component's policy: exactly the flows of the call graph that reach it or leave it. */
function componentPolicy(component: Component, flows: readonly Flow[], peers: ClusterPeers): NetworkPolicy {
  const isPod = (peer: Peer) => 'pod' in peer && peer.pod === component;
  const rule = (flow: Flow, other: Peer) => ({ peer: policyPeer(other, peers), ports: [{ protocol: flow.protocol, port: flow.port }] });
  const ingress = flows.filter((f) => isPod(f.to)).map((f) => rule(f, f.from));
  const egress = flows.filter((f) => isPod(f.from)).map((f) => rule(f, f.to));
  return new NetworkPolicy({
    metadata: { name: `allow-${component}`, labels: componentLabels(component, 'network'), annotations: { 'zeus.academia/flows': describe(component, flows) } },
    spec: {
      podSelector: { matchLabels: podSelector(component) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: ingress.map((r) => ({ from: [r.peer], ports: r.ports })),
      egress: egress.map((r) => ({ to: [r.peer], ports: r.ports })),
    },
  });
}

function describe(component: Component, flows: readonly Flow[]): string {
  return flows
    .filter((f) => ('pod' in f.to && f.to.pod === component) || ('pod' in f.from && f.from.pod === component))
    .map((f) => `${peerName(f.from)} -> ${peerName(f.to)}:${f.port}/${f.protocol}`)
    .join(', ');
}

/** The default deny and one policy per component that appears in the call graph. */
export function networkPolicies(flows: readonly Flow[], peers: ClusterPeers): NetworkPolicy[] {
  const components = new Set<Component>();
  for (const f of flows) for (const end of [f.from, f.to]) if ('pod' in end) components.add(end.pod);
  return [defaultDeny(), ...[...components].sort().map((c) => componentPolicy(c, flows, peers))];
}
