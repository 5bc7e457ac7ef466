/**
 * An environment, as the libraries' inputs: alert links, Alertmanager endpoints and Grafana
 * data-source URLs. Composition only; the values live in `environments/`.
 */
import type { AlertLinks, AlertmanagerEndpoints } from '../alerts/index.js';
import type { DatasourceUrls } from '../dashboards/index.js';
import type { Environment, EnvironmentName } from '../environments/index.js';

/**
 * The environment whose rules the promtool tests are generated for and run against
 * (`generated/production/prometheus/tests/`). The others' rule files differ from its only in
 * the `runbook_url` and `dashboard_url` annotations (a test holds them to that).
 */
export const TESTED_ENVIRONMENT: EnvironmentName = 'production';

/** Folder of an environment's artifacts, relative to the output directory (`production`). */
export function environmentDir(name: EnvironmentName): string {
  return name;
}

/** Where an environment's alert links point. */
export function alertLinks(env: Environment): AlertLinks {
  return { grafanaUrl: env.grafanaUrl, runbookBaseUrl: env.runbookBaseUrl };
}

/** Where an environment's Alertmanager sends pages, tickets and heartbeats. */
export function alertmanagerEndpoints(env: Environment): AlertmanagerEndpoints {
  return {
    alertmanagerUrl: env.alertmanagerUrl,
    pagerdutyUrl: env.pagerduty.url,
    routingKeyFile: (team) => env.pagerduty.routingKeyFiles[team],
    ticketUrl: (team) => env.ticketWebhookUrls[team],
    heartbeatUrl: env.heartbeatUrl,
  };
}

/** Where an environment's Grafana reaches Prometheus, Tempo and Loki. */
export function datasourceUrls(env: Environment): DatasourceUrls {
  return env.datasources;
}
