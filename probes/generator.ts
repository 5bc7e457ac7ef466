import { toYaml, type Artifact, type Generator, type Problem } from '../core/index.js';
import type { EnvironmentProbes } from '../environments/index.js';
import { APP_SERVICES } from '../ownership/index.js';
import { blackboxModules } from './modules.js';
import { fileSdGroups, targetFileName } from './scrape.js';
import { probeTargets } from './targets.js';
import { PROBE_MODULES, type ProbesDefinition } from './types.js';

/** Paths of the generated files, relative to an environment's folder. */
export const BLACKBOX_CONFIG_PATH = 'blackbox/blackbox.yml';
export const PROBE_TARGETS_DIR = 'prometheus/probes';

/** What the probes generator renders: the registered definition and one environment's endpoints. */
export interface ProbesContent {
  readonly definition: ProbesDefinition;
  readonly probes: EnvironmentProbes;
}

/** Problems of a probes definition: an empty or duplicated service list, a bad path or body, a bad timeout. */
export function validateProbes({ file, spec }: ProbesDefinition): Problem[] {
  const problems: Problem[] = [];
  const at = (field: string, message: string) => problems.push({ file, field, message });
  if (spec.services.length === 0) at('services', 'no service to probe');
  if (new Set(spec.services).size !== spec.services.length) at('services', 'a service is listed twice');
  for (const service of [...spec.services, spec.publicService]) {
    if (!(APP_SERVICES as readonly string[]).includes(service)) at('services', `unknown service ${JSON.stringify(service)} (services that serve users: ${APP_SERVICES.join(', ')})`);
  }
  if (!spec.http.path.startsWith('/')) at('http.path', `expected an absolute path, got ${JSON.stringify(spec.http.path)}`);
  if (spec.http.expectedBody.trim() === '') at('http.expectedBody', 'empty: a probe would accept any answer');
  if (!/^[1-9]\d*s$/.test(spec.timeout)) at('timeout', `expected whole seconds like 5s, got ${JSON.stringify(spec.timeout)}`);
  return problems;
}

/**
 * The `probes` generator, per environment: `blackbox/blackbox.yml` (the modules) and one file_sd
 * target file per module under `prometheus/probes/` (what Prometheus asks blackbox to probe).
 */
export function probesGenerator({ definition, probes }: ProbesContent): Generator {
  return {
    name: 'probes',
    generate() {
      const problems = validateProbes(definition);
      if (problems.length > 0) return { artifacts: [], problems };
      const targets = probeTargets(definition.spec, probes);
      const source = definition.file;
      const artifacts: Artifact[] = [
        { path: BLACKBOX_CONFIG_PATH, content: toYaml({ modules: blackboxModules(definition.spec, probes) }, { source }) },
        ...PROBE_MODULES.map((module) => ({
          path: `${PROBE_TARGETS_DIR}/${targetFileName(module)}`,
          content: toYaml(fileSdGroups(targets.filter((t) => t.module === module)), { source }),
        })),
      ];
      return { artifacts, problems };
    },
  };
}
