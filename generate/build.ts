import { METRICS_BY_NAME } from '@zeus/instrumentation/catalog';
import { alertsGenerator } from '../alerts/index.js';
import { ZEUS_CALENDAR } from '../calendar/index.js';
import type { Artifact, GenerateContext, GeneratorOutput, Problem } from '../core/index.js';
import { canaryRulesGenerator } from '../canary/index.js';
import { buildDashboards, dashboardArtifacts, provisioningArtifacts, type BuiltDashboard } from '../dashboards/index.js';
import { validateEnvironments, ZEUS_ENVIRONMENTS, type Environment, type Environments } from '../environments/index.js';
import { kubernetesGenerator } from '../kubernetes/index.js';
import { probesGenerator } from '../probes/index.js';
import { openSloGenerator, sloGenerator } from '../slo/index.js';
import { alertLinks, alertmanagerEndpoints, datasourceUrls, environmentDir, TESTED_ENVIRONMENT } from './environments.js';
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
 *
 * Layout of the output: what is the same everywhere at the top (`grafana/dashboards/`,
 * `openslo/`); each environment's rules, Alertmanager config and Grafana provisioning under
 * `<environment>/`, and the promtool tests beside the tested environment's rules; the
 * Kubernetes base and the staging and production overlays under `kubernetes/`.
 */
export async function build(context: GenerateContext = DEFAULT_CONTEXT, registry: Registry = ZEUS_REGISTRY, environments: Environments = ZEUS_ENVIRONMENTS): Promise<Build> {
  const dashboards = buildDashboards(registry.dashboards, context.catalog);
  const outputs: GeneratorOutput[] = [
    { artifacts: [], problems: validateEnvironments(environments) },
    dashboardArtifacts(dashboards),
    await guarded('openslo', () => openSloGenerator(registry.slos).generate(context)),
  ];
  for (const env of Object.values(environments)) outputs.push(await environmentOutput(env, context, registry));
  // The manifests carry the rule files, configs and dashboards just rendered for their
  // environments, so they cannot drift apart.
  const rendered = outputs.flatMap((o) => o.artifacts);
  outputs.push(await guarded('kubernetes', () => kubernetesGenerator(kubernetesContent(registry, rendered, environments)).generate(context)));
  return { ...collect(outputs), dashboards: dashboards.dashboards };
}

/** One environment's artifacts, under its folder: rules (and tests), Alertmanager config, provisioning, blackbox config and probe targets. */
async function environmentOutput(env: Environment, context: GenerateContext, registry: Registry): Promise<GeneratorOutput> {
  const links = alertLinks(env);
  const promtoolTests = env.name === TESTED_ENVIRONMENT;
  const outputs = [
    await guarded(`alerts (${env.name})`, () =>
      alertsGenerator({ groups: registry.alertGroups, calendar: ZEUS_CALENDAR, links, endpoints: alertmanagerEndpoints(env), promtoolTests }).generate(context),
    ),
    await guarded(`slo (${env.name})`, () => sloGenerator(registry.slos, { links, promtoolTests }).generate(context)),
    await guarded(`canary (${env.name})`, () => canaryRulesGenerator(registry.slos).generate(context)),
    { artifacts: provisioningArtifacts(datasourceUrls(env)), problems: [] },
    await guarded(`probes (${env.name})`, () => probesGenerator({ definition: registry.probes, probes: env.probes }).generate(context)),
  ];
  const dir = environmentDir(env.name);
  return {
    artifacts: outputs.flatMap((o) => o.artifacts).map((a) => ({ path: `${dir}/${a.path}`, content: a.content })),
    problems: outputs.flatMap((o) => o.problems),
  };
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

/**
 * Merges outputs: two writers of one path is a problem; a problem found in several
 * environments (the same definition renders in each) is listed once; artifacts sorted by path.
 */
function collect(outputs: readonly GeneratorOutput[]): { artifacts: Artifact[]; problems: Problem[] } {
  const artifacts = outputs.flatMap((o) => o.artifacts);
  const problems = [...new Map(outputs.flatMap((o) => o.problems).map((p) => [`${p.file}\n${p.field}\n${p.message}`, p])).values()];
  const seen = new Set<string>();
  for (const { path } of artifacts) {
    if (seen.has(path)) problems.push({ file: path, field: 'path', message: 'two generators write the same file' });
    seen.add(path);
  }
  artifacts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { artifacts, problems };
}
