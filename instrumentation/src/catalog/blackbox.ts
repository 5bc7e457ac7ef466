import { defineMetric } from './types.js';

/**
 * Protocol-level probes as prometheus-blackbox-exporter (0.23) writes them, one scrape per
 * target and module (jobs `zeus-probe-http`, `-tcp`, `-dns`, `-tls`; `instance` is the target,
 * `service` the Zeus service it belongs to). `probe_success` and `probe_duration_seconds` are
 * the ones the synthetic journeys write too (see `synthetics.ts`): select by `job`.
 */

export const probeHttpStatusCode = defineMetric({
  name: 'probe_http_status_code', kind: 'gauge', unit: 'code',
  help: 'HTTP status of the last probe\'s final response (0 when none came).', labels: {}, producer: 'blackbox-exporter',
});
export const probeHttpDuration = defineMetric({
  name: 'probe_http_duration_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Duration of each phase of the last HTTP probe.',
  labels: { phase: ['resolve', 'connect', 'tls', 'processing', 'transfer'] }, producer: 'blackbox-exporter',
});
export const probeFailedDueToRegex = defineMetric({
  name: 'probe_failed_due_to_regex', kind: 'gauge', unit: 'boolean',
  help: '1 if the answer came but its body did not match the expected text.', labels: {}, producer: 'blackbox-exporter',
});
export const probeSslEarliestCertExpiry = defineMetric({
  name: 'probe_ssl_earliest_cert_expiry', kind: 'gauge', unit: 'seconds',
  help: 'Unix time the earliest-expiring certificate of the chain the target presented expires.', labels: {}, producer: 'blackbox-exporter',
});
export const probeDnsLookupTime = defineMetric({
  name: 'probe_dns_lookup_time_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Seconds the probe took to resolve the target\'s name.', labels: {}, producer: 'blackbox-exporter',
});
export const probeDnsAnswerRrs = defineMetric({
  name: 'probe_dns_answer_rrs', kind: 'gauge', unit: 'records',
  help: 'Records in the answer section of the last DNS probe.', labels: {}, producer: 'blackbox-exporter',
});
export const probeDnsQuerySucceeded = defineMetric({
  name: 'probe_dns_query_succeeded', kind: 'gauge', unit: 'boolean',
  help: '1 if the DNS server answered the query (whatever the answer).', labels: {}, producer: 'blackbox-exporter',
});
