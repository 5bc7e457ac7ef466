import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICE_DOWN_ALERTS } from '../alerts/index.js';
import type { PrometheusClient } from '../promql/index.js';

/**
 * A planned restart's maintenance silence in Alertmanager: the promotion restarts the stable
 * process in place while the router sends it nothing (all calls go to the candidate), so its
 * scrape target is briefly down on purpose. Only the service-down alerts of that one scrape
 * target (`instance`) are silenced, and only until Prometheus scrapes it again and no such alert
 * is left; every other alert, including the SLO burn alerts users' errors would raise, still pages.
 */
export interface RestartSilence {
  /** Waits until the target is scraped again and its service-down alerts are gone, then expires the silence. */
  lift(prometheus: PrometheusClient, timeoutMs: number): Promise<void>;
}

const API = '/api/v2/silences';

/** Creates the silence (for at most `maxMs`); resolves to undefined, after `warn`, when Alertmanager cannot be reached. */
export async function silenceRestart(alertmanager: string, instance: string, who: string, maxMs: number, warn: (line: string) => void): Promise<RestartSilence | undefined> {
  const now = Date.now();
  const body = {
    matchers: [
      { name: 'alertname', value: SERVICE_DOWN_ALERTS.join('|'), isRegex: true, isEqual: true },
      { name: 'instance', value: instance, isRegex: false, isEqual: true },
    ],
    startsAt: new Date(now).toISOString(), endsAt: new Date(now + maxMs).toISOString(),
    createdBy: 'zeus-obs rollout', comment: `planned restart of ${instance} at promotion (${who}); all traffic on the candidate meanwhile`,
  };
  try {
    const response = await fetch(`${alertmanager}${API}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${await response.text()}`);
    const { silenceID } = (await response.json()) as { silenceID: string };
    return { lift: (prometheus, timeoutMs) => lift(alertmanager, silenceID, instance, prometheus, timeoutMs) };
  } catch (error) {
    warn(`! no maintenance silence for the restart of ${instance} (${(error as Error).message}): its service-down alert may page if the restart is slow`);
    return undefined;
  }
}

async function lift(alertmanager: string, id: string, instance: string, prometheus: PrometheusClient, timeoutMs: number): Promise<void> {
  const alerts = `ALERTS{alertname=~"${SERVICE_DOWN_ALERTS.join('|')}", instance="${instance}"}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [up, pending] = await Promise.all([prometheus.vector(`up{instance="${instance}"} == 1`), prometheus.vector(alerts)]);
    if (up.length > 0 && pending.length === 0) break;
    await sleep(500);
  }
  await fetch(`${alertmanager}/api/v2/silence/${id}`, { method: 'DELETE', signal: AbortSignal.timeout(5_000) });
}
