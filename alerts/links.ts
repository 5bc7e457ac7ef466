import type { AlertDefinition, DashboardLink } from './types.js';

/**
 * Where alert links point. One object so an operator changes a base URL in one place.
 * `runbookBaseUrl` is where the repository's runbook files are served: the local PagerDuty
 * receiver (`zeus-obs pager`) serves `/runbooks/<path from the repo root>`.
 */
export interface AlertLinks {
  /** Grafana base URL, no trailing slash. Default `http://localhost:3000`. */
  readonly grafanaUrl: string;
  /** Base URL under which `alerts/runbooks/<Alert>.md` is served, no trailing slash. */
  readonly runbookBaseUrl: string;
}

/** The links written into `generated/` (the local stack's addresses). */
export const ALERT_LINKS: AlertLinks = {
  grafanaUrl: 'http://localhost:3000',
  runbookBaseUrl: 'http://localhost:9094/runbooks',
};

/**
 * Dashboard UIDs alerts may link to (built in `dashboards/`). Kept here as the contract both
 * sides test against: a link to any other UID is a generate problem.
 */
export const DASHBOARD_UIDS = [
  'zeus-overview',
  'zeus-service',
  'zeus-enrollment',
  'zeus-grades',
  'zeus-capacity',
  'zeus-telemetry',
  'zeus-slo',
  'zeus-synthetics',
] as const;

/** A dashboard UID known to alerts. */
export type DashboardUid = (typeof DASHBOARD_UIDS)[number];

/** The runbook of an alert, as a path from the repository root. */
export function runbookPath(alert: Pick<AlertDefinition, 'name' | 'runbook'>): string {
  return alert.runbook ?? `alerts/runbooks/${alert.name}.md`;
}

/** `runbook_url` annotation of an alert. */
export function runbookUrl(alert: Pick<AlertDefinition, 'name' | 'runbook'>, links: AlertLinks = ALERT_LINKS): string {
  return `${links.runbookBaseUrl}/${runbookPath(alert)}`;
}

/** `dashboard_url` annotation: `<grafana>/d/<uid>?var-<name>=<value>` (variables sorted). */
export function dashboardUrl(link: DashboardLink, links: AlertLinks = ALERT_LINKS): string {
  const vars = Object.entries(link.vars ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const query = vars.map(([name, value]) => `var-${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
  return `${links.grafanaUrl}/d/${link.uid}${query ? `?${query}` : ''}`;
}
