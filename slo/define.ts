import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MetricDefinition } from '@zeus/instrumentation/catalog';
import type { LatencySli, RatioSli, SloDefinition, SloSpec } from './types.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Declares an SLO. Pass `import.meta.url` so problems name the defining file:
 * `export default defineSlo(import.meta.url, { id: 'grades-availability', ... })`.
 */
export function defineSlo(moduleUrl: string, spec: SloSpec): SloDefinition {
  const file = moduleUrl.startsWith('file:') ? relative(REPO_ROOT, fileURLToPath(moduleUrl)).split('\\').join('/') : moduleUrl;
  return { ...spec, file };
}

/** A ratio SLI: events selected by `where`, of which `bad` (or not `good`) are errors. */
export function ratioSli<D extends MetricDefinition>(sli: Omit<RatioSli<D>, 'kind'>): RatioSli<D> {
  return { kind: 'ratio', ...sli };
}

/** A latency SLI: requests selected by `where` under `thresholdSeconds` (a bucket boundary) are good. */
export function latencySli<D extends MetricDefinition>(sli: Omit<LatencySli<D>, 'kind'>): LatencySli<D> {
  return { kind: 'latency', ...sli };
}
