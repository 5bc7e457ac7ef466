/** Defines, renders and lints every registered dashboard. Pure; used by generate, push and tests. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { MetricDefinition } from '@zeus/instrumentation/catalog';
import type { Problem } from '../core/index.js';
import { lintDashboard } from './lint.js';
import { renderDashboard } from './render.js';
import type { DashboardDefinition, DashboardSpec } from './types.js';

/** A dashboard ready to write or push. */
export interface BuiltDashboard {
  readonly file: string;
  readonly spec: DashboardSpec;
  readonly json: Dashboard;
}

/** Built dashboards and every problem found while defining, rendering and linting them. */
export interface BuildResult {
  readonly dashboards: BuiltDashboard[];
  readonly problems: Problem[];
}

/**
 * Builds every entry: a definition that throws, a duplicate UID or any linter finding becomes a
 * problem; every problem of every dashboard is collected before returning.
 */
export function buildDashboards(
  registry: readonly DashboardDefinition[],
  catalog: ReadonlyMap<string, MetricDefinition>,
): BuildResult {
  const problems: Problem[] = [];
  const defined: { file: string; spec: DashboardSpec; recorded?: ReadonlyMap<string, readonly string[]> }[] = [];
  for (const entry of registry) {
    try {
      defined.push({ file: entry.file, spec: entry.define(), ...(entry.recorded ? { recorded: entry.recorded() } : {}) });
    } catch (error) {
      problems.push({ file: entry.file, field: '(definition)', message: `throws: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  const owners = new Map<string, string>();
  for (const { file, spec } of defined) {
    const owner = owners.get(spec.uid);
    if (owner !== undefined) problems.push({ file, field: `dashboard ${spec.uid}`, message: `uid already used by ${owner}` });
    owners.set(spec.uid, file);
  }
  const titles = new Map(defined.map(({ spec }) => [spec.uid, spec.title]));
  const dashboards = defined.map(({ file, spec, recorded }) => {
    const json = renderDashboard(spec, { dashboards: titles });
    problems.push(...lintDashboard(json, { file, catalog, ...(recorded ? { recorded } : {}) }));
    return { file, spec, json };
  });
  return { dashboards, problems };
}
