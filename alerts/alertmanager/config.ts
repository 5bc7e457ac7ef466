import { validateCalendar, type AcademicCalendar } from '../../calendar/index.js';
import { toYaml, type Problem } from '../../core/index.js';
import { SERVICES } from '../../ownership/index.js';
import type { AlertmanagerEndpoints } from './options.js';
import { ESCALATIONS } from './policy.js';
import { receivers } from './receivers.js';
import { inhibitRules, routeTree } from './routes.js';
import { calendarTimeIntervals } from './time-intervals.js';

/** The calendar's source file, named in problems. */
export const CALENDAR_FILE = 'calendar/zeus-2026-2027.ts';

/** The Alertmanager configuration as a plain object (what `alertmanager.yml` holds). */
export function alertmanagerConfig(calendar: AcademicCalendar, endpoints: AlertmanagerEndpoints) {
  return {
    global: { resolve_timeout: '5m' },
    route: routeTree(calendar, endpoints),
    inhibit_rules: inhibitRules(),
    receivers: receivers(endpoints),
    time_intervals: calendarTimeIntervals(calendar),
  };
}

/** Renders `alertmanager.yml`. Pure: the same calendar and endpoints give the same bytes. */
export function renderAlertmanagerConfig(calendar: AcademicCalendar, endpoints: AlertmanagerEndpoints): string {
  return toYaml(alertmanagerConfig(calendar, endpoints));
}

/** Problems that would make the routing wrong: an invalid calendar, escalations of unknown services or empty intervals. */
export function alertmanagerProblems(calendar: AcademicCalendar): Problem[] {
  const problems: Problem[] = validateCalendar(calendar).map((p) => ({ file: CALENDAR_FILE, field: p.field, message: p.message }));
  if (problems.length > 0) return problems;
  for (const interval of calendarTimeIntervals(calendar)) {
    if (interval.time_intervals.length === 0) {
      problems.push({ file: CALENDAR_FILE, field: interval.name, message: 'time interval has no entries (it would never match)' });
    }
  }
  for (const escalation of ESCALATIONS) {
    for (const service of escalation.services) {
      if (!(service in SERVICES)) problems.push({ file: 'alerts/alertmanager/policy.ts', field: 'ESCALATIONS', message: `unknown service ${service}` });
    }
  }
  return problems;
}
