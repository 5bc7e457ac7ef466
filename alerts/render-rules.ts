import { toYaml, UNRESOLVED_LINKS } from '../core/index.js';
import { dashboardUrl, runbookUrl, type AlertLinks } from './links.js';
import type { AlertDefinition, AlertGroup, AlertTest } from './types.js';

/** Where a group's files go, relative to the output directory. */
export function groupPaths(group: Pick<AlertGroup, 'output'>): { rules: string; tests: string } {
  return { rules: `prometheus/rules/${group.output}.yml`, tests: `prometheus/tests/${group.output}.yml` };
}

/** The labels every rule of an alert carries: severity, team, service, then extras sorted. */
export function ruleLabels(alert: AlertDefinition, severity: string): Record<string, string> {
  const extra = Object.entries(alert.labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return { severity, team: alert.team, service: alert.service, ...Object.fromEntries(extra) };
}

/** The four annotations of an alert, in a fixed order. */
export function ruleAnnotations(alert: AlertDefinition, links: AlertLinks = UNRESOLVED_LINKS): Record<string, string> {
  return {
    summary: alert.summary,
    description: alert.description,
    runbook_url: runbookUrl(alert, links),
    dashboard_url: dashboardUrl(alert.dashboard, links),
  };
}

/** A Prometheus rule file for the group: one rule per alert tier. */
export function renderRuleFile(group: AlertGroup, links: AlertLinks = UNRESOLVED_LINKS): string {
  const rules = group.alerts.flatMap((alert) =>
    alert.tiers.map((tier) => ({
      alert: alert.name,
      expr: tier.expr.trim(),
      ...(tier.for ? { for: tier.for } : {}),
      labels: ruleLabels(alert, tier.severity),
      annotations: ruleAnnotations(alert, links),
    })),
  );
  const doc = { groups: [{ name: group.name, ...(group.interval ? { interval: group.interval } : {}), rules }] };
  return toYaml(doc, { source: group.file });
}

function renderTest(alert: AlertDefinition, test: AlertTest, links: AlertLinks) {
  const annotations = ruleAnnotations(alert, links);
  return {
    name: `${alert.name} (${alert.service}): ${test.name}`,
    interval: test.interval ?? '1m',
    input_series: test.series.map((s) => ({ series: s.series, values: s.values })),
    alert_rule_test: [
      {
        eval_time: test.at,
        alertname: alert.name,
        exp_alerts: test.expect.map((expected) => ({
          exp_labels: { ...ruleLabels(alert, expected.severity), ...sorted(expected.labels ?? {}) },
          exp_annotations: { ...annotations, description: expected.description ?? annotations.description! },
        })),
      },
    ],
  };
}

function sorted(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** The promtool test file for the group: every test of every alert, against the group's rule file. */
export function renderTestFile(group: AlertGroup, links: AlertLinks = UNRESOLVED_LINKS): string {
  const paths = groupPaths(group);
  const doc = {
    rule_files: [`../rules/${group.output}.yml`],
    evaluation_interval: group.interval ?? '1m',
    tests: group.alerts.flatMap((alert) => alert.tests.map((test) => renderTest(alert, test, links))),
  };
  return toYaml(doc, { source: `${group.file} (rules: ${paths.rules})` });
}
