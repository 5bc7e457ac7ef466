import { sourceFile } from '../core/index.js';
import type { DashboardDefinition, DashboardSpec } from './types.js';

/**
 * Declares a dashboard, one `*.dashboard.ts` file. Pass `import.meta.url` so problems name the
 * defining file: `export default defineDashboard(import.meta.url, () => overviewDashboard())`.
 * `recorded` lists the recording-rule series it reads besides catalogue metrics.
 */
export function defineDashboard(
  moduleUrl: string,
  define: () => DashboardSpec,
  options: { recorded?: () => ReadonlyMap<string, readonly string[]> } = {},
): DashboardDefinition {
  return { file: sourceFile(moduleUrl), define, ...(options.recorded ? { recorded: options.recorded } : {}) };
}
