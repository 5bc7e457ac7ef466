import { SERVICE_NAMES, SERVICES, TEAM_NAMES, type Service, type Team } from '../../ownership/index.js';
import type { AcademicCalendar } from '../../calendar/index.js';
import type { AlertmanagerEndpoints, Timing } from './options.js';
import {
  DEFAULT_TIMING, DELIVERY_FAILURE_ALERTS, ESCALATIONS, HEARTBEAT_TIMING, PIPELINE_TEAM, SERVICE_DOWN_ALERTS, SLO_BURN_ALERTS, TEAM_ROUTING, UNOWNED_TEAM,
} from './policy.js';
import { RECEIVER } from './receivers.js';
import { maintenanceIntervalName } from './time-intervals.js';

/** An Alertmanager route, as written to YAML. */
export interface Route {
  readonly receiver?: string;
  readonly matchers?: readonly string[];
  readonly group_by?: readonly string[];
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  readonly mute_time_intervals?: readonly string[];
  readonly active_time_intervals?: readonly string[];
  readonly continue?: boolean;
  readonly routes?: readonly Route[];
}

const timing = (t: Timing) => ({ group_wait: t.groupWait, group_interval: t.groupInterval, repeat_interval: t.repeatInterval });

/**
 * Services grouped by the maintenance windows that mute them. The group muted only by
 * all-service windows is the catch-all (no service matcher), so alerts of other components
 * (or without a service) are still muted by platform-wide maintenance.
 */
export function maintenancePartitions(calendar: AcademicCalendar): { services: Service[] | undefined; mutes: string[] }[] {
  const mutesOf = (service: string) =>
    calendar.maintenance.filter((m) => m.services.length === 0 || m.services.includes(service)).map((m) => maintenanceIntervalName(m.name)).sort();
  const everywhere = mutesOf('\u0000');
  const byMutes = new Map<string, Service[]>();
  for (const service of SERVICE_NAMES) {
    const key = mutesOf(service).join(',');
    if (key !== everywhere.join(',')) byMutes.set(key, [...(byMutes.get(key) ?? []), service]);
  }
  return [
    ...[...byMutes].sort(([a], [b]) => a.localeCompare(b)).map(([key, services]) => ({ services, mutes: key.split(',') })),
    { services: undefined, mutes: everywhere },
  ];
}

/** Whether an escalation of `service` applies to `team`'s routes (it owns the service). */
const ownsService = (team: Team, service: Service) => SERVICES[service].team === team;

/**
 * The severity routes of one team, per maintenance partition: the escalation routes of its
 * services (warnings page the escalation receiver during the critical period, then `continue`
 * so the ticket is opened as usual), critical to PagerDuty, warning to the ticket queue.
 * `escalate: false` (alerts no team claims) leaves the escalations out.
 */
function teamRoutes(team: Team, calendar: AcademicCalendar, { escalate = true }: { escalate?: boolean } = {}): Route[] {
  const routes: Route[] = [];
  const partitions = maintenancePartitions(calendar);
  const claimed = new Set(partitions.flatMap((p) => p.services ?? []));
  for (const { services, mutes } of partitions) {
    const scope = services ? [`service=~"${services.join('|')}"`] : [];
    const mute = mutes.length > 0 ? { mute_time_intervals: mutes } : {};
    const inPartition = (s: Service) => (services ? services.includes(s) : !claimed.has(s));
    for (const escalation of escalate ? ESCALATIONS : []) {
      for (const service of escalation.services.filter((s) => ownsService(team, s) && inPartition(s))) {
        routes.push({
          receiver: RECEIVER.escalated(team),
          matchers: ['severity="warning"', `service="${service}"`],
          active_time_intervals: [escalation.interval],
          ...mute,
          continue: true,
        });
      }
    }
    routes.push({ receiver: RECEIVER.pagerduty(team), matchers: ['severity="critical"', ...scope], ...mute });
    routes.push({ receiver: RECEIVER.ticket(team), matchers: ['severity="warning"', ...scope], ...mute });
  }
  return routes;
}

/**
 * The extra ticket of a paging delivery-failure alert (then `continue`, so the page is sent as
 * usual), muted only by the platform-wide maintenance windows, as the pipeline's own pages are.
 */
function deliveryFailureTicket(calendar: AcademicCalendar, timers: Record<string, string>): Route {
  const mutes = maintenancePartitions(calendar).at(-1)!.mutes;
  return {
    receiver: RECEIVER.ticket(PIPELINE_TEAM),
    matchers: [`alertname=~"${DELIVERY_FAILURE_ALERTS.join('|')}"`, 'severity="critical"'],
    group_by: TEAM_ROUTING[PIPELINE_TEAM].groupBy,
    ...timers,
    ...(mutes.length > 0 ? { mute_time_intervals: mutes } : {}),
    continue: true,
  };
}

/**
 * The routing tree: Watchdog to the heartbeat, a paging delivery failure also to the pipeline
 * team's tickets, `info` to nobody, then one route per team
 * (its grouping and timing) with its severity routes (see `teamRoutes`). Alerts no team route
 * claims (no `team` label, or an unknown team) are sre-platform's: critical pages it, anything
 * else opens its ticket, so nothing is lost and nothing critical becomes a ticket.
 */
export function routeTree(calendar: AcademicCalendar, endpoints: AlertmanagerEndpoints): Route {
  const t = (value: Timing) => timing(endpoints.timing ?? value);
  const team = (name: Team, matchers: readonly string[], options?: { escalate?: boolean }): Route => ({
    receiver: RECEIVER.ticket(name),
    ...(matchers.length > 0 ? { matchers } : {}),
    group_by: TEAM_ROUTING[name].groupBy,
    ...t(TEAM_ROUTING[name]),
    routes: teamRoutes(name, calendar, options),
  });
  return {
    receiver: RECEIVER.ticket(UNOWNED_TEAM),
    group_by: ['alertname', 'team', 'service'],
    ...t(DEFAULT_TIMING),
    routes: [
      { receiver: RECEIVER.heartbeat, matchers: ['alertname="Watchdog"'], group_by: ['alertname'], ...t(HEARTBEAT_TIMING) },
      deliveryFailureTicket(calendar, t(TEAM_ROUTING[PIPELINE_TEAM])),
      { receiver: RECEIVER.blackhole, matchers: ['severity="info"'] },
      ...TEAM_NAMES.map((name) => team(name, [`team="${name}"`])),
      team(UNOWNED_TEAM, [], { escalate: false }),
    ],
  };
}

const downAlerts = SERVICE_DOWN_ALERTS.join('|');

/**
 * Inhibitions: a down service silences its own symptoms; a critical silences its warning twin
 * (same integration, for delivery failures);
 * an SLO's burn-rate page silences the same SLO's burn-rate ticket (the page already says it).
 */
export function inhibitRules() {
  return [
    {
      source_matchers: [`alertname=~"${downAlerts}"`],
      target_matchers: [`alertname!~"${downAlerts}|Watchdog"`],
      equal: ['service'],
    },
    {
      source_matchers: ['severity="critical"'],
      target_matchers: ['severity="warning"'],
      // `integration`: a failing PagerDuty must not hide a failing ticket webhook.
      equal: ['alertname', 'service', 'instance', 'term', 'slo', 'integration'],
    },
    {
      source_matchers: [`alertname="${SLO_BURN_ALERTS.page}"`],
      target_matchers: [`alertname="${SLO_BURN_ALERTS.ticket}"`],
      equal: ['slo', 'service'],
    },
  ];
}
