import { createHash } from 'node:crypto';
import type { Team } from '../../ownership/index.js';

/** How long Alertmanager waits and repeats, as Alertmanager durations (`30s`, `5m`, `4h`). */
export interface Timing {
  readonly groupWait: string;
  readonly groupInterval: string;
  readonly repeatInterval: string;
}

/**
 * Where notifications go. The generated `alertmanager.yml` uses `PRODUCTION_ENDPOINTS`; the
 * local stack and tests render their own variant with `localEndpoints()`.
 */
export interface AlertmanagerEndpoints {
  /** PagerDuty Events API v2 URL. */
  readonly pagerdutyUrl: string;
  /** File holding the team's 32-character integration (routing) key; never an inline key. */
  readonly routingKeyFile: (team: Team) => string;
  /** Webhook that opens a ticket in the team's queue (warnings). */
  readonly ticketUrl: (team: Team) => string;
  /** Dead-man's-switch endpoint the Watchdog alert pings. */
  readonly heartbeatUrl: string;
  /** When set, replaces every route's timing (tests use a second or two). */
  readonly timing?: Timing;
}

/** Production endpoints: PagerDuty's public API, key files mounted as secrets, the ticket and heartbeat services. */
export const PRODUCTION_ENDPOINTS: AlertmanagerEndpoints = {
  pagerdutyUrl: 'https://events.pagerduty.com/v2/enqueue',
  routingKeyFile: (team) => `/etc/alertmanager/secrets/pagerduty-${team}.key`,
  ticketUrl: (team) => `http://tickets.zeus.internal/api/v1/alertmanager/${team}`,
  heartbeatUrl: 'http://heartbeat.zeus.internal/api/v1/ping/zeus-alertmanager',
};

/**
 * Endpoints of the local stack: PagerDuty, tickets and heartbeat all go to the local receiver
 * (`zeus-obs pager`, default `http://127.0.0.1:9094`); key files live in `keyDir` and hold
 * `localRoutingKey(team)` (write them before starting Alertmanager).
 */
export function localEndpoints(options: { pagerUrl?: string; keyDir: string; timing?: Timing }): AlertmanagerEndpoints {
  const base = (options.pagerUrl ?? 'http://127.0.0.1:9094').replace(/\/$/, '');
  return {
    pagerdutyUrl: `${base}/v2/enqueue`,
    routingKeyFile: (team) => `${options.keyDir}/pagerduty-${team}.key`,
    ticketUrl: (team) => `${base}/tickets/${team}`,
    heartbeatUrl: `${base}/heartbeat`,
    ...(options.timing ? { timing: options.timing } : {}),
  };
}

/** A deterministic 32-character routing key for a team on the local stack (not a secret). */
export function localRoutingKey(team: Team): string {
  return createHash('sha256').update(`zeus-local-${team}`).digest('hex').slice(0, 32);
}
