import { ServiceMonitor, type IRelabelConfig } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { SERVICES } from '../ownership/index.js';
import type { WorkloadSpec } from './components.js';
import { componentLabels, podSelector } from './labels.js';
import { SCRAPE_INTERVAL_SECONDS, SHARD_KEY } from './settings.js';

/**
 * The target labels of one workload, as the local stack and Compose set them: `job` is the
 * ownership job (zeus-services, zeus-exporters, zeus-synthetics), `service` the ownership name;
 * `instance` stays the scraped `host:port`. The shard hash is the service, so all of a
 * service's series land in one Prometheus shard (see `SHARD_KEY`).
 */
export function targetRelabelings(spec: WorkloadSpec): IRelabelConfig[] {
  return [
    { action: 'replace', targetLabel: 'job', replacement: SERVICES[spec.service].job },
    { action: 'replace', targetLabel: 'service', replacement: spec.service },
    { action: 'replace', sourceLabels: [SHARD_KEY], targetLabel: '__tmp_hash' },
  ];
}

/** Scrapes the `metrics` port of a workload's Service every 15 s. */
export function serviceMonitor(spec: WorkloadSpec): ServiceMonitor {
  return new ServiceMonitor({
    metadata: { name: spec.service, labels: componentLabels(spec.service, spec.role) },
    spec: {
      selector: { matchLabels: podSelector(spec.service) },
      endpoints: [{ port: 'metrics', path: '/metrics', interval: `${SCRAPE_INTERVAL_SECONDS}s`, scrapeTimeout: '10s', relabelings: targetRelabelings(spec) }],
    },
  });
}
