import type { ROLLOUT_EVENTS } from '@zeus/instrumentation/catalog';
import type { UpstreamCandidate, UpstreamState } from './upstreams.js';

/** What the rollout controller asks of the portal's router. */
export type UpstreamAction =
  | { kind: 'status' }
  | { kind: 'set'; service: string; candidate?: UpstreamCandidate | null; weight?: number }
  | { kind: 'event'; service: string; version: string; event: (typeof ROLLOUT_EVENTS)[number] };

/**
 * Reads or changes the portal's upstream routing through its admin API (the same token as
 * fault injection): every upstream's stable address, candidate, weight and routed counts.
 * Throws with the API's message on a non-2xx answer or when the portal cannot be reached.
 */
export async function callUpstreamAdmin(portalAdminUrl: string, token: string, action: UpstreamAction): Promise<Record<string, UpstreamState>> {
  const path = action.kind === 'status' ? '/admin/upstreams'
    : action.kind === 'set' ? `/admin/upstreams/${encodeURIComponent(action.service)}`
    : `/admin/upstreams/${encodeURIComponent(action.service)}/events`;
  const body = action.kind === 'set'
    ? { ...(action.candidate !== undefined ? { candidate: action.candidate } : {}), ...(action.weight !== undefined ? { weight: action.weight } : {}) }
    : action.kind === 'event' ? { version: action.version, event: action.event } : undefined;
  let response: Response;
  try {
    response = await fetch(new URL(path, portalAdminUrl), {
      method: action.kind === 'status' ? 'GET' : action.kind === 'set' ? 'PUT' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
  } catch (error) {
    throw new Error(`portal admin API at ${portalAdminUrl} unreachable (${error instanceof Error ? error.message : String(error)}); is the stack running?`);
  }
  const answer = (await response.json().catch(() => ({}))) as { upstreams?: Record<string, UpstreamState>; error?: string };
  if (!response.ok || !answer.upstreams) throw new Error(`portal admin API at ${portalAdminUrl} answered ${response.status}: ${answer.error ?? 'no detail'}`);
  return answer.upstreams;
}
