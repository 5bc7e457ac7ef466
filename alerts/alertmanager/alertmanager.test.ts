import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ZEUS_CALENDAR, localToUtcMs, phaseSpans, type PhaseSpan } from '../../calendar/index.js';
import { requireTool } from '../../test/support/index.js';
import { REPO_ROOT } from '../../core/index.js';
import { alertmanagerConfig, renderAlertmanagerConfig } from './config.js';
import { intervalContains } from '../testing/interval-eval.js';
import { ZEUS_ENVIRONMENTS } from '../../environments/index.js';
import { alertmanagerEndpoints } from '../../generate/index.js';
import { matchRoutes, receiversAt } from '../testing/route-eval.js';
import type { Route } from './routes.js';
import { calendarTimeIntervals, maintenanceIntervalName, periodEntries } from './time-intervals.js';

const CONFIG_FILE = `${REPO_ROOT}/generated/production/alertmanager/alertmanager.yml`;
const PRODUCTION_ENDPOINTS = alertmanagerEndpoints(ZEUS_ENVIRONMENTS.production);
const ny = (local: string) => localToUtcMs(local, 'America/New_York');
const config = alertmanagerConfig(ZEUS_CALENDAR, PRODUCTION_ENDPOINTS);
const intervals = calendarTimeIntervals(ZEUS_CALENDAR);
const amtool = requireTool('amtool');

