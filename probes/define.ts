import { sourceFile } from '../core/index.js';
import type { ProbesDefinition, ProbesSpec } from './types.js';

/**
 * Declares what blackbox_exporter probes, one `*.probes.ts` file. Pass `import.meta.url` so
 * problems and the generated files name the defining file:
 * `export default defineProbes(import.meta.url, { timeout: '5s', http: {...}, services: [...] })`.
 */
export function defineProbes(moduleUrl: string, spec: ProbesSpec): ProbesDefinition {
  return { file: sourceFile(moduleUrl), spec };
}
