import { hostname } from 'node:os';
import type { ResolvedConfig } from './config/options.js';

/**
 * The resource attributes of this process, the same for spans, OTLP metrics and `target_info`:
 * host and process attributes, then the configured ones (service name, version, namespace,
 * environment, team and `OTEL_RESOURCE_ATTRIBUTES`) over them.
 */
export function resourceAttributes(config: Pick<ResolvedConfig, 'resource'>): Record<string, string | number> {
  return {
    'host.name': hostname(),
    'process.pid': process.pid,
    'process.runtime.name': 'nodejs',
    'process.runtime.version': process.versions.node,
    ...config.resource,
  };
}
