import type { MetricDefinition } from '@zeus/instrumentation/catalog';
import type { Problem } from '../core/index.js';
import { SERVICE_NAMES, SEVERITIES, STACK_COMPONENT_NAMES, TEAMS } from '../ownership/index.js';
import { analyzePromql, checkPromql } from '../promql/index.js';
import { DASHBOARD_UIDS, runbookPath } from './links.js';
import type { AlertDefinition, AlertGroup } from './types.js';

/** Labels an alert's own rule adds, which its expression may therefore not need to carry. */
const RULE_LABELS = ['severity', 'team', 'service'];

/** What validation checks against: the catalogue, and which runbook files exist. */
export interface ValidateOptions {
  readonly catalog: ReadonlyMap<string, MetricDefinition>;
  /** True when the runbook file exists (a path from the repository root). */
  readonly runbookExists: (path: string) => boolean;
}

const CAMEL = /^[A-Z][A-Za-z0-9]*$/;
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function seriesProblems(group: AlertGroup, alert: AlertDefinition, options: ValidateOptions): string[] {
  const problems: string[] = [];
  const recorded = new Set(Object.keys(group.recorded ?? {}));
  alert.tests.forEach((test) => {
    for (const input of test.series) {
      const analysis = analyzePromql(input.series);
      const metric = analysis.selectors[0]?.metric;
      if (analysis.errors.length > 0 || !metric) {
        problems.push(`test "${test.name}": input series ${JSON.stringify(input.series)} is not a valid series selector`);
        continue;
      }
      const base = /^(.*)_(bucket|sum|count)$/.exec(metric)?.[1];
      const known = options.catalog.has(metric) || recorded.has(metric) || (base !== undefined && options.catalog.get(base)?.kind === 'histogram');
      if (!known) problems.push(`test "${test.name}": input series uses unknown metric ${metric}`);
    }
  });
  return problems;
}

function alertProblems(group: AlertGroup, alert: AlertDefinition, options: ValidateOptions): string[] {
  const problems: string[] = [];
  if (!CAMEL.test(alert.name)) problems.push(`alert name ${JSON.stringify(alert.name)} is not CamelCase`);
  if (!(alert.team in TEAMS)) problems.push(`unknown team ${JSON.stringify(alert.team)} (teams: ${Object.keys(TEAMS).join(', ')})`);
  const services: readonly string[] = [...SERVICE_NAMES, ...STACK_COMPONENT_NAMES];
  if (!services.includes(alert.service)) problems.push(`unknown service ${JSON.stringify(alert.service)} (services: ${services.join(', ')})`);
  if (alert.summary.trim() === '') problems.push('summary is empty');
  if (alert.summary.includes('{{')) problems.push('summary must be stable (no templates): put the values in the description');
  if (alert.description.trim() === '') problems.push('description is empty');
  if (!(DASHBOARD_UIDS as readonly string[]).includes(alert.dashboard.uid)) {
    problems.push(`unknown dashboard uid ${JSON.stringify(alert.dashboard.uid)} (known: ${DASHBOARD_UIDS.join(', ')})`);
  }
  const runbook = runbookPath(alert);
  if (!options.runbookExists(runbook)) problems.push(`missing runbook ${runbook}`);
  for (const key of Object.keys(alert.labels ?? {})) {
    if (RULE_LABELS.includes(key) || key === 'alertname') problems.push(`label ${key} is set by the definition itself; remove it from labels`);
  }
  if (alert.tiers.length === 0) problems.push('has no tiers (severity + expr)');
  const seen = new Set<string>();
  const recorded = new Map(Object.entries(group.recorded ?? {}));
  for (const tier of alert.tiers) {
    const where = `tier ${tier.severity}`;
    if (!(SEVERITIES as readonly string[]).includes(tier.severity)) {
      problems.push(`${where}: severity ${JSON.stringify(tier.severity)} is not one of ${SEVERITIES.join(', ')}`);
    }
    if (seen.has(tier.severity)) problems.push(`${where}: two tiers with the same severity`);
    seen.add(tier.severity);
    for (const message of checkPromql(tier.expr, { catalog: options.catalog, recorded })) problems.push(`${where}: expr: ${message}`);
  }
  const firing = alert.tests.filter((t) => t.expect.length > 0);
  if (firing.length === 0) problems.push('missing test: no promtool case where the alert fires');
  if (alert.tests.length === firing.length && !alert.alwaysFires) problems.push('missing test: no promtool case where the alert must not fire');
  for (const test of alert.tests) {
    for (const expected of test.expect) {
      if (!seen.has(expected.severity)) problems.push(`test "${test.name}": expects severity ${expected.severity}, which no tier has`);
    }
    const templated = alert.description.includes('{{');
    if (templated && test.expect.some((e) => e.description === undefined)) {
      problems.push(`test "${test.name}": the description is templated, so each expected alert must state its rendered description`);
    }
  }
  problems.push(...seriesProblems(group, alert, options));
  return problems;
}

/**
 * Every problem in the alert groups: unknown metric or label, invalid PromQL, missing runbook,
 * bad severity, unknown team or service, missing firing or quiet test, duplicate names. Each is
 * reported with the group's file and the alert name; nothing stops at the first.
 */
export function validateAlertGroups(groups: readonly AlertGroup[], options: ValidateOptions): Problem[] {
  const problems: Problem[] = [];
  const groupNames = new Set<string>();
  const outputs = new Set<string>();
  for (const group of groups) {
    if (!CAMEL.test(group.name)) problems.push({ file: group.file, field: `group ${group.name}`, message: 'group name is not CamelCase' });
    if (groupNames.has(group.name)) problems.push({ file: group.file, field: `group ${group.name}`, message: 'duplicate group name' });
    groupNames.add(group.name);
    if (!KEBAB.test(group.output)) problems.push({ file: group.file, field: `group ${group.name}`, message: `output ${JSON.stringify(group.output)} is not kebab-case` });
    if (outputs.has(group.output)) problems.push({ file: group.file, field: `group ${group.name}`, message: `output ${group.output} is used by another group` });
    outputs.add(group.output);
    if (group.alerts.length === 0) problems.push({ file: group.file, field: `group ${group.name}`, message: 'group has no alerts' });
    const keys = new Set<string>();
    for (const alert of group.alerts) {
      const key = `${alert.name}/${alert.service}`;
      if (keys.has(key)) problems.push({ file: group.file, field: alert.name, message: `two definitions of ${alert.name} for service ${alert.service}` });
      keys.add(key);
      for (const message of alertProblems(group, alert, options)) problems.push({ file: group.file, field: alert.name, message });
    }
  }
  return problems;
}
