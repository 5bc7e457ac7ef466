import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { telemetrySetupProblems } from './catalog/telemetry.js';
import type { MetricRecorder } from './metrics/recorder.js';

/** Set by `register` once the ESM loader hook is registered. */
export const ESM_HOOK = Symbol.for('@zeus/instrumentation.esm-hook');

/** Set-up problems a process can see in itself, as `zeus_telemetry_setup_problems{problem}` reports them. */
export type SetupProblem = (typeof telemetrySetupProblems.labels.problem)[number];

/** True when the app's entry file is an ES module (by extension, else the nearest package.json's `type`). */
export function mainIsEsm(entry: string | undefined = process.argv[1]): boolean {
  if (!entry) return false;
  if (entry.endsWith('.mjs') || entry.endsWith('.mts')) return true;
  if (entry.endsWith('.cjs') || entry.endsWith('.cts')) return false;
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type === 'module';
      } catch {
        return false;
      }
    }
    if (dirname(dir) === dir) return false;
  }
}

/** True when an ES module app runs without the loader hook (no `--import @zeus/instrumentation/register`). */
export function esmWithoutImport(): boolean {
  return (globalThis as Record<symbol, unknown>)[ESM_HOOK] !== true && mainIsEsm();
}

/** Folders of the distinct copies of `@opentelemetry/api` this process has loaded. */
export function otelApiCopies(cache: Record<string, unknown>): string[] {
  const roots = new Set<string>();
  for (const file of Object.keys(cache)) {
    const path = file.replace(/\\/g, '/');
    const at = path.lastIndexOf('/node_modules/@opentelemetry/api/');
    if (at >= 0) roots.add(path.slice(0, at + '/node_modules/@opentelemetry/api'.length));
  }
  return [...roots].sort();
}

/** Publishes each problem as 1 (present) or 0 (checked, absent), so `zeus-obs doctor` can read them. */
export function recordSetupProblems(recorder: MetricRecorder, present: ReadonlySet<SetupProblem>): void {
  const gauge = recorder.gauge(telemetrySetupProblems);
  for (const problem of telemetrySetupProblems.labels.problem) gauge.set({ problem }, present.has(problem) ? 1 : 0);
}
