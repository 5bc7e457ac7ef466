import { describe, expect, it } from 'vitest';
import { callGraph, COMPONENT_LABEL, COMPONENT_PORTS, DEFAULT_PEERS, externalLocation, peerName, type ExternalPeer } from './index.js';
import { kustomize, ofKind, podTemplate, type BuiltObject } from './testing/built.js';
import { allowed, type Endpoint } from './testing/network-policy-eval.js';

const EXTERNAL: ExternalPeer[] = ['ingress', 'grafana', 'keda', 'dns', 'trace-backend', 'api-server', 'internet', 'webhooks', 'database', 'nodes'];
const PROBE_PORT = { port: 12345, protocol: 'TCP' } as const;

/** A representative address of a block, outside its exceptions. */
function addressIn(cidr: string): string {
  return cidr === '0.0.0.0/0' ? '8.8.8.8' : cidr.split('/')[0]!.replace(/\.0$/, '.9');
}

/** The ports an external peer listens on, as the settings say. */
function externalPorts(peer: ExternalPeer): Endpoint['ports'] {
  const tcp = (port: number) => [{ port, protocol: 'TCP' as const }];
  switch (peer) {
    case 'dns': return [{ port: COMPONENT_PORTS.dns, protocol: 'UDP' }, { port: COMPONENT_PORTS.dns, protocol: 'TCP' }];
    case 'trace-backend': return tcp(DEFAULT_PEERS.traceBackend.port);
    case 'api-server': return tcp(DEFAULT_PEERS.apiServer.port);
    case 'internet': return tcp(DEFAULT_PEERS.internet.port);
    case 'webhooks': return tcp(DEFAULT_PEERS.webhooks.port);
    case 'database': return tcp(DEFAULT_PEERS.database.port);
    case 'nodes': return tcp(COMPONENT_PORTS.nodeExporter);
    default: return tcp(443);
  }
}

function externalEndpoint(peer: ExternalPeer): Endpoint {
  const location = externalLocation(peer, DEFAULT_PEERS);
  const ports = externalPorts(peer);
  if ('cidr' in location) return { name: `external:${peer}`, ip: addressIn(location.cidr), ports };
  return { name: `external:${peer}`, namespace: location.namespace, labels: { ...location.pods }, ip: '0.0.0.0', ports };
}

/** Every pod of the namespace, from the built Deployments, CronJobs and the operator's pods. */
function namespacePods(objects: BuiltObject[], namespace: string): Endpoint[] {
  const fromTemplates = [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'CronJob')].map((o) => {
    const template = podTemplate(o);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const ports = template.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP' })));
    return { name: template.metadata.labels[COMPONENT_LABEL], namespace, labels: template.metadata.labels, ip: '0.0.0.0', ports };
  });
  const operated = [
    { kind: 'Prometheus', ports: [{ port: COMPONENT_PORTS.prometheusWeb, protocol: 'TCP' as const }] },
    { kind: 'Alertmanager', ports: [{ port: COMPONENT_PORTS.alertmanagerWeb, protocol: 'TCP' as const }, { port: COMPONENT_PORTS.alertmanagerMesh, protocol: 'TCP' as const }, { port: COMPONENT_PORTS.alertmanagerMesh, protocol: 'UDP' as const }] },
  ].map(({ kind, ports }) => {
    const labels = ofKind(objects, kind)[0]!.spec.podMetadata.labels;
    return { name: labels[COMPONENT_LABEL], namespace, labels, ip: '0.0.0.0', ports };
  });
  return [...fromTemplates, ...operated];
}

/** Strangers that no flow names: a pod of another namespace and a private address. */
const STRANGERS: Endpoint[] = [
  { name: 'stranger-pod', namespace: 'default', labels: { app: 'stranger' }, ip: '0.0.0.0', ports: [{ port: 443, protocol: 'TCP' }] },
  { name: 'stranger-address', ip: '192.168.7.7', ports: [{ port: 443, protocol: 'TCP' }] },
];

/** Every (from, to, port) the built policies allow between the endpoints, at least one end in the namespace. */
function allowedFlows(objects: BuiltObject[], namespace: string): Set<string> {
  const endpoints = [...new Map(namespacePods(objects, namespace).map((e) => [e.name, e])).values(), ...EXTERNAL.map(externalEndpoint), ...STRANGERS];
  const policies = ofKind(objects, 'NetworkPolicy');
  const namespaceLabels = (ns: string) => ({ 'kubernetes.io/metadata.name': ns });
  const result = new Set<string>();
  for (const from of endpoints) {
    for (const to of endpoints) {
      if (from.namespace !== namespace && to.namespace !== namespace) continue;
      for (const { port, protocol } of [...to.ports, PROBE_PORT]) {
        if (allowed(policies, from, to, port, protocol, namespaceLabels)) result.add(`${from.name} -> ${to.name}:${port}/${protocol}`);
      }
    }
  }
  return result;
}

describe.each(['staging', 'production'] as const)('NetworkPolicies of the %s overlay (built by kubectl kustomize)', (overlay) => {
  const objects = kustomize(`overlays/${overlay}`);
  const namespace = ofKind(objects, 'Namespace')[0]!.metadata.name;
  const needed = new Set(callGraph(DEFAULT_PEERS).map((f) => `${peerName(f.from)} -> ${peerName(f.to)}:${f.port}/${f.protocol}`));
  const actual = allowedFlows(objects, namespace);

  it('allow every flow of the call graph', () => {
    expect([...needed].filter((flow) => !actual.has(flow))).toEqual([]);
  });

  it('allow nothing else: no other pair, no other port, no stranger', () => {
    expect([...actual].filter((flow) => !needed.has(flow))).toEqual([]);
  });

  it('deny by default every pod of the namespace, both ways', () => {
    const deny = ofKind(objects, 'NetworkPolicy').find((p) => p.metadata.name === 'default-deny')!;
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });
});
