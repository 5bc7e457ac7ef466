import type { APP_SERVICES, Team } from '../ownership/index.js';

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

/** A service that serves users (portal, enrollment, grades): what the endpoint probes reach. */
export type ProbedService = (typeof APP_SERVICES)[number];

/**
 * What blackbox_exporter probes in an environment, as seen from where it runs there. The
 * probe targets of every environment are made from these by `probes/` (`probeTargets`).
 */
export interface EnvironmentProbes {
  /**
   * The portal as students open it (https in staging and production). Its host is the public
   * DNS name the dns module resolves; the TLS module checks its certificate when it is https.
   */
  readonly publicUrl: string;
  /** The DNS server (`host:port`) the dns module asks for the public name. */
  readonly resolver: string;
  /** Where each user-facing service answers directly, without the public name. */
  readonly services: Readonly<Record<ProbedService, string>>;
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
  readonly probes: EnvironmentProbes;
}

/** Every environment, by name. */
export type Environments = Readonly<Record<EnvironmentName, Environment>>;
