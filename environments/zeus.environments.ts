/**
 * The Zeus environments: the local stack (`npm start`), Docker Compose, staging and production.
 * `zeus-obs generate` writes each one's rules, Alertmanager config and Grafana provisioning to
 * `generated/<name>/`. Change an address here and regenerate.
 */
import { TEAM_NAMES, type Team } from '../ownership/index.js';
import type { Environment, Environments } from './types.js';

/**
 * Default base of runbook links in staging and production: the repository's web view of `main`,
 * so `<base>/alerts/runbooks/<Alert>.md` opens the runbook from any incident. Override with
 * `zeus-obs generate --runbook-base-url URL` (e.g. pinned to the deployed commit).
 */
export const DEFAULT_RUNBOOK_BASE_URL = 'https://git.example.edu/zeus/observability/blob/main';

/** Settings of the environments that are not fixed in this file. */
export interface EnvironmentSettings {
  /** Base of runbook links in staging and production (default `DEFAULT_RUNBOOK_BASE_URL`). */
  readonly runbookBaseUrl?: string;
}

const perTeam = (value: (team: Team) => string) => Object.fromEntries(TEAM_NAMES.map((team) => [team, value(team)])) as Record<Team, string>;

/** Where every deployed Alertmanager reads its keys: a secret mounted per cluster. */
const SECRET_KEY_FILES = perTeam((team) => `/etc/alertmanager/secrets/pagerduty-${team}.key`);
const PAGERDUTY_EVENTS_API = 'https://events.pagerduty.com/v2/enqueue';
/** The cluster's DNS Service, which the dns probe asks for the public name (as pods resolve it). */
const CLUSTER_DNS = 'kube-dns.kube-system.svc.cluster.local:53';

/** `npm start`: the local PagerDuty receiver (:9094) takes pages, tickets and heartbeats and serves the runbooks. */
const LOCAL: Environment = {
  name: 'local',
  description: '`npm start`: every component on 127.0.0.1 without Docker; pages go to the local PagerDuty receiver',
  deployed: false,
  grafanaUrl: 'http://127.0.0.1:3000',
  runbookBaseUrl: 'http://127.0.0.1:9094/runbooks',
  prometheusUrl: 'http://127.0.0.1:9090',
  alertmanagerUrl: 'http://127.0.0.1:9093',
  datasources: { prometheus: 'http://127.0.0.1:9090', tempo: 'http://127.0.0.1:3200', loki: 'http://127.0.0.1:3100', scrapeInterval: '15s' },
  pagerduty: { url: 'http://127.0.0.1:9094/v2/enqueue', routingKeyFiles: perTeam((team) => `.data/stack/alertmanager/keys/pagerduty-${team}.key`) },
  ticketWebhookUrls: perTeam((team) => `http://127.0.0.1:9094/tickets/${team}`),
  heartbeatUrl: 'http://127.0.0.1:9094/heartbeat',
  // The public name is localhost: the stack serves it over HTTPS in front of the portal (its own
  // certificate) and answers the dns probe from its loopback resolver (ports moved with
  // --public-port and --resolver-port).
  probes: {
    publicUrl: 'https://localhost:8443',
    resolver: '127.0.0.1:9053',
    services: { portal: 'http://127.0.0.1:8080', enrollment: 'http://127.0.0.1:8081', grades: 'http://127.0.0.1:8082' },
  },
};

/**
 * `docker compose up`: people open the published ports on localhost; Grafana reaches the back
 * ends by service name; the `runbooks` container serves the runbooks; pages go to the real
 * PagerDuty with the keys in `deploy/alertmanager/secrets/`; tickets and heartbeats to the
 * organisation's ticket and heartbeat services.
 */
const COMPOSE: Environment = {
  name: 'compose',
  description: '`docker compose up`: the full stack with Grafana, Tempo and Loki on one Docker host',
  deployed: false,
  grafanaUrl: 'http://localhost:3000',
  runbookBaseUrl: 'http://localhost:9095/runbooks',
  prometheusUrl: 'http://localhost:9090',
  alertmanagerUrl: 'http://localhost:9093',
  datasources: { prometheus: 'http://prometheus:9090', tempo: 'http://tempo:3200', loki: 'http://loki:3100', scrapeInterval: '15s' },
  pagerduty: { url: PAGERDUTY_EVENTS_API, routingKeyFiles: SECRET_KEY_FILES },
  ticketWebhookUrls: perTeam((team) => `http://tickets.zeus.internal/api/v1/alertmanager/${team}`),
  heartbeatUrl: 'http://heartbeat.zeus.internal/api/v1/ping/zeus-alertmanager-compose',
  // Inside the Compose network the portal's name is its service name, answered by Docker's
  // embedded DNS server (127.0.0.11 in every container).
  probes: {
    publicUrl: 'http://portal:8080',
    resolver: '127.0.0.11:53',
    services: { portal: 'http://portal:8080', enrollment: 'http://enrollment:8081', grades: 'http://grades:8082' },
  },
};

/**
 * A deployed environment: the Kubernetes overlay of the same name (`generated/kubernetes/`) in
 * namespace `namespace`. People open its UIs on https under `domain`; Grafana reaches the back
 * ends by in-cluster service names; tickets and heartbeats go to the in-house services under
 * `internal`. Students open the portal at `https://<domain>`, the public name the probes check.
 */
function deployed(name: 'staging' | 'production', where: { domain: string; namespace: string; internal: string }, runbookBaseUrl: string, description: string): Environment {
  const { domain, namespace, internal } = where;
  return {
    name,
    description,
    deployed: true,
    grafanaUrl: `https://grafana.${domain}`,
    runbookBaseUrl,
    prometheusUrl: `https://prometheus.${domain}`,
    alertmanagerUrl: `https://alertmanager.${domain}`,
    datasources: {
      prometheus: `http://prometheus-operated.${namespace}.svc:9090`,
      tempo: 'http://tempo-query-frontend.tracing.svc:3200',
      loki: 'http://loki-gateway.logging.svc:80',
      scrapeInterval: '15s',
    },
    pagerduty: { url: PAGERDUTY_EVENTS_API, routingKeyFiles: SECRET_KEY_FILES },
    ticketWebhookUrls: perTeam((team) => `http://tickets.${internal}/api/v1/alertmanager/${team}`),
    heartbeatUrl: `http://heartbeat.${internal}/api/v1/ping/zeus-alertmanager`,
    probes: {
      publicUrl: `https://${domain}`,
      resolver: CLUSTER_DNS,
      services: { portal: `http://portal.${namespace}.svc:8080`, enrollment: `http://enrollment.${namespace}.svc:8081`, grades: `http://grades.${namespace}.svc:8082` },
    },
  };
}

/** The four environments, with `settings` applied. Pure: the same settings give the same values. */
export function zeusEnvironments(settings: EnvironmentSettings = {}): Environments {
  const runbooks = (settings.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL).replace(/\/+$/, '');
  return {
    local: LOCAL,
    compose: COMPOSE,
    staging: deployed('staging', { domain: 'staging.zeus.example', namespace: 'zeus-staging', internal: 'staging.zeus.internal' }, runbooks,
      'Staging cluster: release candidates under production-like load; its keys page a staging PagerDuty service'),
    production: deployed('production', { domain: 'zeus.example', namespace: 'zeus', internal: 'zeus.internal' }, runbooks,
      'Production cluster: pages the on-call teams'),
  };
}

/** The environments with default settings: what the committed `generated/` holds. */
export const ZEUS_ENVIRONMENTS: Environments = zeusEnvironments();
