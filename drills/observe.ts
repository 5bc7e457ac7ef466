import { localRoutingKey } from '../alerts/index.js';
import { TEAM_NAMES } from '../ownership/index.js';

/** A PagerDuty event as the local receiver recorded it. */
export interface RecordedEvent {
  receivedAt: string;
  status: number;
  dedupKey?: string;
  body: {
    routing_key?: string;
    event_action?: string;
    dedup_key?: string;
    payload?: { summary?: string; severity?: string; class?: string; component?: string; group?: string; custom_details?: Record<string, string> };
    links?: Array<{ href?: string; text?: string }>;
  };
}

/** A trigger or resolve, reduced to what drills judge. */
export interface Notification {
  at: number;
  action: string;
  dedupKey: string;
  alertname: string;
  service: string;
  team: string;
  severity: string;
  summary: string;
  runbook?: string;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** The team a routing key belongs to on the local stack (falls back to the payload's group). */
function teamOf(event: RecordedEvent): string {
  const key = event.body.routing_key;
  const byKey = TEAM_NAMES.find((team) => localRoutingKey(team) === key);
  return byKey ?? event.body.payload?.group ?? event.body.payload?.custom_details?.team ?? '?';
}

/** Accepted events at the receiver, as notifications, in arrival order. */
export async function notifications(pagerUrl: string): Promise<Notification[]> {
  const events = await getJson<RecordedEvent[]>(`${pagerUrl}/events`);
  return events
    .filter((e) => e.status === 202)
    .map((e) => {
      const payload = e.body.payload ?? {};
      const runbook = e.body.links?.find((l) => /runbook/i.test(l.text ?? ''))?.href ?? payload.custom_details?.runbook_url;
      return {
        at: Date.parse(e.receivedAt),
        action: e.body.event_action ?? '?',
        dedupKey: e.dedupKey ?? e.body.dedup_key ?? '',
        alertname: payload.class ?? '?',
        service: payload.component ?? payload.custom_details?.service ?? '',
        team: teamOf(e),
        severity: payload.severity ?? '?',
        summary: payload.summary ?? '',
        ...(runbook ? { runbook } : {}),
      };
    });
}

interface PromAlert {
  state: string;
  activeAt: string;
  labels: Record<string, string>;
}

/** Alerts Prometheus reports firing that carry `alertname` and every label in `labels`. */
export async function firing(prometheusUrl: string, alertname: string, labels: Record<string, string>): Promise<PromAlert[]> {
  const body = await getJson<{ data: { alerts: PromAlert[] } }>(`${prometheusUrl}/api/v1/alerts`);
  return body.data.alerts.filter((a) =>
    a.state === 'firing' && a.labels.alertname === alertname && Object.entries(labels).every(([k, v]) => a.labels[k] === v));
}

/** Throws with a clear message unless Prometheus, Alertmanager and the receiver answer. */
export async function preflight(urls: { prometheus: string; alertmanager: string; pager: string }): Promise<void> {
  const checks: Array<[string, string]> = [
    ['Prometheus', `${urls.prometheus}/-/ready`],
    ['Alertmanager', `${urls.alertmanager}/-/ready`],
    ['the PagerDuty receiver', `${urls.pager}/events`],
  ];
  for (const [what, url] of checks) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      throw new Error(`${what} is not reachable at ${url} (${error instanceof Error ? error.message : String(error)}); start the stack with 'npm start' or pass its URL`);
    }
  }
}
