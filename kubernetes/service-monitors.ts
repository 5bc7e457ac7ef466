import { ServiceMonitor, type IRelabelConfig } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Service } from 'kubernetes-models/v1';
import { SERVICES, STACK_COMPONENTS } from '../ownership/index.js';
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

/**
 * Meta-monitoring: Prometheus scrapes itself and Alertmanager, under the jobs the meta alerts
 * select (`prometheus`, `alertmanager`), as the local stack and Compose do. Each gets a Service of
 * ours (`<component>-metrics`, port `web`) over the operator's pods, so the monitor selects a
 * Service this base defines rather than one the operator may name differently.
 */
export function monitoringServiceMonitors(): Array<ServiceMonitor | Service> {
  const ports = { prometheus: 9090, alertmanager: 9093 } as const;
  const service = (component: 'prometheus' | 'alertmanager') => new Service({
    metadata: { name: `${component}-metrics`, labels: componentLabels(`${component}-metrics`, 'monitoring') },
    spec: { selector: podSelector(component), ports: [{ name: 'web', port: ports[component], targetPort: 'web', protocol: 'TCP' }] },
  });
  const monitor = (component: 'prometheus' | 'alertmanager') => new ServiceMonitor({
    metadata: { name: `${component}-self`, labels: componentLabels(component, 'monitoring') },
    spec: {
      selector: { matchLabels: podSelector(`${component}-metrics`) },
      endpoints: [{
        port: 'web', path: '/metrics', interval: `${SCRAPE_INTERVAL_SECONDS}s`, scrapeTimeout: '10s',
        relabelings: [
          { action: 'replace', targetLabel: 'job', replacement: STACK_COMPONENTS[component].job },
          { action: 'replace', targetLabel: 'service', replacement: component },
          { action: 'replace', sourceLabels: [SHARD_KEY], targetLabel: '__tmp_hash' },
        ],
      }],
    },
  });
  return [service('prometheus'), monitor('prometheus'), service('alertmanager'), monitor('alertmanager')];
}
