import { createHash } from 'node:crypto';
import type { Team } from '../../ownership/index.js';

/** How long Alertmanager waits and repeats, as Alertmanager durations (`30s`, `5m`, `4h`). */
export interface Timing {
  readonly groupWait: string;
  readonly groupInterval: string;
  readonly repeatInterval: string;
}

/**
 * Where notifications go and where Alertmanager is, in one environment. `zeus-obs generate`
 * derives them from each environment (`environments/`); tests render their own variant with
 * `localEndpoints()`.
 */
export interface AlertmanagerEndpoints {
  /** Alertmanager as people open it (its `--web.external-url`), no trailing slash: PagerDuty's client link. */
  readonly alertmanagerUrl: string;
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

/**
 * Endpoints of a local receiver (`zeus-obs pager`, default `http://127.0.0.1:9094`): PagerDuty,
 * tickets and heartbeat all go there; key files live in `keyDir` and hold
 * `localRoutingKey(team)` (write them before starting Alertmanager). For tests that run a real
 * Alertmanager against a receiver on a free port.
 */
export function localEndpoints(options: { pagerUrl?: string; keyDir: string; alertmanagerUrl?: string; timing?: Timing }): AlertmanagerEndpoints {
  const base = (options.pagerUrl ?? 'http://127.0.0.1:9094').replace(/\/$/, '');
  return {
    alertmanagerUrl: (options.alertmanagerUrl ?? 'http://127.0.0.1:9093').replace(/\/$/, ''),
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
