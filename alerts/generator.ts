import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ZEUS_CALENDAR, type AcademicCalendar } from '../calendar/index.js';
import type { Artifact, Generator, Problem } from '../generate/index.js';
import { alertmanagerProblems, renderAlertmanagerConfig } from './alertmanager/config.js';
import { PRODUCTION_ENDPOINTS, type AlertmanagerEndpoints } from './alertmanager/options.js';
import { ALERT_LINKS, type AlertLinks } from './links.js';
import { alertGroups } from './registry.js';
import { groupPaths, renderRuleFile, renderTestFile } from './render-rules.js';
import type { AlertGroup } from './types.js';
import { validateAlertGroups } from './validate.js';

/** The repository root (runbook paths are relative to it). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Path of the generated Alertmanager configuration, relative to the output directory. */
export const ALERTMANAGER_CONFIG_PATH = 'alertmanager/alertmanager.yml';

/** Inputs of the alerts generator; tests replace any of them (defaults: registry, Zeus calendar, local links, production endpoints). */
export interface AlertsGeneratorOptions {
  /** Alert groups to render (default: the registry). */
  readonly groups?: () => readonly AlertGroup[];
  readonly calendar?: AcademicCalendar;
  readonly links?: AlertLinks;
  readonly endpoints?: AlertmanagerEndpoints;
  /**
   * Whether a runbook exists (path from the repo root). The default looks at the working tree:
   * the runbooks are an input like the sources, and the output stays deterministic.
   */
  readonly runbookExists?: (path: string) => boolean;
}

/**
 * The `alerts` generator: Prometheus rule files and promtool tests per alert group, and the
 * Alertmanager configuration. Any problem (see `validateAlertGroups`) fails the whole run, with
 * every problem listed; no partial output is written.
 */
export function createAlertsGenerator(options: AlertsGeneratorOptions = {}): Generator {
  return {
    name: 'alerts',
    generate(context) {
      const groups = (options.groups ?? alertGroups)();
      const calendar = options.calendar ?? ZEUS_CALENDAR;
      const links = options.links ?? ALERT_LINKS;
      const runbookExists = options.runbookExists ?? ((path: string) => existsSync(`${REPO_ROOT}${path}`));
      const problems: Problem[] = [
        ...validateAlertGroups(groups, { catalog: context.catalog, runbookExists }),
        ...alertmanagerProblems(calendar),
      ];
      if (problems.length > 0) return { artifacts: [], problems };
      const artifacts: Artifact[] = groups.flatMap((group) => {
        const paths = groupPaths(group);
        return [
          { path: paths.rules, content: renderRuleFile(group, links) },
          { path: paths.tests, content: renderTestFile(group, links) },
        ];
      });
      artifacts.push({ path: ALERTMANAGER_CONFIG_PATH, content: renderAlertmanagerConfig(calendar, options.endpoints ?? PRODUCTION_ENDPOINTS) });
      return { artifacts, problems };
    },
  };
}

/** The generator `zeus-obs generate` runs. */
export const alertsGenerator: Generator = createAlertsGenerator();
