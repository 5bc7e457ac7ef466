import { toYaml } from '../core/index.js';
import { SERVICES, STACK_COMPONENTS, type Service, type StackComponent } from '../ownership/index.js';

/** One scrape target of the local stack. */
export interface ScrapeTarget {
  /** A Zeus service, or Prometheus/Alertmanager themselves (meta-monitoring). */
  service: Service | StackComponent;
  /** `host:port` */
  address: string;
  /** More target labels (the PostgreSQL exporters carry the `region` they watch). */
  labels?: Record<string, string>;
}

/** Inputs of {@link prometheusConfig}. */
export interface PrometheusConfigInput {
  targets: ScrapeTarget[];
  scrapeInterval: string;
  evaluationInterval: string;
  /** Glob of rule files (absolute). */
  ruleFiles: string[];
  /** `host:port` of Alertmanager, when it runs. */
  alertmanager?: string;
  /**
   * Target files (Prometheus file service discovery) read by a job besides its static targets,
   * by job (a job may have only its file): the stack lists a rollout's canary processes there as
   * they come and go, and the PostgreSQL exporters of the servers it runs.
   */
  discoveryFiles?: Readonly<Record<string, string>>;
  /** Further scrape jobs as written (node_exporter, the blackbox probes), after the Zeus jobs. */
  extraScrapeConfigs?: readonly Record<string, unknown>[];
}

/**
 * prometheus.yml for the local stack. Targets are grouped by their ownership job (zeus-services,
 * zeus-exporters, zeus-synthetics, and prometheus/alertmanager for the pipeline itself) and every
 * one carries `service`; `job` and `instance` come
 * from Prometheus itself. Pure: same input, same text.
 */
export function prometheusConfig(input: PrometheusConfigInput): string {
  const jobs = new Map<string, ScrapeTarget[]>(Object.keys(input.discoveryFiles ?? {}).map((job) => [job, []]));
  for (const target of input.targets) {
    const job = target.service in SERVICES ? SERVICES[target.service as Service].job : STACK_COMPONENTS[target.service as StackComponent].job;
    jobs.set(job, [...(jobs.get(job) ?? []), target]);
  }
  const config = {
    global: {
      scrape_interval: input.scrapeInterval,
      scrape_timeout: input.scrapeInterval,
      evaluation_interval: input.evaluationInterval,
      external_labels: { stack: 'zeus-local' },
    },
    rule_files: input.ruleFiles,
    ...(input.alertmanager
      ? { alerting: { alertmanagers: [{ static_configs: [{ targets: [input.alertmanager] }] }] } }
      : {}),
    scrape_configs: [
      ...[...jobs.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([job, targets]): Record<string, unknown> => ({
        job_name: job,
        ...(targets.length > 0 ? { static_configs: targets.map((t) => ({ targets: [t.address], labels: { service: t.service, ...t.labels } })) } : {}),
        ...(input.discoveryFiles?.[job] ? { file_sd_configs: [{ files: [input.discoveryFiles[job]], refresh_interval: '5s' }] } : {}),
      })),
      ...(input.extraScrapeConfigs ?? []),
    ],
  };
  return toYaml(config, { source: 'zeus-obs stack (edited copies are overwritten on the next start)' });
}
