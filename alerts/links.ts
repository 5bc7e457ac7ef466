import { dashboardLink, runbookLink, UNRESOLVED_LINKS, type Links } from '../core/index.js';
import type { AlertDefinition, DashboardLink } from './types.js';

/**
 * Where alert links point: Grafana and the runbook files of one environment. `zeus-obs generate`
 * passes each environment's own (`environments/`); renders without one use `UNRESOLVED_LINKS`.
 */
export type AlertLinks = Links;

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
  'zeus-postgres',
  'zeus-telemetry',
  'zeus-slo',
  'zeus-synthetics',
  'zeus-hosts',
] as const;

/** A dashboard UID known to alerts. */
export type DashboardUid = (typeof DASHBOARD_UIDS)[number];

/** The runbook of an alert, as a path from the repository root. */
export function runbookPath(alert: Pick<AlertDefinition, 'name' | 'runbook'>): string {
  return alert.runbook ?? `alerts/runbooks/${alert.name}.md`;
}

/** `runbook_url` annotation of an alert. */
export function runbookUrl(alert: Pick<AlertDefinition, 'name' | 'runbook'>, links: AlertLinks = UNRESOLVED_LINKS): string {
  return runbookLink(links, runbookPath(alert));
}

/** `dashboard_url` annotation: `<grafana>/d/<uid>?var-<name>=<value>` (variables sorted). */
export function dashboardUrl(link: DashboardLink, links: AlertLinks = UNRESOLVED_LINKS): string {
  return dashboardLink(links, link.uid, link.vars);
}
