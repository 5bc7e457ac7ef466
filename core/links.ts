/**
 * Where an environment's links point. Alert annotations (`runbook_url`, `dashboard_url`) are
 * built here, one way, for the alert rules and the SLO rules alike.
 */
export interface Links {
  /** Grafana as people open it, no trailing slash (`https://grafana.zeus.example.edu`). */
  readonly grafanaUrl: string;
  /**
   * Base URL under which the repository's files are served, no trailing slash: a runbook at
   * `alerts/runbooks/X.md` is linked as `<base>/alerts/runbooks/X.md` (a repository web view
   * such as `https://git.example.edu/zeus/observability/blob/main`, or the local receiver's
   * `/runbooks`).
   */
  readonly runbookBaseUrl: string;
}

/**
 * Links for renders outside an environment (previews, unit tests): `.invalid` never resolves
 * (RFC 2606). `zeus-obs generate` always passes each environment's own links.
 */
export const UNRESOLVED_LINKS: Links = { grafanaUrl: 'https://grafana.invalid', runbookBaseUrl: 'https://runbooks.invalid' };

/** URL of a file of the repository (a runbook), from its path from the repository root. */
export function runbookLink(links: Links, path: string): string {
  return `${links.runbookBaseUrl}/${path}`;
}

/** URL of a Grafana dashboard: `<grafana>/d/<uid>?var-<name>=<value>` (variables sorted by name). */
export function dashboardLink(links: Links, uid: string, vars: Readonly<Record<string, string>> = {}): string {
  const query = Object.entries(vars)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `var-${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return `${links.grafanaUrl}/d/${uid}${query ? `?${query}` : ''}`;
}
