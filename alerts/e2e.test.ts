import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZEUS_CALENDAR } from '../calendar/index.js';
import { TEAM_NAMES } from '../ownership/index.js';
import { freePort, requireTool, startProcess, waitFor, type Started } from '../test/support/index.js';
import { REPO_ROOT } from '../core/index.js';
import { ZEUS_ENVIRONMENTS } from '../environments/index.js';
import { ALERT_GROUPS, environmentDir } from '../generate/index.js';
import { groupPaths, localEndpoints, localRoutingKey, renderAlertmanagerConfig, startPagerReceiver, type PagerReceiver } from './index.js';

/**
 * End to end: a real Prometheus evaluates the local environment's generated rule files every second, a real
 * Alertmanager runs the rendered routing with the PagerDuty URL and key files pointed at the
 * local receiver (1 s group_wait/group_interval), and a target this test controls drives
 * ZeusBackupRestoreVerificationFailed (critical, no `for`) into firing and back.
 * The variant drops the calendar's maintenance windows so the result does not depend on the
 * wall clock; muting is covered by the simulated-instant route tests.
 */
describe('alerting pipeline end to end', () => {
  const processes: Started[] = [];
  let receiver: PagerReceiver | undefined;
  let target: Server | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'zeus-alerts-e2e-'));

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await receiver?.stop();
    await new Promise((resolve) => (target ? target.close(resolve) : resolve(undefined)));
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages once for the group, then resolves the same incident', async () => {
    const prometheusBin = requireTool('prometheus');
    const alertmanagerBin = requireTool('prometheus-alertmanager', 'alertmanager');
    let verified = 0;
    target = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(`# TYPE zeus_backup_restore_verify_success gauge\nzeus_backup_restore_verify_success ${verified}\n`);
    });
    const targetPort = await freePort();
    await new Promise<void>((resolve) => target!.listen(targetPort, '127.0.0.1', resolve));
    receiver = await startPagerReceiver({ port: 0 });

    for (const team of TEAM_NAMES) writeFileSync(join(dir, `pagerduty-${team}.key`), `${localRoutingKey(team)}\n`);
    const endpoints = localEndpoints({ pagerUrl: receiver.url, keyDir: dir, timing: { groupWait: '1s', groupInterval: '1s', repeatInterval: '1h' } });
    writeFileSync(join(dir, 'alertmanager.yml'), renderAlertmanagerConfig({ ...ZEUS_CALENDAR, maintenance: [] }, endpoints));
    const amPort = await freePort();
    processes.push(
      startProcess(alertmanagerBin, [
        `--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'am')}`,
        `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address=',
      ]),
    );

    const local = ZEUS_ENVIRONMENTS.local;
    const ruleFiles = ALERT_GROUPS.map((g) => `${REPO_ROOT}/generated/${environmentDir(local.name)}/${groupPaths(g).rules}`);
    writeFileSync(
      join(dir, 'prometheus.yml'),
      JSON.stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: ruleFiles,
        alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
        scrape_configs: [{ job_name: 'zeus-exporters', static_configs: [{ targets: [`127.0.0.1:${targetPort}`], labels: { service: 'business-exporter' } }] }],
      }),
    );
    const promPort = await freePort();
    processes.push(
      startProcess(prometheusBin, [
        `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${promPort}`, '--rules.alert.resend-delay=1s',
      ]),
    );
    const ok = (url: string) => async () => (await fetch(url).catch(() => undefined))?.ok;
    await waitFor('Alertmanager ready', ok(`http://127.0.0.1:${amPort}/-/ready`), { timeoutMs: 15_000 });
    await waitFor('Prometheus ready', ok(`http://127.0.0.1:${promPort}/-/ready`), { timeoutMs: 15_000 });

    const ALERT = 'ZeusBackupRestoreVerificationFailed';
    const ours = () =>
      receiver!.events().filter((e) => (e.body as { payload?: { class?: string }; dedup_key?: string }).payload?.class === ALERT || e.dedupKey === triggerKey);
    let triggerKey: string | undefined;
    const trigger = await waitFor('a trigger for the failed verification', () => ours().find((e) => (e.body as { event_action: string }).event_action === 'trigger'), { timeoutMs: 25_000 });
    triggerKey = trigger.dedupKey;
    const body = trigger.body as Record<string, any>;
    expect(trigger.status).toBe(202);
    expect(body.routing_key).toBe(localRoutingKey('sre-platform'));
    expect(body.payload).toMatchObject({ severity: 'critical', class: ALERT, component: 'business-exporter', group: 'sre-platform', source: `127.0.0.1:${targetPort}` });
    expect(body.payload.summary).toBe(`[FIRING:1] ${ALERT} (business-exporter): Restoring the newest Zeus backup failed verification.`);
    expect(body.payload.custom_details).toMatchObject({ team: 'sre-platform', severity: 'critical', runbook_url: `${local.runbookBaseUrl}/alerts/runbooks/${ALERT}.md` });
    expect(body.links).toEqual([
      { href: `${local.runbookBaseUrl}/alerts/runbooks/${ALERT}.md`, text: `Runbook: ${ALERT}` },
      { href: `${local.grafanaUrl}/d/zeus-capacity`, text: 'Grafana dashboard' },
    ]);
    expect(body.client).toBe('Zeus Alertmanager');
    expect(body.client_url).toBe(`http://127.0.0.1:9093/#/alerts?receiver=pagerduty-sre-platform`);
    // Watchdog reached the heartbeat receiver through the same Alertmanager.
    await waitFor('a Watchdog heartbeat', () => receiver!.webhooks().some((w) => w.path === '/heartbeat'), { timeoutMs: 10_000 });

    // Several group intervals and alert resends later there is still exactly one trigger.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    verified = 1;
    const resolve = await waitFor('a resolve with the same dedup_key', () => ours().find((e) => (e.body as { event_action: string }).event_action === 'resolve'), { timeoutMs: 20_000 });
    expect(resolve.status).toBe(202);
    expect((resolve.body as { dedup_key: string }).dedup_key).toBe(triggerKey);
    const actions = ours().map((e) => `${e.status} ${(e.body as { event_action: string }).event_action}`);
    expect(actions).toEqual(['202 trigger', '202 resolve']);
    expect(receiver.events().every((e) => e.status === 202)).toBe(true);
    expect(receiver.incidents().find((i) => i.dedupKey === triggerKey)?.status).toBe('resolved');
  }, 60_000);
});
