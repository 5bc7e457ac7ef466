import { existsSync } from 'node:fs';
import type { AcademicCalendar } from '../calendar/index.js';
import { repoPath, type Artifact, type Generator, type Problem } from '../core/index.js';
import { alertmanagerProblems, renderAlertmanagerConfig } from './alertmanager/config.js';
import type { AlertmanagerEndpoints } from './alertmanager/options.js';
import type { AlertLinks } from './links.js';
import { groupPaths, renderRuleFile, renderTestFile } from './render-rules.js';
import type { AlertGroup } from './types.js';
import { validateAlertGroups } from './validate.js';

/** Path of the generated Alertmanager configuration, relative to the output directory. */
export const ALERTMANAGER_CONFIG_PATH = 'alertmanager/alertmanager.yml';

/** What the alerts generator renders: the registered groups, and where their links and pages go. */
export interface AlertsContent {
  readonly groups: readonly AlertGroup[];
  readonly calendar: AcademicCalendar;
  readonly links: AlertLinks;
  readonly endpoints: AlertmanagerEndpoints;
  /** Whether to write the promtool test files beside the rules (default true). */
  readonly promtoolTests?: boolean;
  /**
   * Whether a runbook exists (path from the repo root). The default looks at the working tree:
   * the runbooks are an input like the sources, and the output stays deterministic.
   */
  readonly runbookExists?: (path: string) => boolean;
}

/** Whether a runbook file exists in this checkout. */
export function runbookInCheckout(path: string): boolean {
  return existsSync(repoPath(path));
}

/**
 * The `alerts` generator: Prometheus rule files (and promtool tests) per alert group, and the
 * Alertmanager configuration, with one environment's links and endpoints. Any problem (see
 * `validateAlertGroups`) fails the whole run, with every problem listed; no partial output is
 * written.
 */
export function alertsGenerator(content: AlertsContent): Generator {
  return {
    name: 'alerts',
    generate(context) {
      const { groups, calendar, links } = content;
      const runbookExists = content.runbookExists ?? runbookInCheckout;
      const problems: Problem[] = [
        ...validateAlertGroups(groups, { catalog: context.catalog, runbookExists }),
        ...alertmanagerProblems(calendar),
      ];
      if (problems.length > 0) return { artifacts: [], problems };
      const withTests = content.promtoolTests ?? true;
      const artifacts: Artifact[] = groups.flatMap((group) => {
        const paths = groupPaths(group);
        return [
          { path: paths.rules, content: renderRuleFile(group, links) },
          ...(withTests ? [{ path: paths.tests, content: renderTestFile(group, links) }] : []),
        ];
      });
      artifacts.push({ path: ALERTMANAGER_CONFIG_PATH, content: renderAlertmanagerConfig(calendar, content.endpoints) });
      return { artifacts, problems };
    },
  };
}
