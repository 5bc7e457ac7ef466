import { METRICS_BY_NAME } from '@zeus/instrumentation/catalog';
import { ALERT_LINKS, alertsGenerator, PRODUCTION_ENDPOINTS } from '../alerts/index.js';
import { ZEUS_CALENDAR } from '../calendar/index.js';
import type { Artifact, GenerateContext, GeneratorOutput, Problem } from '../core/index.js';
import { buildDashboards, dashboardArtifacts, DEFAULT_DATASOURCE_URLS, type BuiltDashboard } from '../dashboards/index.js';
import { kubernetesGenerator } from '../kubernetes/index.js';
import { sloGenerator } from '../slo/index.js';
import { kubernetesContent } from './kubernetes.js';
import { ZEUS_REGISTRY, type Registry } from './registry.js';

/** Everything one build produced. With problems, nothing should be written or pushed. */
export interface Build {
  /** Every file, sorted by path. */
  readonly artifacts: Artifact[];
  readonly problems: Problem[];
  /** The dashboards as objects, for `grafana push`. */
  readonly dashboards: readonly BuiltDashboard[];
}

/** The catalogue as generators see it by default. */
export const DEFAULT_CONTEXT: GenerateContext = { catalog: METRICS_BY_NAME };

/**
 * The one build behind `zeus-obs generate` and `zeus-obs grafana push`: hands the registered
 * content to each library's pure generator and gathers files and problems. No file I/O.
 */
export async function build(context: GenerateContext = DEFAULT_CONTEXT, registry: Registry = ZEUS_REGISTRY): Promise<Build> {
  const dashboards = buildDashboards(registry.dashboards, context.catalog);
  const outputs: GeneratorOutput[] = [
    await guarded('alerts', () => alertsGenerator({ groups: registry.alertGroups, calendar: ZEUS_CALENDAR, links: ALERT_LINKS, endpoints: PRODUCTION_ENDPOINTS }).generate(context)),
    dashboardArtifacts(dashboards, DEFAULT_DATASOURCE_URLS),
    await guarded('slo', () => sloGenerator(registry.slos).generate(context)),
  ];
  // The manifests carry the rule files and dashboards just rendered, so they cannot drift apart.
  const rendered = outputs.flatMap((o) => o.artifacts);
  outputs.push(await guarded('kubernetes', () => kubernetesGenerator(kubernetesContent(registry, rendered)).generate(context)));
  return { ...collect(outputs), dashboards: dashboards.dashboards };
}

/** Runs one generator; a crash becomes a problem instead of stopping the build. */
async function guarded(name: string, run: () => GeneratorOutput | Promise<GeneratorOutput>): Promise<GeneratorOutput> {
  try {
    return await run();
  } catch (error) {
    const message = `generator crashed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`;
    return { artifacts: [], problems: [{ file: `(generator ${name})`, field: '-', message }] };
  }
}

/** Merges outputs: two writers of one path is a problem; artifacts sorted by path. */
function collect(outputs: readonly GeneratorOutput[]): { artifacts: Artifact[]; problems: Problem[] } {
  const artifacts = outputs.flatMap((o) => o.artifacts);
  const problems = outputs.flatMap((o) => o.problems);
  const seen = new Set<string>();
  for (const { path } of artifacts) {
    if (seen.has(path)) problems.push({ file: path, field: 'path', message: 'two generators write the same file' });
    seen.add(path);
  }
  artifacts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { artifacts, problems };
}
