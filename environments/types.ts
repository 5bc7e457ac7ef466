import type { Team } from '../ownership/index.js';

/** The environments `zeus-obs generate` writes artifacts for, each into `generated/<name>/`. */
export const ENVIRONMENT_NAMES = ['local', 'compose', 'staging', 'production'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** Where Grafana reaches its data sources, from Grafana's own network. */
export interface EnvironmentDatasources {
  readonly prometheus: string;
  readonly tempo: string;
  readonly loki: string;
  /** Prometheus scrape interval there; Grafana derives `$__rate_interval` from it. */
  readonly scrapeInterval: string;
}

/**
 * One environment: everything its generated artifacts point at. URLs have no trailing slash.
 * People-facing URLs (Grafana, runbooks, Prometheus, Alertmanager) are what a browser opens
 * from an incident; the others are reached by Grafana or Alertmanager from their own network.
 */
export interface Environment {
  readonly name: EnvironmentName;
  /** One line: what runs there and who uses it. */
  readonly description: string;
  /**
   * Deployed environments (staging, production) are reached from other machines: a loopback
   * address anywhere in their values or output is a mistake (`validateEnvironments`).
   */
  readonly deployed: boolean;
  /** Grafana as people open it: alert `dashboard_url` links start with it. */
  readonly grafanaUrl: string;
  /** Base under which the repository's files are served: `runbook_url` is `<base>/alerts/runbooks/<Alert>.md`. */
  readonly runbookBaseUrl: string;
  /** Prometheus as people open it: its `--web.external-url`. */
  readonly prometheusUrl: string;
  /** Alertmanager as people open it: its `--web.external-url`, and PagerDuty's client link. */
  readonly alertmanagerUrl: string;
  readonly datasources: EnvironmentDatasources;
  readonly pagerduty: {
    /** PagerDuty Events API v2 endpoint. */
    readonly url: string;
    /** Per team, the file Alertmanager reads the team's 32-character routing key from (never an inline key). */
    readonly routingKeyFiles: Readonly<Record<Team, string>>;
  };
  /** Per team, the webhook that opens a ticket in the team's queue (warnings). */
  readonly ticketWebhookUrls: Readonly<Record<Team, string>>;
  /** Dead man's switch the Watchdog heartbeat goes to. */
  readonly heartbeatUrl: string;
}

/** Every environment, by name. */
export type Environments = Readonly<Record<EnvironmentName, Environment>>;
