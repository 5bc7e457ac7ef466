import type { EnvironmentProbes } from '../environments/index.js';
import { escapeRegex } from '../promql/index.js';
import { publicName } from './targets.js';
import type { ProbeModule, ProbesSpec } from './types.js';

/** One blackbox_exporter module, as written to blackbox.yml. */
export type BlackboxModule = Readonly<Record<string, unknown>>;

/**
 * The modules of blackbox.yml (blackbox_exporter 0.23, CONFIGURATION.md): HTTP with a 2xx and the
 * expected body, a TCP connect, an A query for the public name that must answer with an A record,
 * and a TLS handshake whose certificate must verify (it reports `probe_ssl_earliest_cert_expiry`).
 * IPv4 first: the targets are IPv4 addresses or names with an A record.
 */
export function blackboxModules(spec: ProbesSpec, probes: EnvironmentProbes): Record<ProbeModule, BlackboxModule> {
  const name = publicName(probes);
  const common = { timeout: spec.timeout };
  const ip4 = { preferred_ip_protocol: 'ip4' };
  return {
    http_2xx: {
      prober: 'http', ...common,
      http: { ...ip4, method: 'GET', follow_redirects: true, fail_if_body_not_matches_regexp: [escapeRegex(spec.http.expectedBody)] },
    },
    tcp_connect: { prober: 'tcp', ...common, tcp: ip4 },
    dns: {
      prober: 'dns', ...common,
      dns: {
        ...ip4, transport_protocol: 'udp', query_name: name, query_type: 'A', valid_rcodes: ['NOERROR'],
        // An empty NOERROR answer is a failure too: the name must have an A record.
        validate_answer_rrs: { fail_if_none_matches_regexp: [`^${escapeRegex(name)}\\.\\s+\\d+\\s+IN\\s+A\\s+`] },
      },
    },
    tls: { prober: 'tcp', ...common, tcp: { ...ip4, tls: true, tls_config: { min_version: 'TLS12' } } },
  };
}
