import type { MetricDefinition } from '@zeus/instrumentation/catalog';
import { sourceFile } from '../core/index.js';
import type { LatencySli, RatioSli, SloDefinition, SloSpec } from './types.js';

/**
 * Declares an SLO. Pass `import.meta.url` so problems name the defining file:
 * `export default defineSlo(import.meta.url, { id: 'grades-availability', ... })`.
 */
export function defineSlo(moduleUrl: string, spec: SloSpec): SloDefinition {
  return { ...spec, file: sourceFile(moduleUrl) };
}

/** A ratio SLI: events selected by `where`, of which `bad` (or not `good`) are errors. */
export function ratioSli<D extends MetricDefinition>(sli: Omit<RatioSli<D>, 'kind'>): RatioSli<D> {
  return { kind: 'ratio', ...sli };
}

/** A latency SLI: requests selected by `where` under `thresholdSeconds` (a bucket boundary) are good. */
export function latencySli<D extends MetricDefinition>(sli: Omit<LatencySli<D>, 'kind'>): LatencySli<D> {
  return { kind: 'latency', ...sli };
}