function amtoolReceivers(labels: Record<string, string>): string[] {
  const args = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const result = spawnSync(amtool, ['config', 'routes', 'test', `--config.file=${CONFIG_FILE}`, ...args], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim().split(',').sort();
}

describe('calendar time intervals', () => {
  it('compiles a same-day period to one entry with times', () => {
    expect(periodEntries({ start: '2026-12-27T02:00', end: '2026-12-27T06:00' }, 'America/New_York')).toEqual([
      { times: [{ start_time: '02:00', end_time: '06:00' }], days_of_month: ['27'], months: ['december'], years: ['2026'], location: 'America/New_York' },
    ]);
  });

  it('compiles a multi-day period across a month end to partial days and one day range per month', () => {
    const entries = periodEntries({ start: '2026-11-29T17:00', end: '2026-12-02T08:00' }, 'UTC');
    expect(entries).toEqual([
      { times: [{ start_time: '17:00', end_time: '24:00' }], days_of_month: ['29'], months: ['november'], years: ['2026'], location: 'UTC' },
      { days_of_month: ['30'], months: ['november'], years: ['2026'], location: 'UTC' },
      { days_of_month: ['1'], months: ['december'], years: ['2026'], location: 'UTC' },
      { times: [{ start_time: '00:00', end_time: '08:00' }], days_of_month: ['2'], months: ['december'], years: ['2026'], location: 'UTC' },
    ]);
    expect(periodEntries({ start: '2026-12-30T00:00', end: '2027-01-02T00:00' }, 'UTC')).toEqual([
      { days_of_month: ['30:31'], months: ['december'], years: ['2026'], location: 'UTC' },
      { days_of_month: ['1'], months: ['january'], years: ['2027'], location: 'UTC' },
    ]);
  });

  const spansOf = (name: string): PhaseSpan[] =>
    phaseSpans(ZEUS_CALENDAR).filter((s) => (s.phase === 'maintenance' ? maintenanceIntervalName(s.name) === name : s.phase === name));

  it.each(intervals.map((i) => [i.name, i] as const))('%s contains exactly the calendar spans (boundaries and every hour around them)', (name, interval) => {
    const spans = spansOf(name);
    expect(spans.length).toBeGreaterThan(0);
    for (const span of spans) {
      expect(intervalContains(interval, span.startMs), `${span.name} start`).toBe(true);
      expect(intervalContains(interval, span.endMs - 60_000), `${span.name} last minute`).toBe(true);
      expect(intervalContains(interval, span.startMs - 60_000), `${span.name} minute before`).toBe(false);
      expect(intervalContains(interval, span.endMs), `${span.name} end`).toBe(false);
    }
    const from = Math.min(...spans.map((s) => s.startMs)) - 3 * 86_400_000;
    const to = Math.max(...spans.map((s) => s.endMs)) + 3 * 86_400_000;
    const mismatches: string[] = [];
    for (let at = from; at < to; at += 3_600_000 + 17 * 60_000) {
      const expected = spans.some((s) => s.startMs <= at && at < s.endMs);
      if (intervalContains(interval, at) !== expected) mismatches.push(new Date(at).toISOString());
    }
    expect(mismatches).toEqual([]);
  });
});

interface RouteCase {
  readonly what: string;
  readonly labels: Record<string, string>;
  /** Receivers by route alone: what amtool reports. */
  readonly routes: string[];
  /** [local time in New York, receivers notified then]. */
  readonly at: readonly (readonly [string, string[]])[];
}

const enrollmentWarning = { alertname: 'ZeusEnrollmentErrorsHigh', severity: 'warning', team: 'registrar-platform', service: 'enrollment' };
const CASES: RouteCase[] = [
  {
    what: 'an enrollment warning pages during registration opening and opens a ticket otherwise',
    labels: enrollmentWarning,
    routes: ['pagerduty-registrar-platform-escalated', 'ticket-registrar-platform'],
    at: [
      ['2026-11-02T08:00', ['pagerduty-registrar-platform-escalated', 'ticket-registrar-platform']],
      ['2026-11-05T07:59', ['pagerduty-registrar-platform-escalated', 'ticket-registrar-platform']],
      ['2026-11-05T08:00', ['ticket-registrar-platform']],
      ['2026-11-02T07:59', ['ticket-registrar-platform']],
      ['2027-03-16T12:00', ['pagerduty-registrar-platform-escalated', 'ticket-registrar-platform']],
      ['2027-03-19T12:00', ['ticket-registrar-platform']],
    ],
  },
  {
    what: 'a grades warning pages in the 48 h before a grade deadline only',
    labels: { alertname: 'ZeusGradeSubmissionsStalled', severity: 'warning', team: 'academic-records', service: 'grades', term: '2026FA' },
    routes: ['pagerduty-academic-records-escalated', 'ticket-academic-records'],
    at: [
      ['2026-12-21T12:00', ['pagerduty-academic-records-escalated', 'ticket-academic-records']],
      ['2026-12-20T17:00', ['pagerduty-academic-records-escalated', 'ticket-academic-records']],
      ['2026-12-20T16:59', ['ticket-academic-records']],
      ['2026-12-22T17:00', ['ticket-academic-records']],
      ['2026-12-15T12:00', ['ticket-academic-records']],
    ],
  },
  {
    what: 'a portal warning never escalates (no critical period for it)',
    labels: { alertname: 'ZeusMemoryHigh', severity: 'warning', team: 'student-experience', service: 'portal' },
    routes: ['ticket-student-experience'],
    at: [['2026-11-03T10:00', ['ticket-student-experience']]],
  },
  {
    what: 'an enrollment page is muted by the winter database maintenance and the summer upgrade',
    labels: { alertname: 'ZeusServiceDown', severity: 'critical', team: 'registrar-platform', service: 'enrollment' },
    routes: ['pagerduty-registrar-platform'],
    at: [
      ['2026-12-27T02:00', []],
      ['2026-12-27T05:59', []],
      ['2026-12-27T06:00', ['pagerduty-registrar-platform']],
      ['2026-12-27T01:59', ['pagerduty-registrar-platform']],
      ['2027-06-13T03:00', []],
    ],
  },
  {
    what: 'an exporter page is muted only by the platform-wide upgrade (the database maintenance does not concern it)',
    labels: { alertname: 'ZeusBackupRestoreVerificationFailed', severity: 'critical', team: 'sre-platform', service: 'business-exporter' },
    routes: ['pagerduty-sre-platform'],
    at: [
      ['2026-12-27T03:00', ['pagerduty-sre-platform']],
      ['2027-06-13T01:00', []],
      ['2027-06-13T05:00', ['pagerduty-sre-platform']],
    ],
  },
  {
    what: 'a security page goes to the security team',
    labels: { alertname: 'ZeusLoginFailuresSpiking', severity: 'critical', team: 'security', service: 'portal' },
    routes: ['pagerduty-security'],
    at: [['2026-10-01T03:00', ['pagerduty-security']]],
  },
  {
    what: 'an SLO burn-rate page routes by team and severity and escalates nothing else',
    labels: { alertname: 'SLOBurnRatePage', severity: 'critical', team: 'registrar-platform', service: 'enrollment', slo: 'enrollment-availability', burn_window: '1h' },
    routes: ['pagerduty-registrar-platform'],
    at: [['2026-10-01T03:00', ['pagerduty-registrar-platform']]],
  },
  {
    what: 'an SLO burn-rate ticket for enrollment pages during registration opening',
    labels: { alertname: 'SLOBurnRateTicket', severity: 'warning', team: 'registrar-platform', service: 'enrollment', slo: 'enrollment-availability', burn_window: '1d' },
    routes: ['pagerduty-registrar-platform-escalated', 'ticket-registrar-platform'],
    at: [
      ['2026-11-03T10:00', ['pagerduty-registrar-platform-escalated', 'ticket-registrar-platform']],
      ['2026-10-01T10:00', ['ticket-registrar-platform']],
    ],
  },
  {
    what: 'Watchdog always reaches the heartbeat, even during maintenance',
    labels: { alertname: 'Watchdog', severity: 'info', team: 'sre-platform', service: 'prometheus' },
    routes: ['heartbeat'],
    at: [['2027-06-13T03:00', ['heartbeat']]],
  },
  {
    what: 'a PagerDuty delivery failure pages sre-platform and also opens its ticket (the page may be what fails)',
    labels: { alertname: 'AlertmanagerFailedToSendAlerts', severity: 'critical', team: 'sre-platform', service: 'alertmanager', integration: 'pagerduty' },
    routes: ['ticket-sre-platform', 'pagerduty-sre-platform'],
    at: [
      ['2026-11-03T10:00', ['ticket-sre-platform', 'pagerduty-sre-platform']],
      ['2026-12-27T03:00', ['ticket-sre-platform', 'pagerduty-sre-platform']],
      ['2027-06-13T03:00', []],
    ],
  },
  {
    what: 'a failing ticket webhook opens one sre-platform ticket, no page',
    labels: { alertname: 'AlertmanagerFailedToSendAlerts', severity: 'warning', team: 'sre-platform', service: 'alertmanager', integration: 'webhook' },
    routes: ['ticket-sre-platform'],
    at: [['2026-11-03T10:00', ['ticket-sre-platform']]],
  },
  {
    what: 'a Prometheus rule-evaluation failure pages sre-platform',
    labels: { alertname: 'PrometheusRuleFailures', severity: 'critical', team: 'sre-platform', service: 'prometheus', rule_group: 'slo.yml;SLO' },
    routes: ['pagerduty-sre-platform'],
    at: [['2026-11-03T10:00', ['pagerduty-sre-platform']]],
  },
  {
    what: 'info alerts notify nobody',
    labels: { alertname: 'Something', severity: 'info', team: 'registrar-platform', service: 'enrollment' },
    routes: ['blackhole'],
    at: [['2026-11-03T10:00', ['blackhole']]],
  },
  {
    what: 'a critical alert with no team label pages sre-platform (not a ticket)',
    labels: { alertname: 'Orphan', severity: 'critical', service: 'enrollment' },
    routes: ['pagerduty-sre-platform'],
    at: [['2026-11-03T10:00', ['pagerduty-sre-platform']]],
  },
  {
    what: 'a critical alert of an unknown team pages sre-platform, muted only by the maintenance that covers it',
    labels: { alertname: 'Orphan', severity: 'critical', team: 'nobody' },
    routes: ['pagerduty-sre-platform'],
    at: [
      ['2026-11-03T10:00', ['pagerduty-sre-platform']],
      ['2026-12-27T03:00', ['pagerduty-sre-platform']],
      ['2027-06-13T03:00', []],
    ],
  },
  {
    what: 'a team-less warning opens an SRE ticket and never escalates, even in registration opening',
    labels: { alertname: 'Orphan', severity: 'warning', service: 'enrollment' },
    routes: ['ticket-sre-platform'],
    at: [['2026-11-03T10:00', ['ticket-sre-platform']]],
  },
  {
    what: 'an alert with no severity still opens an SRE ticket',
    labels: { alertname: 'Orphan' },
    routes: ['ticket-sre-platform'],
    at: [['2026-11-03T10:00', ['ticket-sre-platform']]],
  },
];

describe('generated alertmanager.yml (production)', () => {
  it('is the rendering of the calendar with the production endpoints', () => {
    expect(readFileSync(CONFIG_FILE, 'utf8')).toBe(renderAlertmanagerConfig(ZEUS_CALENDAR, PRODUCTION_ENDPOINTS));
  });

  it('passes amtool check-config', () => {
    const result = spawnSync(amtool, ['check-config', CONFIG_FILE], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('uses key files and never an inline routing key', () => {
    const text = readFileSync(CONFIG_FILE, 'utf8');
    expect(text).not.toMatch(/routing_key:|service_key:/);
    // One per team, plus the escalation receivers of registrar-platform and academic-records.
    expect(text.match(/routing_key_file:/g)).toHaveLength(7);
  });

  it('inhibits the symptoms of a down service, the warning twin of a critical and the ticket of a paging SLO', () => {
    expect(config.inhibit_rules).toEqual([
      { source_matchers: ['alertname=~"ZeusServiceDown|ZeusServiceAbsent"'], target_matchers: ['alertname!~"ZeusServiceDown|ZeusServiceAbsent|Watchdog"'], equal: ['service'] },
      { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['alertname', 'service', 'instance', 'term', 'slo', 'integration'] },
      { source_matchers: ['alertname="SLOBurnRatePage"'], target_matchers: ['alertname="SLOBurnRateTicket"'], equal: ['slo', 'service'] },
    ]);
  });

  it('sends escalated warnings to PagerDuty as critical, and only through the escalation receivers', () => {
    type Pd = { severity: string; routing_key_file: string; description: string };
    const receivers = new Map(config.receivers.map((r) => [r.name, r as { name: string; pagerduty_configs?: Pd[] }]));
    for (const team of ['registrar-platform', 'academic-records'] as const) {
      const escalated = receivers.get(`pagerduty-${team}-escalated`)!.pagerduty_configs![0]!;
      const normal = receivers.get(`pagerduty-${team}`)!.pagerduty_configs![0]!;
      expect(escalated.severity).toBe('critical');
      expect(escalated.description).toContain('ESCALATED');
      expect(escalated.routing_key_file).toBe(normal.routing_key_file); // same PagerDuty service
      expect(normal.severity).toContain('.CommonLabels.severity'); // a plain warning would stay low urgency
    }
    // Every route that sends warnings to PagerDuty is gated by a critical period and uses an escalation receiver.
    const walk = (route: Route): Route[] => [route, ...(route.routes ?? []).flatMap(walk)];
    const warningPages = walk(config.route).filter((r) => r.receiver?.startsWith('pagerduty-') && r.matchers?.includes('severity="warning"'));
    expect(warningPages.length).toBe(2);
    for (const route of warningPages) {
      expect(route.receiver).toMatch(/-escalated$/);
      expect(route.active_time_intervals?.length).toBeGreaterThan(0);
    }
  });
});

describe('routing (amtool for the tree, simulated instants for the time intervals)', () => {
  it.each(CASES.map((c) => [c.what, c] as const))('%s', (_what, c) => {
    // amtool config routes test evaluates the real tree but ignores time...
    expect(amtoolReceivers(c.labels)).toEqual([...c.routes].sort());
    const verify = spawnSync(amtool, ['config', 'routes', 'test', `--config.file=${CONFIG_FILE}`, `--verify.receivers=${c.routes.join(',')}`, ...Object.entries(c.labels).map(([k, v]) => `${k}=${v}`)]);
    expect(verify.status).toBe(0);
    // ...our evaluator agrees with it without time, then applies the intervals at each instant.
    expect(matchRoutes(config.route, c.labels).map((r) => r.receiver)).toEqual(c.routes);
    for (const [local, expected] of c.at) {
      expect(receiversAt(config.route, intervals, c.labels, ny(local)), `at ${local} New York`).toEqual(expected);
    }
  });
});
