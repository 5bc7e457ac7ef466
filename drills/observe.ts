import { localRoutingKey } from '../alerts/index.js';
import { TEAM_NAMES } from '../ownership/index.js';
import { prometheusClient, PrometheusUnreachableError, type Alert } from '../promql/index.js';

/** Drills poll every few hundred ms: an answer slower than this is a stack problem. */
const TIMEOUT_MS = 3_000;

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
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
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

/** An Alertmanager webhook body, as far as drills read it. */
interface WebhookBody {
  status?: string;
  alerts?: Array<{ status?: string; labels?: Record<string, string>; annotations?: Record<string, string> }>;
}

/** Ticket webhook calls at the receiver (`/tickets/<team>`), in arrival order, each with its alerts as notifications. */
export async function tickets(pagerUrl: string): Promise<Array<{ at: number; alerts: Notification[] }>> {
  const calls = await getJson<Array<{ receivedAt: string; path: string; body?: WebhookBody }>>(`${pagerUrl}/webhooks`);
  return calls.filter((c) => c.path.startsWith('/tickets/')).map((c) => {
    const at = Date.parse(c.receivedAt);
    const team = c.path.slice('/tickets/'.length);
    return {
      at,
      alerts: (c.body?.alerts ?? []).map((a) => ({
        at,
        action: a.status === 'resolved' ? 'resolve' : 'trigger',
        dedupKey: `${c.path}:${JSON.stringify(a.labels ?? {})}`,
        alertname: a.labels?.alertname ?? '?',
        service: a.labels?.service ?? '',
        team,
        severity: a.labels?.severity ?? '?',
        summary: a.annotations?.summary ?? '',
        ...(a.annotations?.runbook_url ? { runbook: a.annotations.runbook_url } : {}),
      })),
    };
  });
}

/** Alerts Prometheus reports firing that carry `alertname` and every label in `labels`. */
export async function firing(prometheusUrl: string, alertname: string, labels: Record<string, string>): Promise<Alert[]> {
  const alerts = await prometheusClient(prometheusUrl, { timeoutMs: TIMEOUT_MS }).alerts();
  return alerts.filter((a) =>
    a.state === 'firing' && a.labels.alertname === alertname && Object.entries(labels).every(([k, v]) => a.labels[k] === v));
}

/** Throws with a clear message unless Prometheus, Alertmanager and the receiver answer. */
export async function preflight(urls: { prometheus: string; alertmanager: string; pager: string }): Promise<void> {
  const answersOk = async (url: string) => {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  };
  const checks: Array<[string, string, () => Promise<void>]> = [
    ['Prometheus', `${urls.prometheus}/-/ready`, () => prometheusClient(urls.prometheus, { timeoutMs: TIMEOUT_MS }).ready()],
    ['Alertmanager', `${urls.alertmanager}/-/ready`, () => answersOk(`${urls.alertmanager}/-/ready`)],
    ['the PagerDuty receiver', `${urls.pager}/events`, () => answersOk(`${urls.pager}/events`)],
  ];
  for (const [what, url, check] of checks) {
    try {
      await check();
    } catch (error) {
      const detail = error instanceof PrometheusUnreachableError ? error.detail : error instanceof Error ? error.message : String(error);
      throw new Error(`${what} is not reachable at ${url} (${detail}); start the stack with 'npm start' or pass its URL`);
    }
  }
}
