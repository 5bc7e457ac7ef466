import type { Service, Team } from '../../ownership/index.js';
import { ALERT as SLO_ALERT } from '../../slo/index.js';
import type { Timing } from './options.js';
import type { CRITICAL_INTERVALS } from './time-intervals.js';

/** Per-team grouping and timing: one PagerDuty incident per group, so `groupBy` decides how many. */
export interface TeamRouting extends Timing {
  readonly groupBy: readonly string[];
}

/**
 * How each team is notified. `slo` is in every `groupBy` so burn-rate alerts of different SLOs
 * open different incidents; labels an alert lacks simply group as empty.
 */
export const TEAM_ROUTING: Readonly<Record<Team, TeamRouting>> = {
  'registrar-platform': { groupBy: ['alertname', 'service', 'term', 'slo'], groupWait: '30s', groupInterval: '5m', repeatInterval: '2h' },
  'academic-records': { groupBy: ['alertname', 'service', 'term', 'slo'], groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' },
  'student-experience': { groupBy: ['alertname', 'service', 'slo'], groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' },
  'sre-platform': { groupBy: ['alertname', 'service', 'instance', 'slo'], groupWait: '1m', groupInterval: '5m', repeatInterval: '6h' },
  security: { groupBy: ['alertname', 'service'], groupWait: '10s', groupInterval: '5m', repeatInterval: '1h' },
};

/** Critical periods of the academic year in which a service's warnings page its owner team. */
export const ESCALATIONS: readonly { readonly interval: (typeof CRITICAL_INTERVALS)[number]; readonly services: readonly Service[] }[] = [
  { interval: 'registration-opening', services: ['enrollment'] },
  { interval: 'grade-deadline', services: ['grades'] },
];

/** Alerts that mean "the service itself is gone": Alertmanager inhibits the service's symptoms while they fire. */
export const SERVICE_DOWN_ALERTS = ['ZeusServiceDown', 'ZeusServiceAbsent'] as const;

/** The team that owns the alerting pipeline (alerts/meta.alerts.ts). */
export const PIPELINE_TEAM: Team = 'sre-platform';

/**
 * Alerts about notification delivery itself: when one pages, it also opens a ticket for
 * {@link PIPELINE_TEAM}, because PagerDuty may be what fails (a refused sre-platform key would
 * otherwise swallow the page that reports it).
 */
export const DELIVERY_FAILURE_ALERTS = ['AlertmanagerFailedToSendAlerts'] as const;

/** The team that handles alerts no team route claims (no `team` label, or an unknown team). */
export const UNOWNED_TEAM: Team = 'sre-platform';

/**
 * The SLO burn-rate alerts (`slo/conventions.ts` ALERT): a firing page inhibits the ticket of
 * the same SLO.
 */
export const SLO_BURN_ALERTS = { page: SLO_ALERT.page, ticket: SLO_ALERT.ticket } as const;

/** Timing of the root route (alerts no team route claims). */
export const DEFAULT_TIMING: Timing = { groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' };

/**
 * Silence after which the heartbeat service (dead man's switch) pages the pipeline team: three
 * missed heartbeats at {@link HEARTBEAT_TIMING}'s one a minute.
 */
export const HEARTBEAT_TIMEOUT = '3m';

/** The Watchdog heartbeat: sent every minute while the pipeline works. */
export const HEARTBEAT_TIMING: Timing = { groupWait: '0s', groupInterval: '1m', repeatInterval: '1m' };
