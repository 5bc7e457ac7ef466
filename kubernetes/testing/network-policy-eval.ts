import type { BuiltObject } from './built.js';
import { matches } from './built.js';

/** One addressable endpoint: a pod (namespace and labels) or an address outside the cluster. */
export interface Endpoint {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly ip: string;
  /** Ports it listens on (what a connection to it could target). */
  readonly ports: readonly { readonly port: number; readonly protocol: 'TCP' | 'UDP' }[];
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const block = Math.pow(2, 32 - Number(bits));
  return Math.floor(ipToInt(ip) / block) === Math.floor(ipToInt(base!) / block);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function peerMatches(peer: any, policyNamespace: string, other: Endpoint, namespaceLabels: (ns: string) => Record<string, string>): boolean {
  if (peer.ipBlock) {
    if (other.namespace !== undefined) return false; // pod traffic is judged by selectors here; pods have no addresses in this model
    return inCidr(other.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c: string) => inCidr(other.ip, c));
  }
  if (other.namespace === undefined) return false;
  const namespaceOk = peer.namespaceSelector ? matches(peer.namespaceSelector.matchLabels, namespaceLabels(other.namespace)) : other.namespace === policyNamespace;
  const podOk = peer.podSelector ? matches(peer.podSelector.matchLabels, other.labels) : true;
  return namespaceOk && podOk;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function portMatches(ports: any[] | undefined, port: number, protocol: string): boolean {
  return !ports || ports.length === 0 || ports.some((p) => (p.protocol ?? 'TCP') === protocol && (p.port === undefined || p.port === port));
}

/**
 * Whether the NetworkPolicies let `from` open a connection to `to` on `port`: Kubernetes
 * semantics (policies are additive allow lists; a pod selected by no policy of a direction is
 * open in that direction; both the sender's egress and the receiver's ingress must allow it).
 */
export function allowed(policies: readonly BuiltObject[], from: Endpoint, to: Endpoint, port: number, protocol: 'TCP' | 'UDP', namespaceLabels: (ns: string) => Record<string, string>): boolean {
  const side = (direction: 'Ingress' | 'Egress', self: Endpoint, other: Endpoint) => {
    if (self.namespace === undefined) return true;
    const selecting = policies.filter((p) => p.metadata.namespace === self.namespace && matches(p.spec.podSelector.matchLabels, self.labels) && (p.spec.policyTypes ?? ['Ingress']).includes(direction));
    if (selecting.length === 0) return true;
    const rules = selecting.flatMap((p) => (direction === 'Ingress' ? p.spec.ingress ?? [] : p.spec.egress ?? []).map((r: object) => ({ rule: r, ns: p.metadata.namespace! })));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return rules.some(({ rule, ns }: { rule: any; ns: string }) => {
      const peers = direction === 'Ingress' ? rule.from : rule.to;
      return portMatches(rule.ports, port, protocol) && (!peers || peers.some((peer: unknown) => peerMatches(peer, ns, other, namespaceLabels)));
    });
  };
  return side('Egress', from, to) && side('Ingress', to, from);
}
