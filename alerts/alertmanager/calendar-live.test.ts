import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZEUS_CALENDAR, utcMsToLocal, validateCalendar, type AcademicCalendar } from '../../calendar/index.js';
import { TEAM_NAMES } from '../../ownership/index.js';
import { freePort, requireTool, startProcess, waitFor, type Started } from '../../test/support/index.js';
import { startPagerReceiver, type PagerReceiver } from '../pager/receiver.js';
import { renderAlertmanagerConfig } from './config.js';
import { localEndpoints, localRoutingKey } from './options.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The simulated-instant tests check our reading of time_intervals; this one checks that a real
 * Alertmanager reads the compiled entries the same way, with a calendar built around the current
 * time: a multi-day maintenance window now (muting portal), one later today (grades, not muting
 * yet), a grade deadline tomorrow (grades warnings page now) and a registration opening that ended.
 */
describe('compiled calendar intervals in a real Alertmanager', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zeus-am-calendar-'));
  let alertmanager: Started | undefined;
  let receiver: PagerReceiver | undefined;

  afterAll(async () => {
    await alertmanager?.stop();
    await receiver?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('mutes, escalates and leaves alone exactly as the calendar says for now', async () => {
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

    receiver = await startPagerReceiver({ port: 0 });
    for (const team of TEAM_NAMES) writeFileSync(join(dir, `pagerduty-${team}.key`), localRoutingKey(team));
    const endpoints = localEndpoints({ pagerUrl: receiver.url, keyDir: dir, timing: { groupWait: '1s', groupInterval: '1s', repeatInterval: '1h' } });
    writeFileSync(join(dir, 'alertmanager.yml'), renderAlertmanagerConfig(calendar, endpoints));
    const port = await freePort();
    alertmanager = startProcess(requireTool('prometheus-alertmanager', 'alertmanager'), [
      `--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=',
    ]);
    const base = `http://127.0.0.1:${port}`;
    await waitFor('Alertmanager ready', async () => (await fetch(`${base}/-/ready`).catch(() => undefined))?.ok, { timeoutMs: 15_000 });

    const alert = (alertname: string, severity: string, team: string, service: string) => ({
      labels: { alertname, severity, team, service },
      annotations: { summary: alertname, description: alertname, runbook_url: `http://localhost:9094/runbooks/alerts/runbooks/${alertname}.md`, dashboard_url: 'http://localhost:3000/d/zeus-overview' },
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 10 * 60_000).toISOString(),
    });
    const posted = await fetch(`${base}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        alert('ZeusServiceDown', 'critical', 'student-experience', 'portal'),
        alert('ZeusGradeSubmissionsStalled', 'warning', 'academic-records', 'grades'),
        alert('ZeusEnrollmentThroughputCollapsed', 'warning', 'registrar-platform', 'enrollment'),
      ]),
    });
    expect(posted.status).toBe(200);

    const pages = () => receiver!.events().map((e) => (e.body as { payload?: { class?: string } }).payload?.class);
    const tickets = () => receiver!.webhooks().map((w) => w.path);
    // The grades warning pages (grade-deadline is active) and also opens its ticket.
    await waitFor('the grades warning to page', () => pages().includes('ZeusGradeSubmissionsStalled'), { timeoutMs: 15_000 });
    await waitFor('the tickets', () => tickets().includes('/tickets/academic-records') && tickets().includes('/tickets/registrar-platform'), { timeoutMs: 15_000 });
    // Give the muted route several group intervals to (wrongly) notify.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(pages()).toEqual(['ZeusGradeSubmissionsStalled']); // portal muted; enrollment opening is over
    expect(tickets().sort()).toEqual(['/tickets/academic-records', '/tickets/registrar-platform']);
    expect(receiver.events().every((e) => e.status === 202)).toBe(true);
  }, 45_000);
});
