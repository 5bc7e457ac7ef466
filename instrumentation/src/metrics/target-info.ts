import type { Registry, RegistryContentType } from 'prom-client';
import { targetInfo } from '../catalog/resource.js';

/** A resource attribute name as a Prometheus label name (`service.name` → `service_name`). */
export function labelNameOf(attribute: string): string {
  const name = attribute.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/**
 * Registers `target_info` in `registry`: one series, value 1, whose labels are the resource
 * attributes (empty values left out). Written as an OpenMetrics `info` family (`target`) and as
 * a gauge in the Prometheus text format, which has no info type.
 */
export function registerTargetInfo(registry: Registry<RegistryContentType>, attributes: Record<string, string | number>): void {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== '' && value !== undefined) labels[labelNameOf(key)] = String(value);
  }
  const metric = {
    name: targetInfo.name,
    help: targetInfo.help,
    type: 'info',
    aggregator: 'first',
    labelNames: Object.keys(labels),
    get: async () => ({ name: targetInfo.name, help: targetInfo.help, type: 'info', aggregator: 'first', values: [{ labels, value: 1 }] }),
    reset: () => {},
  };
  if (!registry.getSingleMetric(targetInfo.name)) registry.registerMetric(metric as never);
}
