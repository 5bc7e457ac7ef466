import { afterAll, describe, expect, it } from 'vitest';
import { ZEUS_CALENDAR, utcMsToLocal, validateCalendar, type AcademicCalendar } from '../../calendar/index.js';
import { waitFor } from '../../test/support/index.js';
import { startLiveAlertmanager, type LiveAlertmanager } from '../testing/live-alertmanager.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const alert = (alertname: string, severity: string, team: string, service: string, extra: Record<string, string> = {}) => ({ alertname, severity, team, service, ...extra });

describe('a real Alertmanager running the rendered config', () => {
  const running: LiveAlertmanager[] = [];
  afterAll(async () => {
    await Promise.all(running.map((am) => am.stop()));
  });

  /**
   * The simulated-instant tests check our reading of time_intervals; this checks that
   * Alertmanager reads the compiled entries the same way, with a calendar built around the
   * current time: a multi-day maintenance window now (portal), one later today (grades, not
   * muting yet), a grade deadline tomorrow (grades warnings page now), and a registration
   * opening that has ended (enrollment warnings do not page).
   */
  it('mutes, escalates and leaves alone exactly as a calendar around now says', async () => {
    const now = Date.now();
    const local = (ms: number) => utcMsToLocal(ms, ZEUS_CALENDAR.timeZone);
    const period = (from: number, to: number) => ({ start: local(from), end: local(to) });
    const calendar: AcademicCalendar = {
      ...ZEUS_CALENDAR,
      terms: [
        {
          id: 'TEST', name: 'Test term',
          classes: period(now - 30 * DAY, now + 10 * DAY), enrollment: period(now - 10 * DAY, now + 5 * DAY),
          addDrop: period(now - 5 * DAY, now + DAY), finals: period(now - 3 * DAY, now - DAY), gradeDeadline: local(now + DAY),
        },
      ],
      holidays: [],
      maintenance: [
        { name: 'Portal work now', period: period(now - 2 * DAY, now + 2 * DAY), services: ['portal'] },
        { name: 'Grades work later', period: period(now + 3 * HOUR, now + 5 * HOUR), services: ['grades'] },
      ],
    };
    expect(validateCalendar(calendar)).toEqual([]);
    const am = await startLiveAlertmanager(calendar);
    running.push(am);
    await am.post([
      alert('ZeusServiceDown', 'critical', 'student-experience', 'portal'),
      alert('ZeusGradeSubmissionsStalled', 'warning', 'academic-records', 'grades'),
      alert('ZeusEnrollmentThroughputCollapsed', 'warning', 'registrar-platform', 'enrollment'),
    ]);
    await waitFor('the grades warning to page', () => am.pages().includes('ZeusGradeSubmissionsStalled'), { timeoutMs: 15_000 });
    await waitFor('the tickets', () => am.webhooks().includes('/tickets/academic-records') && am.webhooks().includes('/tickets/registrar-platform'), { timeoutMs: 15_000 });
    // Give the muted route several group intervals to (wrongly) notify.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(am.pages()).toEqual(['ZeusGradeSubmissionsStalled']); // portal muted; enrollment opening over
    // The escalated warning reaches PagerDuty as critical (high urgency), marked as escalated.
    const escalated = am.receiver.events()[0]!.body as { payload: { severity: string; summary: string } };
    expect(escalated.payload.severity).toBe('critical');
    expect(escalated.payload.summary).toContain('ESCALATED');
    expect(am.webhooks().sort()).toEqual(['/tickets/academic-records', '/tickets/registrar-platform']);
    expect(am.receiver.events().every((e) => e.status === 202)).toBe(true);
  }, 45_000);

  it('inhibits the symptoms of a down service and the warning twin of a critical', async () => {
    // No maintenance: nothing is muted whatever the date.
    const am = await startLiveAlertmanager({ ...ZEUS_CALENDAR, maintenance: [] });
    running.push(am);
    const lag = { instance: 'grades-0:9464' };
    await am.post([
      alert('ZeusServiceDown', 'critical', 'registrar-platform', 'enrollment'),
      alert('ZeusEnrollmentErrorsHigh', 'critical', 'registrar-platform', 'enrollment'),
      alert('ZeusEventLoopLagHigh', 'critical', 'academic-records', 'grades', lag),
      alert('ZeusEventLoopLagHigh', 'warning', 'academic-records', 'grades', lag),
      alert('ZeusMemoryHigh', 'warning', 'student-experience', 'portal'),
    ]);
    await waitFor('the pages', () => am.pages().length >= 2, { timeoutMs: 15_000 });
    await waitFor('the portal ticket', () => am.webhooks().includes('/tickets/student-experience'), { timeoutMs: 15_000 });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(am.pages().sort()).toEqual(['ZeusEventLoopLagHigh', 'ZeusServiceDown']);
    expect(am.webhooks()).toEqual(['/tickets/student-experience']);
  }, 45_000);

  it('inhibits the burn-rate ticket of an SLO that pages, and only of that SLO', async () => {
    const am = await startLiveAlertmanager({ ...ZEUS_CALENDAR, maintenance: [] });
    running.push(am);
    // student-experience owns no escalated service: its tickets stay tickets whatever the date.
    const slo = (alertname: string, severity: string, id: string, window: string) =>
      alert(alertname, severity, 'student-experience', 'portal', { slo: id, burn_window: window });
    await am.post([
      slo('SLOBurnRatePage', 'critical', 'portal-login-availability', '1h'),
      slo('SLOBurnRateTicket', 'warning', 'portal-login-availability', '1d'),
      slo('SLOBurnRateTicket', 'warning', 'portal-other-availability', '1d'),
    ]);
    await waitFor('the page', () => am.pages().includes('SLOBurnRatePage'), { timeoutMs: 15_000 });
    await waitFor('the other SLO\'s ticket', () => am.webhooks().includes('/tickets/student-experience'), { timeoutMs: 15_000 });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const tickets = am.receiver.webhooks().flatMap((w) => ((w.body as { alerts?: { labels: Record<string, string> }[] }).alerts ?? []).map((a) => `${a.labels.alertname}/${a.labels.slo}`));
    expect([...new Set(tickets)]).toEqual(['SLOBurnRateTicket/portal-other-availability']);
    expect(am.pages()).toEqual(['SLOBurnRatePage']);
  }, 45_000);
});
