import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AcademicCalendar } from '../../calendar/index.js';
import { TEAM_NAMES } from '../../ownership/index.js';
import { freePort, requireTool, startProcess, waitFor } from '../../test/support/index.js';
import { startPagerReceiver, type PagerReceiver } from '../pager/receiver.js';
import { renderAlertmanagerConfig } from '../alertmanager/config.js';
import { localEndpoints, localRoutingKey } from '../alertmanager/options.js';

/** A real Alertmanager on a free loopback port, with the rendered config pointed at a local receiver (tests). */
export interface LiveAlertmanager {
  readonly url: string;
  readonly receiver: PagerReceiver;
  /** Posts alerts (labels plus the four annotations) to `/api/v2/alerts`, firing for ten minutes. */
  post(alerts: readonly Record<string, string>[]): Promise<void>;
  /** PagerDuty event classes (alert names) received so far. */
  pages(): string[];
  /** Webhook paths received so far (`/tickets/<team>`, `/heartbeat`). */
  webhooks(): string[];
  stop(): Promise<void>;
}

/** Starts Alertmanager 0.25 with `renderAlertmanagerConfig(calendar, local endpoints)` and 1 s group timers. */
export async function startLiveAlertmanager(calendar: AcademicCalendar): Promise<LiveAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'zeus-am-'));
  const receiver = await startPagerReceiver({ port: 0 });
  for (const team of TEAM_NAMES) writeFileSync(join(dir, `pagerduty-${team}.key`), localRoutingKey(team));
  const endpoints = localEndpoints({ pagerUrl: receiver.url, keyDir: dir, timing: { groupWait: '1s', groupInterval: '1s', repeatInterval: '1h' } });
  writeFileSync(join(dir, 'alertmanager.yml'), renderAlertmanagerConfig(calendar, endpoints));
  const port = await freePort();
  const process = startProcess(requireTool('prometheus-alertmanager', 'alertmanager'), [
    `--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=',
  ]);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await process.stop();
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor('Alertmanager ready', async () => (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok, { timeoutMs: 15_000 });
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${process.output()}`);
  }
  return {
    url,
    receiver,
    async post(alerts) {
      const now = Date.now();
      const body = alerts.map((labels) => ({
        labels,
        annotations: {
          summary: labels.alertname, description: labels.alertname,
          runbook_url: `http://localhost:9094/runbooks/alerts/runbooks/${labels.alertname}.md`, dashboard_url: 'http://localhost:3000/d/zeus-overview',
        },
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 10 * 60_000).toISOString(),
      }));
      const response = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (response.status !== 200) throw new Error(`Alertmanager refused the alerts: ${response.status} ${await response.text()}`);
    },
    pages: () => receiver.events().map((e) => String((e.body as { payload?: { class?: string } }).payload?.class)),
    webhooks: () => receiver.webhooks().map((w) => w.path),
    stop,
  };
}
