import type { ProbeModule, ProbeTarget } from './types.js';
import { PROBE_JOBS, PROBE_MODULES } from './types.js';

/** Where a scrape job finds its targets: inline, or the generated file_sd files. */
export type ProbeTargetSource =
  | { readonly kind: 'static'; readonly targets: readonly ProbeTarget[] }
  | { readonly kind: 'file'; readonly dir: string };

/** A file_sd target file (Prometheus `file_sd_configs`): one group per service. */
export function fileSdGroups(targets: readonly ProbeTarget[]): { targets: string[]; labels: { service: string } }[] {
  const services = [...new Set(targets.map((t) => t.service))];
  return services.map((service) => ({ targets: targets.filter((t) => t.service === service).map((t) => t.target), labels: { service } }));
}

/** File name of a module's file_sd targets. */
export function targetFileName(module: ProbeModule): string {
  return `${PROBE_JOBS[module]}.yml`;
}

/**
 * The Prometheus scrape jobs of the probes, one per module (job `zeus-probe-*`): Prometheus asks
 * blackbox_exporter at `blackbox` (`host:port`) to probe each target with the module, keeping the
 * target as `instance` and the service label. Modules without targets get no job.
 */
export function probeScrapeConfigs(source: ProbeTargetSource, blackbox: string): Record<string, unknown>[] {
  const modules = source.kind === 'static' ? PROBE_MODULES.filter((m) => source.targets.some((t) => t.module === m)) : PROBE_MODULES;
  return modules.map((module) => ({
    job_name: PROBE_JOBS[module],
    metrics_path: '/probe',
    params: { module: [module] },
    ...(source.kind === 'static'
      ? { static_configs: fileSdGroups(source.targets.filter((t) => t.module === module)) }
      : { file_sd_configs: [{ files: [`${source.dir}/${targetFileName(module)}`] }] }),
    relabel_configs: [
      { source_labels: ['__address__'], target_label: '__param_target' },
      { source_labels: ['__param_target'], target_label: 'instance' },
      { target_label: '__address__', replacement: blackbox },
    ],
  }));
}
